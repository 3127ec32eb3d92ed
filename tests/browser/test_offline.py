"""Reading with no network, in the system Chromium: the offline zip from file://, the
installable copy saved by the service worker, and the phone layout."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.support import CHAPTER, StaticServer, run_handbook
from tests.support.searching import headings, search

CHAPTER_HTML = CHAPTER.replace(".md", ".html")
EDITION = "29 November 2026 edition"


def all_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")


def watch(page):
    """Record every request and every console error of a page."""
    seen = {"requests": [], "errors": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("console", lambda message: message.type == "error" and seen["errors"].append(message.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    return seen


@pytest.fixture(scope="module")
def unzipped(built_output, tmp_path_factory) -> Path:
    (archive,) = (built_output / "dist").glob("*-offline.zip")
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(target)
    (folder,) = target.iterdir()
    return folder


def test_offline_zip_works_from_file_with_no_network(browser, unzipped):
    context = browser.new_context(offline=True)
    context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    page = context.new_page()
    seen = watch(page)
    page.goto((unzipped / "index.html").as_uri())
    expect(page.locator("#hb-offline-banner")).to_contain_text("Downloaded copy of the " + EDITION)
    # Navigate as a reader does, through the navigation.
    page.locator(".md-nav__link", has_text="Indicators at a glance").first.click()
    expect(page).to_have_url(re.compile(r"indicators\.html$"))
    expect(page.locator("h1")).to_contain_text("Indicators at a glance")
    results = search(page, "missing")
    assert any("7. Children and Young People who go Missing" in headings(r) for r in results[:3])
    context.close()
    assert all(url.startswith("file://") for url in seen["requests"]), seen["requests"]
    assert seen["errors"] == []


def test_every_page_of_the_zip_loads_only_local_files_without_errors(browser, unzipped):
    context = browser.new_context(offline=True)
    page = context.new_page()
    seen = watch(page)
    for path in all_pages(unzipped):
        page.goto((unzipped / path).as_uri())
    context.close()
    assert {urlsplit(url).scheme for url in seen["requests"]} == {"file"}
    assert seen["errors"] == []


def wait_until_saved(page):
    """The service worker has saved the handbook and controls the page."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
                           timeout=30_000)
    return page.evaluate("caches.keys()")


def test_installed_copy_reads_and_searches_offline_after_one_visit(browser, built_site, site_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server + "contacts.html")
    assert len(wait_until_saved(page)) == 1
    expect(page.locator("#hb-offline-banner")).to_have_count(0)

    context.set_offline(True)
    for path in ["index.html", CHAPTER_HTML, "indicators.html", "glossary.html", "amendments.html"]:
        page.goto(site_server + path)
        expect(page.locator("h1")).not_to_have_count(0)
        expect(page.locator("#hb-offline-banner")).to_be_visible()
        expect(page.locator("#hb-offline-banner")).to_contain_text(f"Saved copy of the {EDITION}")
    assert "Protection and Action" in page.goto(site_server + CHAPTER_HTML).text()
    results = search(page, "missing")
    assert any("7. Children and Young People who go Missing" in headings(r) for r in results[:3])

    context.set_offline(False)
    expect(page.locator("#hb-offline-banner")).to_be_hidden()
    context.close()


def test_a_new_edition_replaces_the_saved_copy(browser, project_copy, tmp_path):
    site = tmp_path / "served"
    build = lambda: run_handbook("--project", str(project_copy), "build", "--site-dir", str(site),
                                 "--dist-dir", str(tmp_path / "dist"))
    assert build().returncode == 0
    server = StaticServer(site)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + CHAPTER_HTML)
        (old_cache,) = wait_until_saved(page)

        chapter = project_copy / "docs" / CHAPTER
        old = "Assessments should adopt a 'whole child' approach"
        chapter.write_text(chapter.read_text().replace(old, "Assessments must always adopt a 'whole child' approach"))
        assert build().returncode == 0

        page.goto(server.url + CHAPTER_HTML)
        expect(page.locator("article")).to_contain_text("Assessments must always adopt")
        page.wait_for_function(f"() => caches.keys().then(keys => keys.length === 1 && keys[0] !== {old_cache!r})",
                               timeout=30_000, polling=500)
        context.set_offline(True)
        page.goto(server.url + CHAPTER_HTML)
        expect(page.locator("article")).to_contain_text("Assessments must always adopt")
        context.close()
    finally:
        server.stop()


