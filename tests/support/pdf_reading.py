"""Reading real PDFs in tests (pypdf): the text of each page, its text runs with their
printed size, and the stamp a printed page must carry, derived from the data files."""
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


def expected_stamp(handbook) -> list[str]:
    """What every printed page must say, from data/partnership.yml and data/editions.yml."""
    partnership = handbook.partnership
    return [
        "UNCONTROLLED WHEN PRINTED",
        f"valid for at most {partnership.printing_policy.valid_for_hours} hours after printing",
        f"Edition of {handbook.editions.current.date.human()}",
        f"Online version: {partnership.site_url or 'online address not configured'}",
    ]


GENERATED = re.compile(r"Generated \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC")


def assert_every_page_stamped(texts: list[str], handbook) -> None:
    """The provenance stamp, a generated date and "Page X of Y" on every page."""
    for number, text in enumerate(texts, start=1):
        for words in expected_stamp(handbook):
            assert words in text, f"page {number}: {words!r} missing"
        assert GENERATED.search(text), f"page {number}: no generated date"
        assert f"Page {number} of {len(texts)}" in text
