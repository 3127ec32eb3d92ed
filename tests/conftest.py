"""Shared test fixtures: the handbook built once, copies of the project to break, and a
real Chromium (the Debian package) driven by Playwright. Plain helpers are in tests/support."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.chromium import CHROMIUM, CHROMIUM_ARGS  # one place for the browser's flags
from tests.support import StaticServer, copy_project, run_handbook


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


@pytest.fixture
def memo(tmp_path, monkeypatch):
    """An empty build memo (handbook/build/memo.py) in a project folder of the test's own,
    signed with a key of the test's own."""
    from handbook.build import memo as memo_module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    memo_module.signing_key.cache_clear()
    yield memo_module.BuildMemo.for_project(tmp_path / "project")
    memo_module.signing_key.cache_clear()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the handbook's content that a test may break."""
    return copy_project(tmp_path / "project")


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