NOT_SAVED_TITLE = "Not saved for reading offline"


def styled(page) -> bool:
    """The page's own stylesheets loaded (Material's header is sticky only with them)."""
    return page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"


def test_offline_every_link_of_the_chapter_gets_an_honest_answer(browser, built_site, tmp_path):
    """With the server gone, not only the browser set offline: each address the chapter links
    to is its saved page, a PDF opened once with a network, or the styled 'not saved' page
    with the offline banner - never another page shown at the wrong address, unstyled."""
    site = shutil.copytree(built_site, tmp_path / "site")
    server = StaticServer(site)
    running = True
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + CHAPTER_HTML)
        wait_until_saved(page)
        pdf = page.locator(".hb-pdf-link a").evaluate("a => a.href")
        assert page.evaluate("url => fetch(url).then(r => r.status)", pdf) == 200  # opened once
        links = sorted(set(page.eval_on_selector_all(
            "article a[href]", "els => els.map(a => a.href.split('#')[0])")))
        ours = [url for url in links if url.startswith(server.url) and not url.endswith(".pdf")]
        assert any("/editions/" in url for url in ours) and len(ours) > 5
        server.stop()
        running = False

        assert page.evaluate("url => fetch(url).then(r => [r.status, r.headers.get('Content-Type')])", pdf) \
            == [200, "application/pdf"]
        never_saved = server.url + "chapters/no-such-page.html"
        for url in [*ours, never_saved]:
            page.goto(url)
            expect(page.locator("#hb-offline-banner")).to_be_visible()
            assert styled(page), url
            heading = page.locator("article h1").first.text_content()
            if "/editions/" in url or url == never_saved:
                assert heading.strip() == NOT_SAVED_TITLE, url
                expect(page.locator("article a", has_text="Go to the Home page")).to_have_count(1)
            else:
                assert heading.strip() != NOT_SAVED_TITLE, url
        context.close()
    finally:
        if running:
            server.stop()


def test_no_page_scrolls_sideways_at_320_pixels(browser, built_site, site_server):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    wide = []
    for path in all_pages(built_site):
        page.goto(site_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width != 320:
            wide.append((path, width))
    page.close()
    assert wide == []


def test_wide_tables_scroll_in_their_own_box_with_a_cue(browser, site_server):
    """Above the width where tables become cards (tests/browser/test_phone.py), a table wider
    than the text column scrolls in its own box, never the page."""
    page = browser.new_page(viewport={"width": 760, "height": 640})
    page.goto(site_server + "consent-and-the-law.html")
    table = page.locator(".md-typeset__table").first
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 760
    # The cue: a wrapper that says it scrolls, visible only when the table is wider.
    overflow = page.evaluate("""() => { const w = document.querySelector('.md-typeset__scrollwrap');
        return getComputedStyle(w).overflowX; }""")
    assert overflow in ("auto", "scroll")
    page.close()


def test_controls_are_big_enough_to_tap(browser, site_server):
    page = browser.new_page(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    page.goto(site_server + CHAPTER_HTML)
    small = page.evaluate("""() => [...document.querySelectorAll(
        'header a, header label, header button, .md-header__button, .md-nav__link, .md-footer a, .md-top')]
        .filter(el => el.checkVisibility({opacityProperty: true, visibilityProperty: true}))
        // Text for screen readers only (hb-visually-hidden: the forms' submit buttons) is
        // clipped to nothing: no finger can reach it, so it is no target.
        .filter(el => getComputedStyle(el).clipPath !== 'inset(50%)')
        .map(el => [el.className || el.tagName, el.getBoundingClientRect()])
        .filter(([, r]) => r.width > 0 && (r.width < 24 || r.height < 24))
        .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)""")
    page.close()
    assert small == []


def test_web_manifest_has_a_maskable_icon_that_exists(built_site):
    import json

    manifest = json.loads((built_site / "site.webmanifest").read_text(encoding="utf-8"))
    assert manifest["short_name"] == "Bedfordshire" and len(manifest["short_name"]) <= 12  # not cut on phones
    maskable = [icon for icon in manifest["icons"] if "maskable" in icon["purpose"].split()]
    assert {icon["sizes"] for icon in maskable} >= {"512x512"}
    for icon in manifest["icons"]:
        assert (built_site / icon["src"]).is_file(), icon
