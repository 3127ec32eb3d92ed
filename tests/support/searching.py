"""Typing into Material's search box as a reader does, and reading the results: the same
reader as the benchmark's relevance figure (bench/relevance.py), which waits for the
answer to the last keystroke, not an earlier one."""
from __future__ import annotations

from bench.relevance import results


def search(page, query: str, *, timeout: float = 10_000) -> list[dict]:
    """Results in display order: for each page, its title and the headings of the
    sections shown under it, its links and its HTML (empty when nothing matched)."""
    return results(page, query, timeout=timeout)


def headings(result: dict) -> list[str]:
    return [result["title"], *result["sections"]]
