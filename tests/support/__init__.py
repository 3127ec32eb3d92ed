"""What the tests share: where the repository is, running the handbook's command as an
editor would, copies of the project to break, and a small static web server. The pytest
fixtures built on these are in tests/conftest.py."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from handbook import REPOSITORY as REPO

CHAPTER = "chapters/safeguarding-children-from-sexual-exploitation.md"


def run_handbook(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m handbook ARGS` as an editor would, capturing what it prints; `env`
    adds environment variables (SOURCE_DATE_EPOCH)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    env.pop("HANDBOOK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "handbook", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)

# What a handbook project is made of: its pages, its data and its earlier editions.
PROJECT_FOLDERS = ("docs", "data", "editions")


def copy_project(destination: Path, *, folders=PROJECT_FOLDERS) -> Path:
    """A copy of the handbook's content at `destination` (only `folders` of it)."""
    for folder in folders:
        shutil.copytree(REPO / folder, destination / folder)
    return destination


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a browser closing a connection early is not a test failure


class StaticServer:
    """A folder served over HTTP on 127.0.0.1 (a port of its own), for as long as needed."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def written(path: Path, content: bytes | str):
    """`path` holds `content` (text is written as UTF-8) while the block runs, then what it
    held before (or nothing, if it did not exist)."""
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    try:
        yield
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
