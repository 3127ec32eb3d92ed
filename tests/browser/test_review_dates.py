"""Review dates. The real chapter was last reviewed in May 2024, but the partnership has not
said how often chapters are reviewed: it shows no review date and no warning, whatever the
day. Once an interval is set (a copy of the project with 12 months), its next review is due
by 31 May 2025, and the warning is decided by the reader's browser on the day it reads the
page; the note of the build date (overdue when the copy was made) is for paper only."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.support import CHAPTER, StaticServer, copy_project, run_handbook

CHAPTER_HTML = CHAPTER.replace(".md", ".html")
WARNING = ".hb-review-overdue"
BUILT_NOTE = ".hb-review-overdue-built"
BUILT_ON = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def interval_site(tmp_path_factory):
    """The handbook with a 12-month review interval set by the partnership, built on
    29 November 2026 (after the due date), served over HTTP."""
    project = copy_project(tmp_path_factory.mktemp("interval") / "project")
    data = project / "data" / "partnership.yml"
    data.write_text(data.read_text().replace("review_interval_months: null", "review_interval_months: 12"))
    result = run_handbook("--project", str(project), "build", "--no-pdf", "--site-dir", str(project / "site"),
                          env={"SOURCE_DATE_EPOCH": str(int(BUILT_ON.timestamp()))})
    assert result.returncode == 0, result.stderr
    server = StaticServer(project / "site")
    yield server.url
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_scripts(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def open_on(page, url: str, day: dt.datetime) -> None:
    page.clock.set_fixed_time(day)
    page.goto(url)
    page.wait_for_load_state("load")


def test_no_review_date_set_means_no_date_and_no_warning(page, site_server):
    open_on(page, site_server + CHAPTER_HTML, dt.datetime(2030, 1, 1, 9, 0))
    status = " ".join(page.locator(".hb-chapter-status").first.text_content().split())
    assert "Last reviewed May 2024; no review date set." in status
    assert "Owner: not yet confirmed by the partnership." in status
    assert "procedures editor" not in status
    assert page.locator(".hb-review-due").count() == 0
    assert page.locator(WARNING).count() == 0 and page.locator(BUILT_NOTE).count() == 0


def test_no_warning_up_to_the_due_date(page, interval_site):
    open_on(page, interval_site + CHAPTER_HTML, dt.datetime(2025, 5, 31, 23, 0))
    assert page.locator(".hb-review-due").get_attribute("data-due") == "2025-05-31"
    assert not page.locator(WARNING).is_visible()
    # The build date's note (built in November 2026) is not the reader's: hidden, on paper too.
    assert not page.locator(BUILT_NOTE).is_visible()
    page.emulate_media(media="print")
    assert not page.locator(BUILT_NOTE).is_visible() and not page.locator(WARNING).is_visible()


def test_warning_after_the_due_date(page, interval_site):
    open_on(page, interval_site + CHAPTER_HTML, dt.datetime(2025, 6, 1, 9, 0))
    warning = page.locator(WARNING)
    assert warning.is_visible()
    assert "due for review by May 2025" in warning.inner_text()
    assert warning.get_attribute("role") == "note"
    assert not page.locator(BUILT_NOTE).is_visible()  # one warning, the reader's
    page.emulate_media(media="print")
    assert warning.is_visible() and not page.locator(BUILT_NOTE).is_visible()


def test_the_warning_is_drawn_with_the_page_and_nothing_moves(page, interval_site):
    """The reader's date is compared in the page's head: the warning is in place at the
    first paint, not inserted afterwards (no layout shift)."""
    page.clock.set_fixed_time(dt.datetime(2025, 6, 1, 9, 0))
    page.add_init_script("""window.__hbShifts = 0;
        new PerformanceObserver(list => { for (const entry of list.getEntries())
          if (!entry.hadRecentInput) window.__hbShifts += entry.value; })
          .observe({type: 'layout-shift', buffered: true});""")
    page.goto(interval_site + CHAPTER_HTML)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.locator(WARNING).is_visible()
    assert page.evaluate("window.__hbShifts") < 0.01


def test_the_build_dates_warning_is_hidden_on_screen_and_printed(page_without_scripts, interval_site):
    page = page_without_scripts
    page.goto(interval_site + CHAPTER_HTML)
    note = page.locator(BUILT_NOTE)
    assert note.count() == 1 and not note.is_visible()
    page.emulate_media(media="print")
    assert note.is_visible()
    assert "As of 29 November 2026 (the date of this copy's source), this chapter was overdue for review" in note.inner_text()
    assert "due for review by May 2025" in note.inner_text()


def test_an_archived_edition_is_history_and_gets_no_warning(page, site_server):
    open_on(page, site_server + "editions/2024-05/" + CHAPTER_HTML, dt.datetime(2026, 11, 29, 9, 0))
    assert page.locator(".hb-archive-banner").is_visible()
    assert not page.locator(WARNING).is_visible() and page.locator(BUILT_NOTE).count() == 0


def test_what_changed_reads_insertions_and_deletions_aloud(page, site_server):
    page.goto(site_server + "changes/" + CHAPTER_HTML)
    tree = page.locator(".hb-diff").aria_snapshot()
    assert "deleted: With effect from 29 June 2021" in tree
    assert "inserted: 4. Consent" in tree
    # Not colour alone: insertions are underlined, deletions struck through.
    assert "underline" in page.locator(".hb-diff ins").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in page.locator(".hb-diff del").first.evaluate("e => getComputedStyle(e).textDecorationLine")
