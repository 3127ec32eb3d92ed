"""`python -m handbook serve` (make serve) in real Chromium: an edit shows in the open page
by itself; a mistake is shown over the page as the build's `path:line: error:` line while
the last good site stays on screen; fixing it brings the page back; and the live reload
breaks no rule of the pages' Content-Security-Policy."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.support import CHAPTER, REPO, copy_project

ADDED = "A sentence the serve test added while the page was open."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "handbook", "--project", str(project), "serve",
                               "--port", str(port)], cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                              env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                                   "SOURCE_DATE_EPOCH": "1700000000"})
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 300
    while True:
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
        try:
            urllib.request.urlopen(base + "index.html", timeout=5).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.3)
    yield project, base, tmp_path / "serve.log"
    server.terminate()
    server.wait(timeout=30)
    log.close()


def test_an_edit_shows_and_a_mistake_is_shown_over_the_last_good_page(browser, served):
    project, base, log = served
    page = browser.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(base + CHAPTER.removesuffix(".md") + ".html", wait_until="load")
    chapter = project / "docs" / CHAPTER
    original = chapter.read_text(encoding="utf-8")

    chapter.write_text(original + f"\n{ADDED}\n", encoding="utf-8")
    page.wait_for_function("text => !!document.body && document.body.innerText.includes(text)", arg=ADDED, timeout=120_000)

    chapter.write_text(original + f"\n{ADDED}\n\n{{{{ no_such_macro() }}}}\n", encoding="utf-8")
    alert = page.get_by_role("alert").filter(has_text="unknown macro 'no_such_macro'")
    alert.wait_for(timeout=120_000)
    shown = alert.inner_text()
    line = len((original + f"\n{ADDED}\n\n").splitlines()) + 1
    assert f"docs/{CHAPTER}:{line}: error: unknown macro 'no_such_macro'" in shown
    assert ADDED in page.inner_text("article")  # the last good page is still there
    assert f"docs/{CHAPTER}:{line}: error:" in log.read_text(encoding="utf-8")  # and in the terminal

    chapter.write_text(original, encoding="utf-8")
    page.wait_for_function("text => !!document.body && !document.body.innerText.includes(text)", arg=ADDED, timeout=120_000)
    assert page.get_by_role("alert").filter(has_text="unknown macro").count() == 0
    assert refused == []
    page.close()


def test_a_text_edit_is_previewed_and_only_the_pages_it_changes_reload(browser, served):
    """An edit to a chapter's text is shown from the quick preview, before the full build
    ends; a page the edit does not change (Contacts) is not reloaded by either."""
    project, base, log = served
    chapter_page, contacts = browser.new_page(), browser.new_page()
    chapter_page.goto(base + CHAPTER.removesuffix(".md") + ".html", wait_until="load")
    contacts.goto(base + "contacts.html", wait_until="load")
    contacts.evaluate("() => { window.hbNotReloaded = true; }")
    chapter = project / "docs" / CHAPTER
    builds = log.read_text(encoding="utf-8").count("\nbuilt in ")

    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("\n## 8. Protection and Action", f"\n{ADDED}\n\n## 8. Protection and Action", 1),
                       encoding="utf-8")
    chapter_page.wait_for_function("text => !!document.body && document.body.innerText.includes(text)",
                                   arg=ADDED, timeout=120_000)
    deadline = time.monotonic() + 120
    while log.read_text(encoding="utf-8").count("\nbuilt in ") == builds:
        assert time.monotonic() < deadline, "the build after the edit did not finish"
        time.sleep(0.2)
    printed = log.read_text(encoding="utf-8")
    assert f"previewed {CHAPTER.removesuffix('.md')}.html in " in printed
    assert printed.index("previewed ") < printed.rindex("\nbuilt in ")
    time.sleep(1)  # a reload, had there been one, would have had time to start
    assert contacts.evaluate("() => window.hbNotReloaded === true")
    assert ADDED in chapter_page.inner_text("article")
    chapter_page.close()
    contacts.close()
