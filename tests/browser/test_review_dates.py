"""The review warning is decided by the reader's browser on the day it reads the page: the
real chapter was last reviewed in May 2024, so its next review was due by 31 May 2025."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.support import CHAPTER

CHAPTER_HTML = CHAPTER.replace(".md", ".html")
WARNING = ".hb-review-overdue"


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def open_on(page, url: str, day: dt.datetime) -> None:
    page.clock.set_fixed_time(day)
    page.goto(url)
    page.wait_for_load_state("load")


def test_no_warning_up_to_the_due_date(page, site_server):
    open_on(page, site_server + CHAPTER_HTML, dt.datetime(2025, 5, 31, 23, 0))
    assert page.locator(".hb-review-due").get_attribute("data-due") == "2025-05-31"
    assert page.locator(WARNING).count() == 0


def test_warning_after_the_due_date(page, site_server):
    open_on(page, site_server + CHAPTER_HTML, dt.datetime(2025, 6, 1, 9, 0))
    warning = page.locator(WARNING)
    assert warning.is_visible()
    assert "due for review by May 2025" in warning.inner_text()
    assert warning.get_attribute("role") == "note"


def test_an_archived_edition_is_history_and_gets_no_warning(page, site_server):
    open_on(page, site_server + "editions/2024-05/" + CHAPTER_HTML, dt.datetime(2026, 11, 29, 9, 0))
    assert page.locator(".hb-archive-banner").is_visible()
    assert page.locator(WARNING).count() == 0


def test_what_changed_reads_insertions_and_deletions_aloud(page, site_server):
    page.goto(site_server + "changes/" + CHAPTER_HTML)
    tree = page.locator(".hb-diff").aria_snapshot()
    assert "deleted: With effect from 29 June 2021" in tree
    assert "inserted: 4. Consent" in tree
    # Not colour alone: insertions are underlined, deletions struck through.
    assert "underline" in page.locator(".hb-diff ins").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in page.locator(".hb-diff del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
