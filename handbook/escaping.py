"""Text from data and front matter made safe for where it is written."""
from __future__ import annotations


def escape_cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")
