"""Printing a chapter from the browser (Ctrl+P) in the real Chromium: the same stamp as
the PDFs, the day it was printed, and none of the site's chrome."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata

from pypdf import PdfReader

from tests.support import CHAPTER, REPO
from tests.support.pdf_reading import assert_every_page_stamped

CHAPTER_HTML = CHAPTER.replace(".md", ".html")
TEST_OUTPUT = REPO / "test-output" / "pdf"


def test_printing_a_chapter_gives_the_stamp_and_hides_the_chrome(browser, site_server, tmp_path):
    from handbook.content.model import load_handbook

    handbook = load_handbook(REPO)
    page = browser.new_page()
    page.goto(site_server + CHAPTER_HTML)
    printed = tmp_path / "printed.pdf"
    page.pdf(path=str(printed), prefer_css_page_size=True)  # what Ctrl+P sends to a printer
    page.close()
    # Chromium's PDF text has ligatures (ﬁ): read it as a person would.
    texts = [unicodedata.normalize("NFKC", " ".join(p.extract_text().split()))
             for p in PdfReader(printed).pages]
    assert len(texts) > 3
    assert_every_page_stamped(texts, handbook)
    whole = " ".join(texts)
    assert " ".join(handbook.partnership.printing_policy.notice.split()) in texts[0]
    assert "(https://www.bavex.co.uk/)" in whole  # an external link's address, in print
    assert "This chapter was revised where required." in whole  # the folded note, printed open
    for chrome in ["Download this chapter as PDF", "Quick reference", "Table of contents",
                   "Type to start searching", "Back to top"]:
        assert chrome not in whole, chrome
    TEST_OUTPUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(printed), str(TEST_OUTPUT / "browser-print-page-1")], check=True)


def test_a_printed_page_says_the_day_it_was_printed_by_the_readers_clock(browser, site_server, tmp_path):
    """The stamp says what the handbook was made from; page/print-date.js adds, as printing
    starts, the day the reader printed it (a printout is valid for hours after printing).
    Not on screen, and no inline script or style (the site's Content-Security-Policy)."""
    page = browser.new_page()
    page.goto(site_server + CHAPTER_HTML)
    printed = tmp_path / "printed.pdf"
    page.pdf(path=str(printed), prefer_css_page_size=True)
    line = page.locator(".hb-printed-on")
    assert line.count() == 1 and not line.is_visible()  # on screen: hidden
    assert line.get_attribute("style") is None
    page.close()
    first = unicodedata.normalize("NFKC", " ".join(PdfReader(printed).pages[0].extract_text().split()))
    today = dt.date.today()
    days = [today + dt.timedelta(days=delta) for delta in (-1, 0, 1)]  # the browser's zone may differ
    found = re.search(r"Printed (\d{1,2} [A-Z][a-z]+ \d{4}), \d\d:\d\d UTC([+-]\d{1,2}(:\d\d)?)?(?= )", first)
    assert found, first[:400]
    assert found.group(1) in [f"{day.day} {day:%B %Y}" for day in days]


def test_chapter_page_links_its_pdf_on_the_served_site(browser, site_server):
    page = browser.new_page()
    page.goto(site_server + CHAPTER_HTML)
    link = page.get_by_role("link", name="Download this chapter as PDF")
    assert not link.is_visible()  # folded into the quiet line under the chapter's opening
    page.locator("details.hb-about > summary").click()
    assert link.is_visible()
    address = page.evaluate("(a) => a.href", link.element_handle())
    response = page.request.get(address)
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    page.close()
