"""The handbook in a real Chromium (Debian package), as a practitioner reads it."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.support import CHAPTER

CHAPTER_HTML = CHAPTER.replace(".md", ".html")
PHONE = {"width": 360, "height": 640}


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_home_answers_what_to_do_on_the_first_screen_of_a_phone(phone_page, site_server):
    phone_page.goto(site_server + "index.html")
    heading = phone_page.get_by_role("heading", level=1)
    assert heading.inner_text().startswith("I am worried about a child: what do I do now?")
    instruction = phone_page.get_by_text("they should contact Children's Social Care", exact=False)
    box = instruction.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], box
    emergency = phone_page.get_by_role("link", name="999").first
    assert emergency.bounding_box()["y"] < PHONE["height"]


def test_every_page_loads_only_from_its_own_origin_without_console_errors(browser, site_server, built_site):
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        page.goto(site_server + path, wait_until="networkidle")
    page.close()
    own = urlsplit(site_server).netloc
    foreign = sorted({url for url in requests if urlsplit(url).netloc != own and not url.startswith("data:")})
    assert foreign == []
    assert [e for e in errors if "404" not in e] == [] and len(requests) > len(pages)


def test_indicator_links_go_to_the_same_row_on_the_other_page(browser, site_server):
    page = browser.new_page()
    page.goto(site_server + CHAPTER_HTML)
    row = page.locator("tr", has=page.locator("#indicators-going-missing"))
    row.get_by_role("link", name="At a glance").click()
    page.wait_for_url("**/indicators.html#indicators-going-missing")
    back = page.locator("tr", has=page.locator("#indicators-going-missing"))
    expect(back).to_be_in_viewport()
    assert "Going missing" in back.inner_text()
    back.get_by_role("link", name="In the chapter").click()
    page.wait_for_url(f"**/{CHAPTER_HTML}#indicators-going-missing")
    expect(row).to_be_in_viewport()
    page.close()


def test_abbreviations_explain_themselves(browser, site_server):
    page = browser.new_page()
    page.goto(site_server + CHAPTER_HTML)
    assert page.locator("abbr", has_text="CPS").first.get_attribute("title") == "Crown Prosecution Service"
    page.close()
