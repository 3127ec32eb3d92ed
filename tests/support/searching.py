"""Typing into Material's search box as a reader does, and reading the results."""
from __future__ import annotations

SEARCH_BOX = "input[data-md-component=search-query]"
RESULT = ".md-search-result__item"


def search(page, query: str, *, timeout: float = 10_000) -> list[dict]:
    """Results in display order: for each page, its title and the headings of the
    sections shown under it, with the snippets' HTML."""
    page.wait_for_load_state("load")  # Material shows the search box once its bundle has run
    if not page.locator(SEARCH_BOX).is_visible():
        page.click("label[for=__search]")
    page.click(SEARCH_BOX)
    page.fill(SEARCH_BOX, "")
    page.keyboard.type(query)
    page.wait_for_function(
        """([selector, query]) => {
            const box = document.querySelector(selector);
            const meta = document.querySelector('.md-search-result__meta');
            return box.value === query && meta && !/Type to start|Initializing/.test(meta.textContent)
              && document.querySelectorAll('.md-search-result__item').length > 0;
        }""", arg=[SEARCH_BOX, query], timeout=timeout)
    page.wait_for_timeout(200)  # let a last keystroke's answer replace an earlier one
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(item => ({
        title: item.querySelector('article h1')?.textContent.trim() ?? '',
        sections: [...item.querySelectorAll(':scope > a article h2')].map(h => h.textContent.trim()),
        links: [...item.querySelectorAll(':scope > a')].map(a => a.getAttribute('href')),
        html: item.innerHTML,
    }))""")


def headings(result: dict) -> list[str]:
    return [result["title"], *result["sections"]]
