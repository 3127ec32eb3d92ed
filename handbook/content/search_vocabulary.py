"""The search's vocabulary and weighting (data/search.yml): words that mean the same to a
reader, everyday words that find the handbook's words, word forms the stemmer cannot join,
words too common to search for, how much each field and each kind of page counts, and the
pages offered when nothing matches. Read by handbook.build.search_index (which writes it
into the index for the browser) and checked by handbook.checks.search_vocabulary."""
from __future__ import annotations

import functools
import re
from typing import Annotated

import snowballstemmer
from pydantic import Field

from handbook.content.fields import Record, Text

FILE = "search.yml"

# --- Words: how the search cuts text into words and joins word forms --------------------
# overrides/assets/javascripts/search/engine.js repeats these exactly (tests compare them).

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-case words of two characters or more ("child's" gives "child")."""
    return [word for word in _WORD.findall(text.lower()) if len(word) > 1]


@functools.cache  # a large handbook stems the same words a million times
def stem(word: str) -> str:
    """The Snowball English stemmer (Porter2): share, shares, shared and sharing all give
    'share'. The browser runs the same algorithm (search/snowball-english.js)."""
    return _STEMMER.stemWord(word)


def phrase_key(phrase: str) -> str:
    """A phrase as the index knows it: the stems of all its words, stop words included."""
    return " ".join(stem(word) for word in tokenize(phrase))

Weight = Annotated[float, Field(gt=0, le=10)]


class EverydayWords(Record):
    """One way: a reader who types any of `words` also finds `finds` (the handbook's own
    words); a search for `finds` is not widened to `words`."""

    words: list[Text] = Field(min_length=1)
    finds: list[Text] = Field(min_length=1)


class PageKind(Record):
    """A kind of page and how much a match on it counts against the same match in the
    guidance. `pages` are patterns of files under docs/ ('*' for any characters, and
    '#anchor' for one section of a page: 'chapters/*.md#further-information')."""

    kind: Text
    weight: Annotated[float, Field(gt=0, le=1)]
    pages: list[Text] = Field(min_length=1)
    # Listed after the results of every other kind, whatever the scores (earlier editions,
    # "What changed" pages: history never outranks the guidance in force).
    last: bool = False


class FieldWeights(Record):
    """How much one occurrence of a word counts in each part of a section (BM25F's field
    weights): its own heading, the title of its page, and its text."""

    heading: Weight = 3.0
    page_title: Weight = 1.0
    body: Weight = 1.0


class SearchData(Record):
    synonyms: list[list[Text]]
    everyday_words: list[EverydayWords] = []
    word_forms: list[list[Text]] = []
    stop_words: list[Text]
    fields: FieldWeights = FieldWeights()
    # A page no pattern names is guidance (weight 1). The first kind that names a page wins.
    page_kinds: list[PageKind] = []
    # Pages offered, with their first sentence, when nothing matches (files under docs/).
    no_results: list[Text] = []
