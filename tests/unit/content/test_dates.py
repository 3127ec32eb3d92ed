import datetime as dt

import pytest

from handbook.content.dates import PartialDate


@pytest.mark.parametrize("text, expected", [
    ("2024-05", PartialDate(2024, 5)),
    ("2026-11-29", PartialDate(2026, 11, 29)),
    (dt.date(2026, 1, 31), PartialDate(2026, 1, 31)),
], ids=["month", "day", "yaml-date"])
def test_parse(text, expected):
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize("text", ["May 2024", "2024-13", "2024-02-30", "24-05", ""])
def test_parse_rejects_what_is_not_a_date(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        PartialDate.parse(text)


def test_add_months_keeps_precision_and_clamps_the_day():
    assert PartialDate(2024, 5).add_months(12) == PartialDate(2025, 5)
    assert PartialDate(2024, 1, 31).add_months(1) == PartialDate(2024, 2, 29)
    assert PartialDate(2024, 11).add_months(3) == PartialDate(2025, 2)


def test_human_and_last_day():
    assert PartialDate(2024, 5).human() == "May 2024"
    assert PartialDate(2026, 11, 29).human() == "29 November 2026"
    assert PartialDate(2025, 2).last_day == dt.date(2025, 2, 28)


def test_months_and_days_sort_together():
    # The amendments register sorts chapters' amendments of both precisions.
    dates = [PartialDate(2024, 5, 10), PartialDate(2024, 5), PartialDate(2024, 4, 30)]
    assert sorted(dates) == [PartialDate(2024, 4, 30), PartialDate(2024, 5), PartialDate(2024, 5, 10)]
