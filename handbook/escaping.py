"""Text from data and front matter made safe for where it is written. Pages are markdown,
which passes raw HTML through: every plain-text value from data is escaped before it goes
into a page, so that '<', '&' and '>' in data are shown as written and never become markup.
Markdown punctuation (emphasis, [links](...)) is left as it is: editors use it in data."""
from __future__ import annotations

import html


def text(value: str) -> str:
    """Plain text from data, safe in markdown and in HTML element content."""
    return html.escape(str(value), quote=False)


def attribute(value: str) -> str:
    """Text safe inside a double- or single-quoted HTML attribute."""
    return html.escape(str(value), quote=True)


def escape_cell(value: str) -> str:
    """Plain text from data, safe inside a markdown table cell."""
    return text(value).replace("|", "\\|").replace("\n", " ")


def escape_link_text(value: str) -> str:
    """Plain text from data, safe as the words of a markdown link inside a table cell
    (a bracket would end the link's words)."""
    return escape_cell(value).replace("[", "\\[").replace("]", "\\]")
