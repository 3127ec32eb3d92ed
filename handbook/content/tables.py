"""Captions for the tables the renderers write. A markdown table has no caption of its own,
so a renderer writes the caption as a marked paragraph just above the table, and the
markdown extension `handbook.templating.table_cards` moves it into the table as its
`<caption>`: every data table is named, for screen readers and outside checkers (WCAG
1.3.1), from the data that made it, never typed into a page."""
from __future__ import annotations

from handbook.escaping import text

CAPTION_CLASS = "hb-table-caption"


def caption(words: str, *, anchor: str | None = None) -> str:
    """The markdown paragraph that becomes the caption of the table written right after it
    (a blank line between them). `anchor` gives the caption an id to link to. The
    extension hides the caption visually when the heading the table sits under already
    says the same (its words are all in the caption)."""
    attrs = f".{CAPTION_CLASS}" + (f" #{anchor}" if anchor else "")
    return f"{text(words)}\n{{: {attrs} }}\n"
