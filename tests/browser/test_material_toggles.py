"""Material's drawer and search overlay (hidden checkboxes) start closed when the reader
comes back to a page, with Back or a reload, as Material's autocomplete="off" made them:
the handbook's pages leave that invalid attribute out (macros/material_markup.py) and
page/closed-toggles.js closes them instead."""
from __future__ import annotations

import pytest

from tests.support import CHAPTER

CHAPTER_HTML = CHAPTER.replace(".md", ".html")
IS_OPEN = "id => document.getElementById(id).checked"


@pytest.mark.parametrize("toggle, opener", [
    ("__drawer", ".md-header label[for=__drawer]"),
    ("__search", ".md-header label[for=__search]"),
], ids=["drawer", "search"])
def test_drawer_and_search_start_closed_after_back_and_reload(browser, site_server, toggle, opener):
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(site_server + CHAPTER_HTML)
    page.click(opener)
    assert page.evaluate(IS_OPEN, toggle) is True
    page.goto(site_server + "glossary.html")
    page.go_back()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # the browser restores form controls as the page loads
    assert page.evaluate(IS_OPEN, toggle) is False, "open again after Back"
    page.click(opener)
    page.reload()
    page.wait_for_timeout(300)
    assert page.evaluate(IS_OPEN, toggle) is False, "open again after a reload"
    page.close()
