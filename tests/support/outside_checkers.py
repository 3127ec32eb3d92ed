"""The outside checkers the tests run on the built site, and the page kinds their counts
are reported by. The checkers are installed by `make test` into .tools/ (Makefile:
VNU_JAR, HTMLCS_JS); a test that finds one missing says so rather than skipping."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.support import REPO

VNU_JAR = REPO / ".tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
HTMLCS_JS = REPO / ".tools/htmlcs/node_modules/html_codesniffer/build/HTMLCS.js"

# Every kind of page the site has; each must be found in the built site, so that a checker
# reporting zero has looked at all of them.
DATA_PAGES = ("indicators", "consent-and-the-law", "contacts", "further-information",
              "glossary", "amendments", "editions", "accessibility", "using-this-handbook")
PAGE_KINDS = ("home", "chapter", *(f"data: {name}" for name in DATA_PAGES), "what changed",
              "archived edition", "404", "not saved offline")


def page_kind(path: str) -> str:
    """The kind of a built page, from its address relative to the site root."""
    if path.startswith("editions/"):
        return "archived edition"
    if path.startswith("changes/"):
        return "what changed"
    if path.startswith("chapters/"):
        return "chapter"
    name = path.removesuffix(".html")
    if name in DATA_PAGES:
        return f"data: {name}"
    return {"index": "home", "404": "404", "offline": "not saved offline"}.get(name, f"other: {path}")


def built_pages(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    missing = set(PAGE_KINDS) - {page_kind(p) for p in pages}
    assert not missing, f"the built site has no page of these kinds: {sorted(missing)}"
    return pages


def report_counts(checker: str, pages: list[str], problems: list[tuple[str, str]]) -> str:
    """Each page kind with its number of pages and of problems, then each problem: the
    text of a failing assertion, printed when the test passes."""
    by_kind = Counter(page_kind(page) for page, _ in problems)
    pages_by_kind = Counter(page_kind(page) for page in pages)
    lines = [f"{checker}: {len(problems)} error(s) on {len(pages)} pages"]
    lines += [f"  {kind:<32} {pages_by_kind[kind]:>2} page(s) {by_kind[kind]:>4} error(s)"
              for kind in sorted(pages_by_kind)]
    lines += [f"  {page}: {message}" for page, message in problems]
    return "\n".join(lines)


def required(tool: Path) -> Path:
    if not tool.exists():
        pytest.fail(f"{tool.relative_to(REPO)} is not installed: run `make test`, which installs it")
    return tool
