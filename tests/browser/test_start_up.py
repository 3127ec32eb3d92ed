"""A page's start-up work on a phone: Material's script, as the page loads, makes the browser
restyle or lay out again no more of the page than it must (Lighthouse's total blocking
time; `make audit`).

- Tables are built already in Material's scrolling box (handbook/templating/table_cards.py),
  so the script moves none of them, and they look exactly as Material styles its own.
- No stylesheet has a rule for Material's palette-switching mark, which the script puts
  on <body> as every page starts (macros/material_markup.py).
- Once the page has a <body>, its start-up changes neither the classes of <html> nor the
  page's colour scheme (<meta name="color-scheme">): the browser restyles the whole page
  for either. Both are given their values before: the classes by before-drawing.js in the
  head, the colour scheme by Material's palette script at the top of <body>. Material's
  own code still keeps them right when the reader changes the palette.
- Material's components each start in a task of their own, not all in the evaluation of
  its bundle or in the one task that handles DOMContentLoaded (macros/material_markup.py):
  on a phone each of those two tasks was a long one. Seen here for its two controls that
  start with the page: the palette (it adds <meta name="theme-color">) and search (it
  starts the search worker).
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


# Records every change to <html>'s classes (with whether <body> was there yet) and to the
# page's <meta name="color-scheme"> elements: added, removed, or their content changed.
RECORD_START_UP_CHANGES = """
window.hbStartUp = { classes: [], schemeChanges: [] };
const isScheme = node => node.nodeName === 'META' && node.name === 'color-scheme';
new MutationObserver(records => {
  for (const record of records) {
    const withBody = !!document.body;
    if (record.type === 'attributes' && record.target === document.documentElement && record.attributeName === 'class')
      window.hbStartUp.classes.push({ before: record.oldValue || '', withBody });
    else if (record.type === 'attributes' && isScheme(record.target))
      window.hbStartUp.schemeChanges.push({ change: 'content', before: record.oldValue, withBody });
    else if (record.type === 'childList')
      for (const [change, nodes] of [['added', record.addedNodes], ['removed', record.removedNodes]])
        for (const node of nodes) if (isScheme(node)) window.hbStartUp.schemeChanges.push({ change, withBody });
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeOldValue: true });
"""

SCHEME_NOW = """() => [...document.querySelectorAll('meta[name=color-scheme]')].map(meta => meta.content)"""
HEADER_SCHEME = """() => getComputedStyle(document.querySelector('.md-header')).colorScheme"""


def _class_sets_after_body(page) -> list[set[str]]:
    """<html>'s classes before each change made once <body> was there, and at the end."""
    changes = page.evaluate("window.hbStartUp.classes")
    later = [set(change["before"].split()) for change in changes if change["withBody"]]
    return later + [set(page.evaluate("[...document.documentElement.classList]"))]


@pytest.mark.parametrize("path", ["chapters/safeguarding-children-from-sexual-exploitation.html",
                                  "amendments.html", "index.html"])
def test_start_up_changes_neither_html_classes_nor_colour_scheme_once_the_body_is_there(browser, site_server, path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.add_init_script(RECORD_START_UP_CHANGES)
    page.goto(site_server + path, wait_until="load")
    page.wait_for_timeout(500)  # Material mounts its components when the document is parsed
    classes = _class_sets_after_body(page)
    assert {"js", "js-focus-visible"} <= classes[-1] and "no-js" not in classes[-1], \
        "Material's bundle ran and gave <html> its classes"
    assert all(found == classes[-1] for found in classes), f"<html>'s classes changed after drawing: {classes}"
    scheme_changes = page.evaluate("window.hbStartUp.schemeChanges")
    assert scheme_changes == [{"change": "added", "withBody": True}], scheme_changes  # palette.js, once
    assert page.evaluate(SCHEME_NOW) == ["light"] == [page.evaluate(HEADER_SCHEME)]

    # The reader changes the palette: Material's code changes the colour scheme as before.
    page.locator("label[for='__palette_1']").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.wait_for_function(f"({SCHEME_NOW})()[0] === 'dark'")
    assert page.evaluate(SCHEME_NOW) == ["dark"] == [page.evaluate(HEADER_SCHEME)]

    # The palette is kept: the next page starts in it, with no change after drawing either.
    page.goto(site_server + path, wait_until="load")
    page.wait_for_timeout(500)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.evaluate("window.hbStartUp.schemeChanges") == [{"change": "added", "withBody": True}]
    assert page.evaluate(SCHEME_NOW) == ["dark"] == [page.evaluate(HEADER_SCHEME)]
    classes = _class_sets_after_body(page)
    assert all(found == classes[-1] for found in classes), f"<html>'s classes changed after drawing: {classes}"
    context.close()


# Records when Material's palette and search start: the script being evaluated then (none in
# a timer task), and a count of synchronous runs of script (a new run after each microtask
# checkpoint, so two starts in the same run share one task).
RECORD_CONTROL_STARTS = """
window.hbStarts = [];
let run = 0, inRun = false;
const started = what => {
  if (!inRun) { run++; inRun = true; queueMicrotask(() => { inRun = false; }); }
  const script = document.currentScript ? document.currentScript.src.split('/').pop() : '';
  window.hbStarts.push({ what, run, script });
};
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker { constructor(...args) { started('search'); super(...args); } };
const append = Node.prototype.appendChild;
Node.prototype.appendChild = function (node) {
  if (node.nodeName === 'META' && node.name === 'theme-color') started('palette');
  return append.call(this, node);
};
"""


@pytest.mark.parametrize("path", ["chapters/safeguarding-children-from-sexual-exploitation.html", "index.html"])
def test_materials_controls_start_each_in_a_task_of_their_own(browser, site_server, path):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.add_init_script(RECORD_CONTROL_STARTS)
    page.goto(site_server + path, wait_until="load")
    page.wait_for_function("window.hbStarts.length === 2")
    starts = {start["what"]: start for start in page.evaluate("window.hbStarts")}
    assert set(starts) == {"palette", "search"}
    assert [start["script"] for start in starts.values()] == ["", ""], \
        f"started while a script was evaluated (Material's bundle): {starts}"
    assert starts["palette"]["run"] != starts["search"]["run"], f"started in the same task: {starts}"
    # Both still work: the search worker answers, the palette toggle is shown.
    page.locator("label[for='__search']").first.click()
    page.keyboard.type("grooming")
    page.wait_for_selector(".md-search-result__item")
    assert page.locator("[data-md-component='palette'] label:not([hidden])").count() == 1
    page.close()
