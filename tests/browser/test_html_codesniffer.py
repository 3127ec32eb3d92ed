"""HTML_CodeSniffer (npm html_codesniffer, a different engine from axe) with its WCAG2AA
standard, run inside the system Chromium on every built page in each of the three
palettes: zero errors on every page kind. Its counts per page kind are printed. Text that
HTML_CodeSniffer takes for a heading without heading markup (its warning H42) fails too:
text that acts as a heading must be a heading."""
from __future__ import annotations

import pytest

from tests.browser.test_accessibility import PALETTES
from tests.support.outside_checkers import HTMLCS_JS, built_pages, report_counts, required

# Runs HTMLCS on the page and answers its errors, and its H42 warnings, as short lines.
RUN_HTMLCS = """() => new Promise(resolve => HTMLCS.process('WCAG2AA', document, () => resolve(
    HTMLCS.getMessages()
      .filter(m => m.type === HTMLCS.ERROR || (m.type === HTMLCS.WARNING && /\\.H42$/.test(m.code)))
      .map(m => m.code.split('.').slice(-3).join('.') + ': ' + m.msg.slice(0, 90) + ' '
                + (m.element.outerHTML || '').replace(/\\s+/g, ' ').slice(0, 120)))))"""


@pytest.mark.parametrize("palette", PALETTES, ids=PALETTES)
def test_html_codesniffer_finds_no_error_on_any_page_kind(browser, built_site, site_server, palette):
    # HTMLCS.js is evaluated into each page through the browser's devtools protocol, which
    # the pages' Content-Security-Policy does not govern: no inline script is added.
    sniffer = required(HTMLCS_JS).read_text(encoding="utf-8") + "\n;true"
    pages = built_pages(built_site)
    page = browser.new_page()
    problems = []
    for path in pages:
        page.goto(site_server + path)
        page.evaluate("""colors => { for (const [key, value] of Object.entries(colors))
            document.body.setAttribute('data-md-color-' + key, value); }""", PALETTES[palette])
        page.wait_for_timeout(400)  # let Material's colour transitions finish before measuring
        assert page.evaluate(sniffer) is True
        problems += [(path, line) for line in page.evaluate(RUN_HTMLCS)]
    page.close()
    assert problems == [], report_counts(f"HTML_CodeSniffer WCAG2AA, {palette} palette", pages, problems)
    print(report_counts(f"HTML_CodeSniffer WCAG2AA, {palette} palette", pages, problems))
