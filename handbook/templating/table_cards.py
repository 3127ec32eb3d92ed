"""Markdown extension (mkdocs.yml): every table cell carries its column's heading as
`data-label`, so that on a narrow screen or with large text the stylesheet can show each
row as a card of labelled cells instead of a table that scrolls sideways (WCAG 2.2 reflow).
The table itself is unchanged for everything else (wide screens, screen readers, paper)."""
from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class _ColumnLabels(Treeprocessor):
    def run(self, root):
        for table in root.iter("table"):
            head, body = table.find("thead"), table.find("tbody")
            if head is None or body is None:
                continue
            labels = [" ".join("".join(th.itertext()).split()) for th in head.iter("th")]
            for row in body.iter("tr"):
                for label, cell in zip(labels, row.findall("td"), strict=False):
                    if label:
                        cell.set("data-label", label)


class TableCardsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (priority 20), so headings read as the reader sees them.
        md.treeprocessors.register(_ColumnLabels(md), "hb_table_labels", 5)


def makeExtension(**kwargs) -> TableCardsExtension:  # noqa: N802 (Markdown's name for it)
    return TableCardsExtension(**kwargs)
