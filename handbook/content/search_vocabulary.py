"""The search's vocabulary (data/search.yml): words that mean the same to a reader, and
words too common to search for."""
from __future__ import annotations

from handbook.content.fields import Record, Text

FILE = "search.yml"


class SearchData(Record):
    synonyms: list[list[Text]]
    stop_words: list[Text]
