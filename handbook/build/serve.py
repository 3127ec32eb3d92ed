"""`python -m handbook serve` (make serve): the site as `make build` makes it, rebuilt after
every edit and reloaded in the browser.

- Strict always: each rebuild is the build of `make build` (checks, macros, strict MkDocs,
  search, offline files), incremental (build/memo.py), so only what the edit can change
  is made again, and the result is what a clean build gives. The PDFs, the offline zip
  and the .gz copies for web servers (this server never sends them) are left to
  `make build`.
- Quick preview: when the edit is to the text of pages only, or to their titles with the
  navigation otherwise unchanged (the rest of their front matter as it was), those pages
  are first made on their own (build/preview.py), in a fraction of a second, and shown
  while the full build runs; the full build's pages then replace them (the same bytes: a
  test compares them), and its other pages show the new titles.
- The last good site keeps being served: a build that fails leaves site/ as it was (the
  build is staged); its `path:line: error:` lines are printed in the terminal and shown
  over the served page until an edit fixes them. A page previewed since then stays as
  previewed (it passed the page's own checks): each page shows its last good version.
- Live reload without an inline script (the pages' Content-Security-Policy forbids them):
  the server adds `<script src="/.handbook-serve/reload.js">` to each HTML page it sends
  (not to the files: site/ stays as `make build` leaves it); the script asks the server,
  by long polling, for the version of its page (raised whenever what the server sends for
  that page changes: a page the edit did not change is not reloaded) and the errors of the
  last build. The offline service worker is not served in preview, so that no page is
  read from a cache made by an earlier build.

The watcher compares the files' sizes and modification times every POLL_SECONDS: docs/,
data/ and editions/ of the project, and the templates (overrides/) and mkdocs.yml. A
change to the engine's own code (handbook/, macros/) needs the server started again.
"""
from __future__ import annotations

import functools
import hashlib
import http.server
import json
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

from handbook.build.memo import engine_version
from handbook.build.offline import SERVICE_WORKER
from handbook.build.preview import LastGoodBuild, quick_preview
from handbook.build.session import BuildInterrupted
from handbook.escaping import attribute as _attribute
from handbook.problems import HandbookError, Problem

POLL_SECONDS = 0.1
RELOAD_PATH = "/.handbook-serve/"
RELOAD_SCRIPT = Path(__file__).with_name("serve_reload.js")
WATCHED_PROJECT_FOLDERS = ("docs", "data", "editions")
WAIT_SECONDS = 25  # a long poll answers at the latest after this
INTERRUPT_CHECK_SECONDS = 0.25  # how often a running build looks for a newer edit


