"""Search as practitioners use it, in the real search box of the served handbook."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support import REPO
from tests.support.searching import headings, search
from tests.unit.build.test_search_index import STEMS

EVAL = REPO.parent / "shared" / "eval" / "search-queries.yml"
ENGINE = REPO / "overrides" / "assets" / "javascripts" / "search" / "engine.js"
ENGINE_IN_SITE = "assets/javascripts/search/engine.js"


def relevance_queries():
    path = EVAL if EVAL.exists() else Path("/work/shared/eval/search-queries.yml")
    return yaml.safe_load(path.read_text())


@pytest.fixture(scope="module")
def page(browser, site_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_server + "index.html")
    yield page
    page.close()


def found_in_top_three(results, expected: str) -> bool:
    return any(expected.lower() in heading.lower() for result in results[:3] for heading in headings(result))


def test_relevance_set_at_least_nine_of_ten(page):
    queries = relevance_queries()
    misses = [q["query"] for q in queries if not found_in_top_three(search(page, q["query"]), q["expect"])]
    assert len(queries) == 10
    assert len(misses) <= 1, misses


@pytest.mark.parametrize("query, expected", [
    ("CSE", "Safeguarding Children from Sexual Exploitation"),
    ("Crown Prosecution Service", "6. Working with Sexually Exploited Children"),
    ("sexting", "5. Online Child Sexual Exploitation"),
    ("nudes", "5. Online Child Sexual Exploitation"),
    ("social services", "8. Protection and Action to be Taken"),
], ids=["acronym-to-expansion", "expansion-to-acronym", "synonym-sexting", "synonym-nudes", "everyday-words"])
def test_abbreviations_and_synonyms(page, query, expected):
    results = search(page, query)
    assert any(expected in headings(result) for result in results[:3]), [headings(r) for r in results[:3]]


def test_results_point_at_sections_and_show_the_matching_words(page):
    results = search(page, "missing from care")
    chapter = results[0]
    assert chapter["sections"][0] == "7. Children and Young People who go Missing"
    assert any(link.endswith("#missing") for link in chapter["links"])
    assert "<mark>missing</mark>" in chapter["html"].lower() and "<mark>care</mark>" in chapter["html"]


def test_completes_the_word_being_typed(page):
    results = search(page, "exploi")
    assert results and "<mark>" in results[0]["html"]


def test_browser_and_build_agree_on_words(page, built_site, site_server):
    """The search engine repeats handbook/build/search_index.py's tokenizer and stemmer: check
    they agree. The engine is loaded from the site (the pages' policy forbids inline scripts)."""
    assert (built_site / ENGINE_IN_SITE).read_bytes() == ENGINE.read_bytes()
    page.add_script_tag(url=site_server + ENGINE_IN_SITE)
    assert page.evaluate("words => words.map(stem)", list(STEMS)) == list(STEMS.values())
    text = "The child's LGBTQ+ s.66B"
    assert page.evaluate("text => tokenize(text)", text) == ["the", "child", "lgbtq", "66b"]
