"""How deep a page nests: lists, block quotes and raw HTML elements, counted together.

The PDF step lays nested boxes out recursively and fails (RecursionError) on nesting far
deeper than any guidance needs, so a page that nests past MAX_NESTING is refused while it
is loaded, at the line where it goes too deep. Code (fenced blocks, `code spans`) is text
and is not counted."""
from __future__ import annotations

import re

from handbook.content.limits import MAX_NESTING
from handbook.content.pages import Page
from handbook.problems import Problem

_FENCE = re.compile(r"^\s*(?:>\s*)*(```|~~~)")
_QUOTES = re.compile(r"^\s*((?:>\s?)+)")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])(?:\s|$)")
# Every pattern runs in time linear in the line: a page is input, and may be hostile.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^<>]*?(/?)>")
# Elements that never hold others, or whose end tag may be left out: they do not nest.
_NOT_NESTING = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
                "option", "optgroup", "colgroup", "caption", "rt", "rp"}


def nesting_problems(page: Page) -> list[Problem]:
    """The first line of the page's body where lists, block quotes and HTML elements nest
    more than MAX_NESTING deep, as an error; else nothing."""
    open_elements: list[str] = []
    list_indents: list[int] = []
    fence = None
    for number, line in enumerate(page.body.split("\n"), start=page.body_first_line):
        if match := _FENCE.match(line):
            fence = None if fence == match.group(1) else fence or match.group(1)
            continue
        if fence or not line.strip():
            continue
        quoted = _QUOTES.match(line)
        quotes = quoted.group(1).count(">") if quoted else 0
        text = line[quoted.end():] if quoted else line
        _follow_lists(text.expandtabs(4), list_indents)
        outside_code_spans = "".join(text.split("`")[::2])
        html_depth = _follow_html(outside_code_spans, open_elements)
        if quotes + len(list_indents) + html_depth > MAX_NESTING:
            return [Problem(page.path, number, "error",
                            f"lists, quotes and HTML elements nest more than {MAX_NESTING} levels deep "
                            "here: the PDF cannot be laid out; make the structure flatter")]
    return []


def _follow_lists(text: str, indents: list[int]) -> None:
    """Update the indents of the open list items with one line."""
    item = _LIST_ITEM.match(text)
    indent = len(item.group(1)) if item else len(text) - len(text.lstrip())
    while indents and indents[-1] >= indent and (item or indent == 0):
        indents.pop()
    if item:
        indents.append(indent)


def _follow_html(text: str, open_elements: list[str]) -> int:
    """Update the open elements with one line's tags; the deepest nesting reached on it."""
    deepest = len(open_elements)
    for closing, name, self_closing in _TAG.findall(text):
        name = name.lower()
        if name in _NOT_NESTING or self_closing:
            continue
        if not closing:
            open_elements.append(name)
            deepest = max(deepest, len(open_elements))
            if deepest > MAX_NESTING:  # too deep already: the rest of the line is not needed
                break
        elif name in open_elements:
            del open_elements[len(open_elements) - 1 - open_elements[::-1].index(name):]
    return deepest
