"""Dates as editors write them: a full date (2026-11-29) or a month (2024-05).

The source chapter says only "In May 2024": the handbook keeps that precision rather than
inventing a day.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

# Years that date arithmetic (a review due ten years on) can never take out of range.
MIN_YEAR, MAX_YEAR = 1000, 8999
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int
    day: int | None = None

    def __lt__(self, other: PartialDate) -> bool:
        # A month sorts before the days in it (a bare `None` day cannot be compared).
        return (self.year, self.month, self.day or 0) < (other.year, other.month, other.day or 0)

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            value = value.isoformat()
        text = str(value).strip()
        parsed = None
        try:
            if match := _DAY.match(text):
                day = dt.date(*(int(part) for part in match.groups()))
                parsed = cls(day.year, day.month, day.day)
            elif match := _MONTH.match(text):
                year, month = (int(part) for part in match.groups())
                dt.date(year, month, 1)
                parsed = cls(year, month)
        except ValueError:
            pass
        if parsed and not MIN_YEAR <= parsed.year <= MAX_YEAR:
            raise ValueError(f"the year should be between {MIN_YEAR} and {MAX_YEAR}")
        if parsed:
            return parsed
        raise ValueError("should be a date written YYYY-MM-DD, or a month written YYYY-MM")

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day this date covers: the day itself, or the month's last day."""
        if self.day:
            return self.first_day
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def add_months(self, months: int) -> PartialDate:
        index = self.year * 12 + self.month - 1 + months
        year, month = divmod(index, 12)
        month += 1
        day = min(self.day, calendar.monthrange(year, month)[1]) if self.day else None
        return PartialDate(year, month, day)

    def iso(self) -> str:
        return self.first_day.isoformat() if self.day else f"{self.year:04d}-{self.month:02d}"

    def human(self) -> str:
        """'29 November 2026' or 'May 2024'."""
        month = calendar.month_name[self.month]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def __str__(self) -> str:
        return self.iso()


# The pydantic field type for a PartialDate read from YAML.
Date = Annotated[PartialDate, BeforeValidator(PartialDate.parse), PlainSerializer(PartialDate.iso)]
