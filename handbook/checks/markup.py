"""Raw HTML in pages that could run code, load or attach something, or change the page
around the guidance: refused, with its line. Pages are input, not code; the offline copy has
no web server to send a Content-Security-Policy header, so the page itself must be safe.

Markdown lets editors write HTML (`<div markdown>`, `<span id>`): ordinary markup stays
allowed. Code (fenced blocks and `code spans`) is text, not markup, and is not looked at."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from handbook.content.pages import Page
from handbook.problems import Problem

# Elements that run code, embed or attach other documents or files, or restyle the page.
REFUSED_ELEMENTS = {"script", "style", "link", "meta", "base", "object", "embed", "iframe", "frame",
                    "frameset", "applet", "form", "svg", "math", "template"}
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
_MARKDOWN_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data)\s*:", re.I)
_FENCED_CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1", re.S)


def _without_code(markdown: str) -> str:
    """The text with code blanked out, keeping every line where it was."""
    blank = lambda match: re.sub(r"[^\n]", " ", match.group(0))  # noqa: E731
    return _CODE_SPAN.sub(blank, _FENCED_CODE.sub(blank, markdown))


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in REFUSED_ELEMENTS:
            self.found.append((line, f"raw <{tag}> is not allowed in pages"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"the event handler '{name}=' is not allowed in pages"))
            elif value and _SCRIPT_URL.match(value) and name in ("href", "src", "action", "formaction",
                                                                  "xlink:href", "data", "poster", "srcset"):
                self.found.append((line, f"a '{_SCRIPT_URL.match(value).group(1)}:' address is not "
                                         "allowed in pages"))

    handle_startendtag = handle_starttag


def check_markup(page: Page) -> list[Problem]:
    """Refused raw HTML and script addresses in one page's body, each with its file line."""
    body = _without_code(page.body)
    finder = _Finder()
    finder.feed(body)
    finder.close()
    offset = page.body_first_line - 1
    problems = [Problem(page.path, line + offset, "error", message) for line, message in finder.found]
    for match in _MARKDOWN_SCRIPT_LINK.finditer(body):
        line = body.count("\n", 0, match.start()) + page.body_first_line
        problems.append(Problem(page.path, line, "error",
                                f"a '{match.group(1).lower()}:' address is not allowed in pages"))
    return problems
