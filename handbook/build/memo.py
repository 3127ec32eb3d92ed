"""What a build may reuse from the builds before it: results of the expensive steps (a page's
markdown turned into HTML, a page put into the theme, a built page read for search, a file
compressed), each stored under a digest of *every* input of the step.

An incremental build is a clean build that looks each step up before doing it: a step whose
inputs are the same as in an earlier build gives the bytes that build gave, and any input
not in the digest is an input the step cannot have (the engine's own code, the templates,
mkdocs.yml and the packages' versions are part of every digest). So the incremental result
is the clean result by construction; `tests/site/test_incremental.py` checks it byte for
byte after each kind of edit. A step that warned is not stored: it runs again, and warns
again, next time (strict builds stop on warnings).

The cache is `.handbook-cache/` in the project (gitignored); deleting it only makes the
next build a full one. After a successful build, entries that build did not use are
removed, so the cache holds one build's worth of results.

Entries are pickles, and reading a pickle can run code: each entry is therefore signed
(HMAC-SHA256) with a key kept outside the project, in the user's cache folder, that this
machine made. An entry that was not written here (committed to the repository, copied in
with a zip of someone's project, damaged) fails the check and is simply not used.
"""
from __future__ import annotations

import hashlib
import hmac
import importlib.metadata
import os
import pickle
import secrets
import shutil
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

from handbook import REPOSITORY
from handbook.digests import digest

CACHE_FOLDER = ".handbook-cache"
# Bumped when what is stored changes shape: entries of another format are never read.
FORMAT = "1"
# The packages whose code makes the HTML: their versions are part of every digest.
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
            "mkdocs-macros-plugin", "markupsafe", "snowballstemmer",
            "pyyaml", "pydantic",  # front matter and data as parsed (and kept) by the build
            "tinycss2")  # Material's stylesheet as parsed and written (macros/material_stylesheet.py)
ENGINE_FOLDERS = ("handbook", "macros", "overrides")
SIGNATURE_BYTES = hashlib.sha256().digest_size


@cache
def signing_key() -> bytes | None:
    """This machine's key for signing cache entries, made on first use; None when it cannot
    be kept (no cache is then used at all). It lives outside every project on purpose."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = home / "safeguarding-handbook" / "build-cache.key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(32))
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def _signature(key: bytes, name: str, data: bytes | memoryview) -> bytes:
    signature = hmac.new(key, name.encode() + b"\0", hashlib.sha256)
    signature.update(data)
    return signature.digest()


@cache
def engine_version() -> str:
    """A digest of everything in this checkout that turns content into a site: the engine
    (handbook/), the MkDocs side (macros/), the templates and assets (overrides/), and the
    versions of the packages doing the work. Any change to any of them misses every entry."""
    parts: list[str | bytes] = [FORMAT]
    for package in PACKAGES:
        try:
            parts.append(f"{package}=={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{package} missing")
    for folder in ENGINE_FOLDERS:
        for path in sorted((REPOSITORY / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [path.relative_to(REPOSITORY).as_posix(), path.read_bytes()]
    return digest(*parts)


class BuildMemo:
    """Results of build steps under `folder`, one file per result, named by the digest of
    the step's inputs (with the engine's version added). `used` collects what this build
    looked up or stored, so that `prune` can keep only that."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        # Entries by the path as a string: a build looks up thousands, and Path objects made
        # and hashed for each took a tenth of the lookups' time.
        self._root = os.fspath(self.folder)
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.missed: Counter = Counter()  # by kind of step: how many were done afresh

    @classmethod
    def for_project(cls, project: Path) -> BuildMemo:
        return cls(Path(project) / CACHE_FOLDER)

    def _path(self, kind: str, key: str) -> str:
        name = digest(engine_version(), kind, key)
        return f"{self._root}/{kind}/{name[:2]}/{name}"

    def holds(self, kind: str) -> bool:
        """Whether the memo has any entry of step `kind` (from this engine or another)."""
        folder = self.folder / kind
        return folder.is_dir() and any(shard.is_dir() and any(shard.iterdir()) for shard in folder.iterdir())

    def get(self, kind: str, key: str):
        """The stored result of step `kind` for inputs `key` (a digest), or None."""
        path = self._path(kind, key)
        self.used.add(path)
        signing = signing_key()
        if signing is None:
            return self._missed(kind)
        try:
            with open(path, "rb") as file:
                stored = file.read()
        except OSError:
            return self._missed(kind)
        # A view, not a copy: entries run to 100 KB, and a build reads thousands.
        signature, data = stored[:SIGNATURE_BYTES], memoryview(stored)[SIGNATURE_BYTES:]
        if not hmac.compare_digest(signature, _signature(signing, os.path.basename(path), data)):
            return self._missed(kind)  # not written by this machine's builds: never unpickled
        try:
            value = pickle.loads(data)
        except Exception:  # an entry of a build killed mid-way: do the step again
            return self._missed(kind)
        self.hits += 1
        return value

    def keep(self, kind: str, key: str) -> None:
        """Keep the entry for `kind` and `key` (if there is one) after this build without
        reading it: a later build may need it."""
        self.used.add(self._path(kind, key))

    def counted(self, kind: str, key: str, *, fresh: bool) -> None:
        """Count and keep an entry another process of this build looked up (found, or
        `fresh`: made and stored), as if this process had."""
        self.keep(kind, key)
        if fresh:
            self._missed(kind)
        else:
            self.hits += 1

    def stale(self, kind: str) -> None:
        """Note that an entry found for `kind` could not be used (what it read has changed)."""
        self._missed(kind)
        self.hits -= 1

    def _missed(self, kind: str) -> None:
        self.misses += 1
        self.missed[kind] += 1

    def put(self, kind: str, key: str, value) -> None:
        path = self._path(kind, key)
        self.used.add(path)
        signing = signing_key()
        if signing is None:
            return
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            folder, name = os.path.split(path)
            os.makedirs(folder, exist_ok=True)
            # Written aside and renamed: a killed build never leaves half an entry.
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
            with os.fdopen(handle, "wb") as out:
                out.write(_signature(signing, name, data) + data)
            os.replace(temporary, path)
        except OSError:
            pass  # no cache is only a slower build

    def prune(self) -> None:
        """Remove every entry this build did not use (after a successful build)."""
        if not self.folder.is_dir():
            return
        used = self.used  # paths as os.scandir gives them (see _path)
        for kind in os.scandir(self._root):
            if not kind.is_dir(follow_symlinks=False):
                continue
            for shard in os.scandir(kind.path):
                for entry in os.scandir(shard.path) if shard.is_dir(follow_symlinks=False) else ():
                    if entry.path not in used:
                        Path(entry.path).unlink(missing_ok=True)

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
