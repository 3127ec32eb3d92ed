"""How a page is put together: what editors used to other markdown get wrong.

- a `# Title` line in a chapter (the title comes from the front matter; the review line
  and the box at the top would sit above it);
- the same `{#anchor}` twice on one page (two identical ids: a link goes to the first);
- a numbered heading ("## 5. Something") without an `{#anchor}` (its address would change
  with its number, breaking bookmarks).

Each reads the page's source lines (code blocks left out), so the line is the editor's.
"""
from __future__ import annotations

import re

from handbook.content.pages import Page
from handbook.problems import Problem

_FENCE = re.compile(r"^\s*(```|~~~)")
_TITLE = re.compile(r"^#(?!#)\s+\S")
_HEADING = re.compile(r"^(#{2,6})(?!#)\s+(?P<text>.*?)\s*$")
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S")
# `{#id}` or `{: #id .class}`, not Jinja's `{{ ... }}` or `{## comment ##}`.
_ANCHOR_ATTR = re.compile(r"(?<!\{)\{(?!\{|##):?[^}\n]*?#(?P<id>[\w.:-]+)[^}\n]*\}")
_HTML_ID = re.compile(r"""\bid\s*=\s*["'](?P<id>[^"'{}]+)["']""")


def source_lines(page: Page) -> list[tuple[int, str]]:
    """(file line, text) of the page's body, without fenced code blocks."""
    found, fenced = [], None
    for number, line in enumerate(page.body.split("\n"), start=page.body_first_line):
        fence = _FENCE.match(line)
        if fenced:
            if fence and fence.group(1) == fenced:
                fenced = None
            continue
        if fence:
            fenced = fence.group(1)
            continue
        found.append((number, line))
    return found


def check_title_line(page: Page) -> list[Problem]:
    """A `# Title` line in a chapter's text: a warning at the line."""
    if not page.is_chapter:
        return []
    return [Problem(page.path, number, "warning",
                    "a '# ' title line in a chapter: the title comes from the front matter "
                    "(title:), and the review line and the box at the top would sit above this "
                    "line; remove it, or make it a '## ' section heading with an {#anchor}")
            for number, line in source_lines(page) if _TITLE.match(line)]


def check_duplicate_anchors(page: Page) -> list[Problem]:
    """The same anchor written twice on one page: an error at the second."""
    seen: dict[str, int] = {}
    found = []
    for number, line in source_lines(page):
        ids = [m.group("id") for m in _ANCHOR_ATTR.finditer(line)]
        ids += [m.group("id") for m in _HTML_ID.finditer(line)]
        for anchor in ids:
            if anchor in seen:
                found.append(Problem(page.path, number, "error",
                                     f"anchor '#{anchor}' is already used on this page (line "
                                     f"{seen[anchor]}): two identical ids, and links go to the "
                                     "first; give this one an anchor of its own"))
            else:
                seen[anchor] = number
    return found


def check_heading_anchors(page: Page) -> list[Problem]:
    """A numbered heading with no `{#anchor}`: a warning at the heading."""
    found = []
    for number, line in source_lines(page):
        heading = _HEADING.match(line)
        if not heading or not _NUMBERED.match(heading.group("text")):
            continue
        if not _ANCHOR_ATTR.search(heading.group("text")):
            found.append(Problem(page.path, number, "warning",
                                 f"numbered heading '{heading.group('text')}' has no {{#anchor}}: its "
                                 "address would change with its number and break bookmarks and "
                                 "links; add one after the heading, such as {#what-it-is-about}"))
    return found
