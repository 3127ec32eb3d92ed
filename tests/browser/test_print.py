"""Printing a chapter from the browser (Ctrl+P) in the real Chromium: the same stamp as
the PDFs, and none of the site's chrome."""
from __future__ import annotations

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
    assert " ".join(handbook.partnership.printing_policy.statement.split()) in texts[0]
    assert "(https://www.bavex.co.uk/)" in whole  # an external link's address, in print
    assert "This chapter was revised where required." in whole  # the folded note, printed open
    for chrome in ["Download this chapter as PDF", "Quick reference", "Table of contents",
                   "Type to start searching", "Back to top"]:
        assert chrome not in whole, chrome
    TEST_OUTPUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(printed), str(TEST_OUTPUT / "browser-print-page-1")], check=True)


def test_chapter_page_links_its_pdf_on_the_served_site(browser, site_server):
    page = browser.new_page()
    page.goto(site_server + CHAPTER_HTML)
    link = page.get_by_role("link", name="Download this chapter as PDF")
    assert link.is_visible()
    address = page.evaluate("(a) => a.href", link.element_handle())
    response = page.request.get(address)
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    page.close()