class BuildState:
    """What the server sends and its versions, shared by the builder and the server's
    threads: for each HTML page of the site, the version of what is sent for it (raised
    when that changes), the quick previews shown until their build finishes, and the
    problems of the last build."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.versions: dict[str, int] = {}   # page (file in the site) -> version
        self.served: dict[str, str] = {}     # page -> digest of what is sent for it
        self.previews: dict[str, bytes] = {}  # page -> HTML shown instead of site/'s
        self.problems: list[str] = []
        self.changes = 0  # every event, good or not: a poll waiting on it wakes up

    def _send(self, pages: dict[str, str]) -> None:
        """Pages now sent with these digests (under the lock): versions raised where changed."""
        for page, digest in pages.items():
            if self.served.get(page) != digest:
                self.served[page] = digest
                self.versions[page] = self.changes + 1
        self.changes += 1
        self.condition.notify_all()

    def previewed(self, pages: dict[str, bytes]) -> None:
        with self.condition:
            self.previews.update(pages)
            self._send({page: _digest(html) for page, html in pages.items()})

    def finished(self, problems: list[str], site_pages: dict[str, str] | None) -> None:
        """A build ended: `site_pages` (digests of site/'s pages) when it was good, and then
        its pages replace every preview. When it failed, site/ is unchanged and each page
        stays as last shown: the last good build's, or a later preview that passed the
        page's own checks (the last good version of that page)."""
        with self.condition:
            self.problems = problems
            if site_pages is not None:
                self.previews = {}
                for page in set(self.served) - set(site_pages):
                    del self.served[page]
                self._send(site_pages)
            else:
                self._send({})

    def wait(self, page: str, seen: int, timeout: float) -> dict:
        with self.condition:
            self.condition.wait_for(lambda: self.changes != seen, timeout=timeout)
            return {"version": self.versions.get(page, 0), "changes": self.changes,
                    "problems": self.problems}

    def page(self, page: str) -> tuple[bytes | None, int]:
        with self.condition:
            return self.previews.get(page), self.versions.get(page, 0)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def site_pages(site_dir: Path) -> dict[str, str]:
    """Digest of every HTML file of the site, by its path in the site."""
    site_dir = Path(site_dir)
    return {path.relative_to(site_dir).as_posix(): _digest(path.read_bytes())
            for path in site_dir.rglob("*.html") if path.is_file()}


def snapshot(folders: list[Path], files: list[Path]) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under `folders`, and of `files`."""
    state = {}
    for path in files + [p for folder in folders if folder.is_dir() for p in folder.rglob("*")]:
        try:
            stat = path.stat()
        except OSError:
            continue
        if path.is_file():
            state[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return state


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: BuildState

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        if path.startswith(RELOAD_PATH):
            return self._reload(path[len(RELOAD_PATH):])
        if path.rstrip("/").endswith("/" + SERVICE_WORKER) or path == "/" + SERVICE_WORKER:
            return self.send_error(404, "no offline copy while previewing")
        if path.endswith(".html") or path.endswith("/"):
            return self._page()
        return super().do_GET()

    def _page(self) -> None:
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        try:
            page = file.resolve().relative_to(Path(self.directory).resolve()).as_posix()
        except ValueError:
            return self.send_error(404)
        preview, version = self.state.page(page)
        try:
            html = preview if preview is not None else file.read_bytes()
        except OSError:
            return self.send_error(404)
        # The page's version: the script reloads when the server has something newer for it.
        tag = (f'<script src="{RELOAD_PATH}reload.js" data-page="{_attribute(page)}" '
               f'data-version="{version}"></script>').encode()
        html = html.replace(b"</body>", tag + b"</body>", 1)
        self._send(200, "text/html; charset=utf-8", html)

    def _reload(self, name: str) -> None:
        if name == "reload.js":
            return self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.read_bytes())
        if name.startswith("state"):
            query = parse_qs(self.path.partition("?")[2])
            seen = query.get("seen", [""])[0]
            page = query.get("page", [""])[0]
            answer = self.state.wait(page, int(seen) if seen.isdigit() else -1, WAIT_SECONDS)
            return self._send(200, "application/json", json.dumps(answer).encode())
        self.send_error(404)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a browser leaving a long poll early


def serve(project: Path, site_dir: Path, host: str, port: int, *, config_file: Path | None = None,
          on_build=None, stop: threading.Event | None = None) -> int:
    """Build, serve `site_dir` on host:port, and rebuild after every edit until `stop` is
    set (or Ctrl+C). `on_build(seconds, problems)` is told about each build."""
    from handbook.build.site import CONFIG, build_site

    config_file = config_file or CONFIG
    project = Path(project).resolve()
    state = BuildState()
    stop = stop or threading.Event()
    last: LastGoodBuild | None = None
    at_last_good: dict[str, tuple[int, int]] = {}  # the watched files when it started

    def preview(now: dict[str, tuple[int, int]]) -> None:
        if last is None:
            return
        started = time.monotonic()
        changed = [Path(name) for name in set(now) | set(at_last_good) if now.get(name) != at_last_good.get(name)]
        try:
            pages = quick_preview(project, last, changed)
        except Exception:  # noqa: BLE001 - a preview is only a head start: the build says what is wrong
            pages = None
        if pages:
            state.previewed(pages)
            print(f"previewed {', '.join(sorted(pages))} in {time.monotonic() - started:.2f} s; "
                  "building the site", file=sys.stderr, flush=True)

    def newer_edit(now: dict[str, tuple[int, int]]):
        """Whether the files changed again since `now` (looked at every few tenths of a
        second): a build of `now` would then be out of date before it is finished."""
        checked = [time.monotonic()]

        def changed() -> bool:
            if time.monotonic() - checked[0] < INTERRUPT_CHECK_SECONDS:
                return False
            checked[0] = time.monotonic()
            return snapshot(watched_folders, watched_files) != now
        return changed

    def build(now: dict[str, tuple[int, int]]) -> None:
        nonlocal last, at_last_good
        started = time.monotonic()
        engine_version.cache_clear()  # the templates may have changed
        keep: dict = {}
        try:
            handbook = build_site(project, site_dir, None, config_file=config_file, keep=keep,
                                  interrupted=newer_edit(now), compressed_copies=False)
            problems: list[Problem] = []
            last, at_last_good = LastGoodBuild(handbook, keep["mkdocs"]), now
        except BuildInterrupted:
            print(f"build stopped after {time.monotonic() - started:.2f} s: the files changed again",
                  file=sys.stderr, flush=True)
            return  # the loop builds the newer state next
        except HandbookError as exc:
            problems = sorted(exc.problems, key=Problem.sort_key)
        seconds = time.monotonic() - started
        lines = [str(problem) for problem in problems]
        for line in lines:
            print(line, file=sys.stderr, flush=True)
        print(f"{'built' if not lines else 'not built (the last good site is served)'} "
              f"in {seconds:.2f} s", file=sys.stderr, flush=True)
        state.finished(lines, None if lines else site_pages(site_dir))
        if on_build:
            on_build(seconds, lines)

    watched_folders = [project / name for name in WATCHED_PROJECT_FOLDERS]
    watched_folders.append(Path(config_file).parent / "overrides")  # the templates
    watched_files = [Path(config_file)]
    seen = snapshot(watched_folders, watched_files)
    build(seen)

    handler = functools.partial(_Handler, directory=str(Path(site_dir).resolve()))
    _Handler.state = state
    server = _Server((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving http://{host}:{server.server_port}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        while not stop.wait(POLL_SECONDS):
            now = snapshot(watched_folders, watched_files)
            if now != seen:  # taken before the build: an edit made during it is seen next time
                seen = now
                preview(now)
                build(now)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
