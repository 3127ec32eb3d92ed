"""Links between documentation pages, written as markdown links between source files so
that MkDocs checks them (a broken target or anchor fails the strict build)."""
from __future__ import annotations


def relative_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """Markdown link target from one docs-relative source file to another (+ #anchor)."""
    if from_page == to_page:
        path = ""
    else:
        # Both are normalised paths inside docs/, so plain string work does what
        # posixpath.relpath does without its two calls to os.getcwd() per link.
        here = from_page.split("/")[:-1]
        there = to_page.split("/")
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        path = "/".join([".."] * (len(here) - common) + there[common:])
    return f"{path}#{anchor}" if anchor else path


def escape_cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")
