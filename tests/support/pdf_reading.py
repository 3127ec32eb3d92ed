"""Reading real PDFs in tests (pypdf): the text of each page, its text runs with their
printed size, the outline's entries with their pages, and the stamp a printed page must
carry, derived from the data files."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

HEADING_POINTS = 16  # page titles (h1) are printed larger than this; body text is smaller


@dataclass
class Run:
    text: str
    points: float  # printed size


def page_texts(pdf: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


def runs(page) -> list[Run]:
    """The page's text runs in the order they are drawn, with their printed size."""
    found: list[Run] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append(Run(text.strip(), abs(size * tm[0] * cm[0])))
    page.extract_text(visitor_text=visit)
    return found


def page_titles(pdf: Path) -> dict[str, int]:
    """Each title printed in heading size, with the (1-based) page it is printed on."""
    titles: dict[str, int] = {}
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        heading = " ".join(run.text for run in runs(page) if run.points > HEADING_POINTS)
        if heading:
            titles.setdefault(heading, number)
    return titles


def outline_pages(pdf: Path) -> list[tuple[int, str, int]]:
    """The PDF's outline (bookmarks) in order: (level, title, 1-based page)."""
    reader = PdfReader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 1)
    return found


def expected_stamp(handbook) -> list[str]:
    """What every printed page must say, from data/partnership.yml and data/editions.yml."""
    partnership = handbook.partnership
    return [
        "UNCONTROLLED WHEN PRINTED",
        f"valid for at most {partnership.printing_policy.valid_for_hours} hours after printing"
        if partnership.printing_policy.confirmed else "the partnership has not set how long a printed copy is",
        f"Edition of {handbook.editions.current.date.human()}",
        f"Online version: {partnership.site_url}" if partnership.site_url
        else f"Check the current version with {partnership.name}",
    ]


DAY = r"\d{1,2} [A-Z][a-z]+ \d{4}"
# What the build was made from: "Source as of 29 November 2026, commit 1a2b3c4" in a git
# checkout, "Source as of 29 November 2026, 14:03 UTC" from SOURCE_DATE_EPOCH alone, and
# "Built 29 November 2026, 14:03 UTC" from the clock, with neither.
SOURCE = re.compile(rf"Source as of {DAY}, (commit [0-9a-f]{{7,}}|\d\d:\d\d UTC)|Built {DAY}, \d\d:\d\d UTC")


def assert_every_page_stamped(texts: list[str], handbook) -> None:
    """The provenance stamp, what the build was made from and "Page X of Y" on every page."""
    for number, text in enumerate(texts, start=1):
        for words in expected_stamp(handbook):
            assert words in text, f"page {number}: {words!r} missing"
        assert SOURCE.search(text), f"page {number}: does not say what it was made from"
        assert "Generated" not in text, f"page {number}: a source's date printed as a generation time"
        assert f"Page {number} of {len(texts)}" in text
