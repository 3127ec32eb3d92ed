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
    """Each indicator's words lead to the same indicator on the other page, which lands in
    view below the header bar and highlighted, and back again."""
    page = browser.new_page()
    page.goto(site_server + CHAPTER_HTML)

    def row(anchor):
        return page.locator("tr", has=page.locator(f"#{anchor}"))

    def clear_of_the_header(locator):
        expect(locator).to_be_in_viewport()
        header = page.locator(".md-header").bounding_box()
        assert locator.bounding_box()["y"] >= header["y"] + header["height"] - 1

    row("indicators-going-missing").get_by_role("link", name="Going missing").click()
    page.wait_for_url("**/indicators.html#indicators-going-missing")
    clear_of_the_header(row("indicators-going-missing"))
    assert row("indicators-going-missing").evaluate("tr => getComputedStyle(tr).outlineStyle") == "solid"
    row("indicators-going-missing").get_by_role("link", name="Going missing").click()
    page.wait_for_url(f"**/{CHAPTER_HTML}#indicators-going-missing")
    clear_of_the_header(row("indicators-going-missing"))
    page.close()


def test_one_link_above_each_indicator_table_leads_to_the_same_table_on_the_other_page(browser, site_server):
    page = browser.new_page()
    for group in ["indicators", "coercion"]:
        page.goto(site_server + "indicators.html")
        # The paragraph right above the group's table (Material wraps tables in two divs).
        table = page.locator(f"article table:has(#{group}-{'money-or-gifts' if group == 'indicators' else 'giving-presents'})")
        above = table.locator("xpath=ancestor-or-self::*[preceding-sibling::*][1]/preceding-sibling::*[1]")
        assert above.evaluate("el => el.tagName") == "P"
        above.get_by_role("link", name="Safeguarding Children from Sexual Exploitation").click()
        page.wait_for_url(f"**/{CHAPTER_HTML}#{group}--table")
        caption = page.locator(f"caption#{group}--table")
        expect(caption).to_be_in_viewport()
        header = page.locator(".md-header").bounding_box()
        assert caption.bounding_box()["y"] >= header["y"] + header["height"] - 1
    page.close()


def test_abbreviations_explain_themselves(browser, site_server):
    page = browser.new_page()
    page.goto(site_server + CHAPTER_HTML)
    assert page.locator("abbr", has_text="CPS").first.get_attribute("title") == "Crown Prosecution Service"
    page.close()
