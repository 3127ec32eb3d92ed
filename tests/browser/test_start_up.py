"""A page's start-up work on a phone: Material's script, as the page loads, makes the browser
restyle or lay out again no more of the page than it must (Lighthouse's total blocking
time; `make audit`).

- Tables are built already in Material's scrolling box (handbook/templating/table_cards.py),
  so the script moves none of them, and they look exactly as Material styles its own.
- No stylesheet has a rule for Material's palette-switching mark, which the script puts
  on <body> as every page starts (macros/material_markup.py).
"""
from __future__ import annotations

import pytest

from tests.browser.test_phone import TABLE_PAGES as CARD_PAGES

TABLE_PAGES = [*CARD_PAGES, "index.html"]  # every page with a data table

# Records every table taken out of the page (Material's script boxes a table by moving it).
RECORD_MOVED_TABLES = """
window.hbMovedTables = 0;
new MutationObserver(records => {
  for (const record of records)
    for (const node of record.removedNodes)
      if (node.nodeName === 'TABLE' || (node.querySelector && node.querySelector('table'))) window.hbMovedTables++;
}).observe(document, { childList: true, subtree: true });
"""

# The computed styles Material's rules for `table:not([class])` give, of a table and its cells.
STYLES = """table => {
  const of = (element, names) => names.map(name => getComputedStyle(element)[name]);
  return [of(table, ['fontSize', 'borderTopWidth', 'borderRadius', 'backgroundColor', 'touchAction']),
          of(table.querySelector('th'), ['minWidth', 'paddingTop', 'paddingLeft', 'fontWeight', 'verticalAlign', 'textAlign']),
          of(table.querySelector('td'), ['paddingTop', 'paddingLeft', 'verticalAlign', 'borderTopWidth', 'borderTopStyle', 'textAlign'])];
}"""


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_materials_script_moves_no_table_and_tables_keep_materials_look(browser, site_server, path):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(RECORD_MOVED_TABLES)
    page.goto(site_server + path, wait_until="load")
    page.wait_for_timeout(300)  # Material mounts its components when the document is parsed
    tables = page.locator("article table")
    assert tables.count() > 0
    assert page.evaluate("window.hbMovedTables") == 0, "Material's script moved a table"
    for index in range(tables.count()):
        table = tables.nth(index)
        assert table.evaluate("t => t.parentElement.className + ' < ' + t.parentElement.parentElement.className") \
            == "md-typeset__table < md-typeset__scrollwrap"
        # The same table without a class, added after start-up, which Material styles (but no
        # longer boxes): every style its rules give is the same.
        unboxed = table.evaluate_handle("""t => { const copy = t.cloneNode(true); copy.removeAttribute('class');
            t.closest('article').appendChild(copy); return copy; }""")
        assert table.evaluate(STYLES) == unboxed.evaluate(STYLES), path
        unboxed.evaluate("copy => copy.remove()")
    page.close()


def test_no_stylesheet_restyles_the_page_for_materials_palette_switching_mark(browser, site_server):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(site_server + "amendments.html", wait_until="load")
    selectors = page.evaluate("""() => {
        const found = [];
        const walk = rules => { for (const rule of rules) {
            if (rule.selectorText) found.push(rule.selectorText);
            if (rule.cssRules) walk(rule.cssRules); } };
        for (const sheet of document.styleSheets) walk(sheet.cssRules);
        return found; }""")
    assert len(selectors) > 500, "the page's stylesheets were read"
    assert [s for s in selectors if "data-md-color-switching" in s] == []
    assert any("data-md-color-scheme" in s for s in selectors), "the palettes' own rules are still there"
    page.close()
