"""Links between documentation pages, written as markdown links between source files so
that MkDocs checks them (a broken target or anchor fails the strict build)."""
from __future__ import annotations

import posixpath


def relative_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """Markdown link target from one docs-relative source file to another (+ #anchor)."""
    if from_page == to_page:
        path = ""
    else:
        path = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{path}#{anchor}" if anchor else path


def escape_cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")
