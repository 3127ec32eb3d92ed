"""`make check` on the search vocabulary (data/search.yml): every group must point at words
the handbook has, or a search for its words would find nothing.

The handbook's text here is what its pages and data say (titles, the pages' markdown
without macro calls, and every text of the data files the pages show), read as the search
reads it: words stemmed, and a phrase found only with its words together.
"""
from __future__ import annotations

import re

from handbook.content.model import Handbook
from handbook.content.search_vocabulary import phrase_key, stem, tokenize
from handbook.problems import Problem

FILE = "data/search.yml"
# Data that is not the handbook's text: the vocabulary itself and the editorial word lists.
_NOT_TEXT = {"search", "editorial"}
_MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#[^}]*\}|<!--.*?-->|\]\([^)]*\)", re.S)


def handbook_text(handbook: Handbook) -> str:
    """The handbook's words as stems, one block of text per line."""
    blocks = []
    for page in handbook.pages.values():
        blocks += [page.meta.title, _MARKUP.sub(" ", page.body)]
    for name, source in handbook.sources.items():
        if name not in _NOT_TEXT:
            blocks += list(_strings(source.data))
    return "\n".join(" ".join(stem(word) for word in tokenize(block)) for block in blocks)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def occurs(phrase: str, text: str) -> bool:
    key = phrase_key(phrase)
    return bool(key) and re.search(rf"(?:^| ){re.escape(key)}(?= |$)", text, re.M) is not None


def check_search_vocabulary(handbook: Handbook) -> list[Problem]:
    data = handbook.search
    source = handbook.sources.get("search")
    text = handbook_text(handbook)
    problems = []

    def line(*loc):
        return source.line_of(loc) if source else None

    def error(loc, message):
        problems.append(Problem(FILE, line(*loc), "error", message))

    for index, group in enumerate(data.synonyms):
        if not any(occurs(phrase, text) for phrase in group):
            error(("synonyms", index), f"no word of the synonym group [{', '.join(group)}] is in the "
                  "handbook, so the group finds nothing: add the handbook's own word for it, or "
                  "remove the group")
    for index, group in enumerate(data.word_forms):
        if not any(occurs(form, text) for form in group):
            error(("word_forms", index), f"no form of [{', '.join(group)}] is in the handbook: "
                  "remove the group")
    for index, entry in enumerate(data.everyday_words):
        if not any(occurs(phrase, text) for phrase in entry.finds):
            error(("everyday_words", index, "finds"), f"none of [{', '.join(entry.finds)}] (what "
                  f"{entry.words[0]!r} should find) is in the handbook: name the handbook's own "
                  "words in 'finds'")
    for index, entry in enumerate(data.everyday_words):
        for phrase in entry.words:
            if not tokenize(phrase):
                error(("everyday_words", index, "words"), f"{phrase!r} has no word to search for")

    pages = set(handbook.pages)
    for index, kind in enumerate(data.page_kinds):
        for pattern in kind.pages:
            page, _, anchor = pattern.partition("#")
            if "*" in page or "?" in page:
                continue  # a pattern may name pages to come (earlier editions, generated pages)
            if page not in pages:
                problems.append(Problem(FILE, line("page_kinds", index, "pages"), "warning",
                                        f"page kind '{kind.kind}' names '{page}', which is not a "
                                        "page under docs/: correct the file name"))
            elif anchor and handbook.pages[page].section_title(anchor) is None:
                problems.append(Problem(FILE, line("page_kinds", index, "pages"), "warning",
                                        f"page kind '{kind.kind}' names '{pattern}', but the page "
                                        f"has no section '#{anchor}'"))
    for wanted in data.no_results:
        if wanted not in pages:
            problems.append(Problem(FILE, line("no_results"), "warning",
                                    f"no_results names '{wanted}', which is not a page under docs/"))
    return problems
