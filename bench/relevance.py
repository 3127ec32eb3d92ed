"""How often a search puts what a practitioner was looking for in its first three results:
queries typed into Material's search box as a reader types them, in a real Chromium, on
a built site (the handbook's own search, or a default Material site's Lunr search).

The queries are tests/browser/search-queries.yml (the handbook's own set) and the public
half of the shared evaluation set; each names words that a heading or page title among
the first three results should contain. tests/browser/test_search.py holds the handbook
to at least 90%; `make bench` prints the figure for both sites."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from handbook import REPOSITORY as REPO

QUERIES = REPO / "tests" / "browser" / "search-queries.yml"
SHARED_QUERIES = REPO.parent / "shared" / "eval" / "search-queries.yml"
SEARCH_BOX = "input[data-md-component=search-query]"
# The handbook's answer when nothing matches is help (the emergency line, Contacts, close
# spellings), marked so: it is not a result.
HELP = "[data-hb-search-help]"


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def results(page, query: str, *, timeout: float = 60_000) -> list[dict]:
    """What the search box shows for `query`, typed as a reader types it: for each result
    (a page), its title, the headings of the sections shown under it, and its HTML. An
    empty list when nothing matched."""
    page.wait_for_load_state("load")  # Material shows the search box once its bundle has run
    if not page.locator(SEARCH_BOX).is_visible():
        page.click("label[for=__search]")
    page.click(SEARCH_BOX)
    page.fill(SEARCH_BOX, "")
    page.keyboard.type(query)
    # The handbook's answers say which query they answer; for a default Material site, the
    # list must have settled (no change for a while) after the last keystroke.
    page.evaluate("""() => {
        window.__hbChanged = performance.now();
        if (window.__hbWatching) return;
        window.__hbWatching = new MutationObserver(() => { window.__hbChanged = performance.now(); });
        window.__hbWatching.observe(document.querySelector('.md-search-result'), {childList: true, subtree: true});
    }""")
    page.wait_for_function(
        """([selector, query]) => {
            const box = document.querySelector(selector);
            const meta = document.querySelector('.md-search-result__meta');
            if (box.value !== query || !meta || /Type to start|Initializing/.test(meta.textContent)) return false;
            const tag = document.querySelector('.md-search-result__list [data-hb-query]');
            if (tag) return tag.dataset.hbQuery === query;
            if (document.querySelector('script[data-worker]') && !/No matching/.test(meta.textContent)) return false;
            return performance.now() - window.__hbChanged > 1000;
        }""", arg=[SEARCH_BOX, query], timeout=timeout, polling=50)
    return page.evaluate("""(help) => document.querySelector(help) ? [] :
        [...document.querySelectorAll('.md-search-result__item')].map(item => ({
        title: item.querySelector('article h1')?.textContent.trim() ?? '',
        sections: [...item.querySelectorAll(':scope > a article h2')].map(h => h.textContent.trim()),
        links: [...item.querySelectorAll(':scope > a')].map(a => a.getAttribute('href')),
        html: item.innerHTML,
    }))""", HELP)


def found_in_top_three(shown: list[dict], expected: str) -> bool:
    return any(expected.lower() in heading.lower()
               for result in shown[:3] for heading in [result["title"], *result["sections"]])


@dataclass
class Relevance:
    queries: int
    hits: int
    misses: list[str]

    @property
    def rate(self) -> float:
        return self.hits / self.queries if self.queries else 0.0

    def summary(self, name: str) -> str:
        missed = f"; missed: {', '.join(self.misses)}" if self.misses else ""
        return (f"{name}: {self.hits}/{self.queries} queries ({self.rate:.0%}) find what they look for "
                f"in the top 3{missed}")


def measure(page, queries: list[dict], *, timeout: float = 60_000) -> Relevance:
    """Type every query into `page`'s search box; count those whose expected heading is
    among the first three results."""
    misses = []
    for query in queries:
        try:
            shown = results(page, query["query"], timeout=timeout)
        except Exception:  # noqa: BLE001 - a search that never answers is a miss, not a crash
            shown = []
        if not found_in_top_three(shown, query["expect"]):
            misses.append(query["query"])
    return Relevance(len(queries), len(queries) - len(misses), misses)
