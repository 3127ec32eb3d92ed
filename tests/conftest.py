"""Shared test fixtures: the handbook built once, copies of the project to break, and a
real Chromium (the Debian package) driven by Playwright."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHAPTER = "chapters/safeguarding-children-from-sexual-exploitation.md"

sys.path.insert(0, str(REPO))

from bench.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one place for the browser's flags)


def run_handbook(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m handbook ARGS` as an editor would, capturing what it prints; `env`
    adds environment variables (SOURCE_DATE_EPOCH)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    env.pop("HANDBOOK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "handbook", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_output(tmp_path_factory) -> Path:
    """The real handbook built once: OUT/site and OUT/dist."""
    out = tmp_path_factory.mktemp("built")
    result = run_handbook("build", "--site-dir", str(out / "site"), "--dist-dir", str(out / "dist"))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def built_site(built_output) -> Path:
    return built_output / "site"


# What a handbook project is made of: its pages, its data and its earlier editions.
PROJECT_FOLDERS = ("docs", "data", "editions")


def copy_project(destination: Path, *, folders=PROJECT_FOLDERS) -> Path:
    """A copy of the handbook's content at `destination` (only `folders` of it)."""
    for folder in folders:
        shutil.copytree(REPO / folder, destination / folder)
    return destination


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the handbook's content that a test may break."""
    return copy_project(tmp_path / "project")


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


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site served over HTTP on 127.0.0.1; yields its base address."""
    server = StaticServer(built_site)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `make test`, which installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
