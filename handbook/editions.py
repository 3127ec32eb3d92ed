"""Editions: dated releases of the whole handbook. The newest is the current edition."""
from __future__ import annotations

from pydantic import model_validator

from .dates import Date
from .records import Record, Text

FILE = "editions.yml"


class Edition(Record):
    date: Date
    title: Text
    summary: Text


class EditionData(Record):
    editions: list[Edition]

    @model_validator(mode="after")
    def _newest_first(self):
        if not self.editions:
            raise ValueError("list at least one edition")
        dates = [edition.date for edition in self.editions]
        if dates != sorted(dates, reverse=True) or len(set(dates)) != len(dates):
            raise ValueError("editions must be listed newest first, each with its own date")
        return self

    @property
    def current(self) -> Edition:
        return self.editions[0]
