"""Reading with no network: the installable copy (web app manifest and service worker)
and the offline zip that works from file://.

The service worker's logic is a static file (overrides/assets/javascripts/
offline/service-worker.js); the build writes the small `sw.js` at the site's root that
gives it the list of files to save and a version that changes whenever any of them
changes, so that a new edition replaces the saved copy at the next online visit.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from handbook.build.compression import deflate_stream
from handbook.build.processes import cores
from handbook.build.staging import files_under, write_staged
from handbook.build.zip_writer import ZipWriter, deflate
from handbook.digests import digest

SERVICE_WORKER = "sw.js"
# The page the service worker shows, offline, for an address it has not saved.
NOT_SAVED_PAGE = "offline.md"
WEB_MANIFEST = "site.webmanifest"
WORKER_LOGIC = "assets/javascripts/offline/service-worker.js"
THEME_COLOUR = "#3f51b5"  # Material's indigo, the palette's primary colour

# Saved for reading offline: pages and what they load, and the search index. Not saved:
# source maps, sitemaps, PDFs and zips (large; fetched when asked for).
_NOT_SAVED = re.compile(r"(\.map|\.gz|\.pdf|\.zip|sitemap\.xml)$|^(sw\.js|editions/)")


def not_saved_page(handbook) -> str:
    """The markdown of the page shown offline for an address that is not saved on the device:
    says so plainly, and links Home and every page that is saved (all current pages)."""
    from handbook.addresses import relative_link
    from handbook.escaping import text

    front = {"title": "Not saved for reading offline", "render_macros": False, "search": {"exclude": True},
             "description": "This device is offline and the page asked for was not saved on it."}
    saved = sorted(handbook.pages.values(), key=lambda page: (not page.is_chapter, page.src != "index.md",
                                                             page.meta.title.lower()))
    lines = ["You are offline, and the page you asked for is not saved on this device. Chapter PDFs "
             "are saved once you have opened them with a network; earlier editions are not saved.",
             "", f"[Go to the Home page]({relative_link(NOT_SAVED_PAGE, 'index.md')}). These pages are "
             "saved and can be read now:", ""]
    lines += [f"- [{text(page.meta.title)}]({relative_link(NOT_SAVED_PAGE, page.src)})" for page in saved]
    return f"---\n{json.dumps(front)}\n---\n\n" + "\n".join(lines) + "\n"


def write_web_manifest(site_dir: Path, *, name: str, short_name: str, language: str) -> None:
    manifest = {
        "name": name,
        "short_name": short_name,
        "lang": language,
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        # The icons are full-bleed with the book inside the central safe zone, so the same
        # files serve as maskable icons (cut to a circle or rounded square on phones).
        "icons": [
            {"src": f"assets/images/handbook-icon-{size}.png", "sizes": f"{size}x{size}",
             "type": "image/png", "purpose": purpose}
            for purpose in ("any", "maskable") for size in (192, 512)
        ],
    }
    write_staged(site_dir / WEB_MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())


def saved_files(site_dir: Path) -> list[str]:
    return [relative for relative in files_under(site_dir)
            if not _NOT_SAVED.search(relative) and posixpath.basename(relative) != "404.html"]


def write_service_worker(site_dir: Path) -> None:
    """Write sw.js: the files to save, and a version that is a digest of their contents."""
    files = saved_files(site_dir)
    digest = hashlib.sha256()
    for relative in files:
        digest.update(relative.encode())
        digest.update(hashlib.sha256((site_dir / relative).read_bytes()).digest())
    version = digest.hexdigest()[:16]
    body = (
        "// Written by the build (handbook/build/offline.py): the files saved for offline reading\n"
        "// and their version. The logic is in the imported file.\n"
        f"self.HANDBOOK_VERSION = {json.dumps(version)};\n"
        f"self.HANDBOOK_FILES = {json.dumps(files, indent=0)};\n"
        f"importScripts({json.dumps(WORKER_LOGIC)});\n"
    )
    write_staged(site_dir / SERVICE_WORKER, body.encode())


DEFLATED = "deflate"  # the memo's name for a file's raw deflate stream, by its bytes' digest


def _deflated_in_gzip_copy(path: Path, data: bytes) -> bytes | None:
    """The raw deflate stream of `data` from its .gz copy (written by build/compression.py
    at the zip's level, 6); None if there is no copy, or it is not of these bytes."""
    try:
        member = path.with_name(path.name + ".gz").read_bytes()
    except OSError:
        return None
    return deflate_stream(member, data)


def write_offline_zip(site_dir: Path, zip_path: Path, folder: str, built: dt.datetime, memo=None) -> Path:
    """Zip the built site under one folder, with fixed timestamps so that the same build
    gives the same bytes. Written under a temporary name of its own beside the target and
    renamed, so a failure never leaves half a zip and two writers never share a file.
    With `memo` (build.memo.BuildMemo), a file an earlier build compressed is not
    compressed again; the others are compressed on every core."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    stamp = max(built.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # the oldest date a zip can hold
    listed = files_under(site_dir)
    with_copy = {relative.removesuffix(".gz") for relative in listed if relative.endswith(".gz")}
    files = [relative for relative in listed if not relative.endswith((".map", ".zip", ".gz"))]

    def deflated_afresh(relative: str) -> bytes:
        data = (site_dir / relative).read_bytes()
        key = memo and digest(data)
        deflated = memo.get(DEFLATED, key) if memo else None
        if deflated is None:
            deflated = deflate(data)
            if memo:
                memo.put(DEFLATED, key, deflated)
        return deflated

    # Most files have a .gz copy beside them holding the very stream a zip entry needs: they
    # are read one after the other (threads would only take turns); the others are
    # deflated (or looked up) on every core meanwhile, as zlib lets go of Python's lock.
    handle, partial = tempfile.mkstemp(prefix=f".{zip_path.name}-", suffix=".partial", dir=zip_path.parent)
    try:
        with os.fdopen(handle, "wb") as file, ThreadPoolExecutor(max_workers=cores()) as pool:
            archive = ZipWriter(file, stamp)
            pending = {relative: pool.submit(deflated_afresh, relative)
                       for relative in files if relative not in with_copy}
            for relative in files:
                path = site_dir / relative
                data = path.read_bytes()
                deflated = None if relative in pending else _deflated_in_gzip_copy(path, data)
                if deflated is None:
                    deflated = pending[relative].result() if relative in pending else deflated_afresh(relative)
                archive.add(f"{folder}/{relative}", data, deflated)
            archive.close()
        os.chmod(partial, 0o644)  # mkstemp's 0600 would hide the zip from a web server
        os.replace(partial, zip_path)
    finally:
        Path(partial).unlink(missing_ok=True)
    return zip_path
