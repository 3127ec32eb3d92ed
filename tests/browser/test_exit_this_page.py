"""'Exit this page', as a reader at risk uses it, in Chromium."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support import CHAPTER

CHAPTER_HTML = CHAPTER.replace(".md", ".html")
NEUTRAL = re.compile(r"^https://www\.bbc\.co\.uk/weather")


@pytest.fixture
def page(browser):
    context = browser.new_context()
    # The neutral site stands in locally: nothing leaves this machine.
    context.route(NEUTRAL, lambda route: route.fulfill(
        body="<!doctype html><title>Weather</title><p>Neutral page</p>", content_type="text/html"))
    page = context.new_page()
    yield page
    context.close()


def test_button_on_every_page_leaves_at_once(page, site_server, built_site):
    for path in ["index.html", CHAPTER_HTML, "glossary.html"]:
        page.goto(site_server + path)
        button = page.get_by_role("link", name=re.compile("^Exit this page"))
        expect(button).to_be_visible()
        assert button.get_attribute("rel") == "nofollow noreferrer"
    button.click()
    expect(page).to_have_url(NEUTRAL)
    expect(page.locator("p")).to_have_text("Neutral page")


def test_three_shift_presses_leave_with_progress_shown_and_announced(page, site_server):
    page.goto(site_server + CHAPTER_HTML)
    status = page.locator("[data-hb-exit-status]")
    page.keyboard.press("Shift")
    expect(page.locator(".hb-exit__dot--on")).to_have_count(1)
    expect(status).to_have_text("Shift, press 2 more times to exit.")
    page.keyboard.press("Shift")
    expect(page.locator(".hb-exit__dot--on")).to_have_count(2)
    expect(status).to_have_text("Shift, press 1 more time to exit.")
    page.keyboard.press("Shift")
    expect(page).to_have_url(NEUTRAL)


def test_two_presses_then_a_wait_do_not_leave(page, site_server):
    page.clock.install()
    page.goto(site_server + CHAPTER_HTML)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(5_100)
    expect(page.locator("[data-hb-exit-status]")).to_have_text("Exit this page expired.")
    expect(page.locator(".hb-exit__dot--on")).to_have_count(0)
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.endswith(CHAPTER_HTML)


def test_shift_used_with_a_letter_does_not_count(page, site_server):
    page.goto(site_server + CHAPTER_HTML)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.endswith(CHAPTER_HTML)
    expect(page.locator(".hb-exit__dot--on")).to_have_count(2)


def test_going_back_after_leaving_does_not_show_the_guidance(page, site_server):
    page.goto(site_server + "index.html")
    page.goto(site_server + CHAPTER_HTML)
    page.get_by_role("link", name=re.compile("^Exit this page")).click()
    expect(page).to_have_url(NEUTRAL)
    page.go_back()
    # The page behind is a handbook page: it must hide itself and leave again.
    expect(page).to_have_url(NEUTRAL)
    assert "Children's Social Care" not in page.content()


def test_reading_on_after_a_deliberate_return(page, site_server):
    page.goto(site_server + CHAPTER_HTML)
    page.get_by_role("link", name=re.compile("^Exit this page")).click()
    expect(page).to_have_url(NEUTRAL)
    page.goto(site_server + "index.html")
    expect(page.locator("h1")).to_contain_text("I am worried about a child")


def test_leaves_the_offline_zip_too_even_with_no_network(browser, built_output, tmp_path):
    import zipfile

    (archive,) = (built_output / "dist").glob("*-offline.zip")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path)
    (folder,) = tmp_path.iterdir()
    context = browser.new_context(offline=True)
    context.route(NEUTRAL, lambda route: route.abort())
    page = context.new_page()
    page.goto((folder / CHAPTER_HTML).as_uri())
    page.get_by_role("link", name=re.compile("^Exit this page")).click()
    page.wait_for_timeout(500)
    assert not page.url.endswith(CHAPTER_HTML) or page.evaluate(
        "document.documentElement.classList.contains('hb-exiting')")
    assert not page.get_by_text("Protection and Action to be Taken").first.is_visible()
    context.close()
