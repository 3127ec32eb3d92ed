"""Markdown extension (mkdocs.yml) for the handbook's data tables:

- every table cell carries its column's heading as `data-label`, so that on a narrow
  screen or with large text the stylesheet can show each row as a card of labelled cells
  instead of a table that scrolls sideways (WCAG 2.2 reflow). A table of one column needs
  no label in its cards: its caption says what the rows are.
- a caption written by a renderer (`handbook.content.tables.caption`, a marked paragraph
  just above the table) becomes the table's `<caption>`, visually hidden when the heading
  the table sits under already says it (every word of the heading is in the caption).
- every table is in the page as Material's script would leave it: in Material's scrolling
  box (`md-typeset__scrollwrap` and `md-typeset__table`) and marked `hb-table`. Material
  puts a table without a class into that box when the page has loaded, which makes the
  browser lay out every table of the page a second time (about half of a phone's start-up
  work on a page with tables); a table with a class it leaves alone. handbook.css gives
  `hb-table` Material's own table styles.

The table itself is unchanged for everything else (wide screens, screen readers, paper)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from handbook.content.tables import CAPTION_CLASS

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VISUALLY_HIDDEN = "hb-visually-hidden"
TABLE_CLASS = "hb-table"  # a table already in Material's scrolling box (handbook.css styles it)


def _words(element: etree.Element) -> list[str]:
    return re.findall(r"\w+", " ".join(element.itertext()).casefold())


class _Tables(Treeprocessor):
    def run(self, root):
        parents = {child: parent for parent in root.iter() for child in parent}
        heading, found = None, []
        for element in root.iter():  # document order: a table sits under the last heading seen
            if element.tag in HEADINGS:
                heading = element
            elif element.tag == "table":
                found.append((element, heading))
        for table, heading in found:
            self._caption(table, parents.get(table), heading)
            self._label_cells(table)
            self._box(table, parents.get(table))

    @staticmethod
    def _caption(table, parent, heading) -> None:
        if parent is None:
            return
        index = list(parent).index(table)
        before = parent[index - 1] if index else None
        if before is None or before.tag != "p" or CAPTION_CLASS not in before.get("class", "").split():
            return
        caption = etree.Element("caption", {key: value for key, value in before.items() if key != "class"})
        caption.text = before.text
        caption.extend(list(before))
        if heading is not None and set(_words(heading)) <= set(_words(caption)):
            caption.set("class", VISUALLY_HIDDEN)
        table.insert(0, caption)
        parent.remove(before)

    @staticmethod
    def _box(table, parent) -> None:
        """Material's scrolling box around the table (its markup: `Un` in Material's
        bundle), so that Material's script, which boxes only tables without a class, leaves
        it where it is. A table with a class of its own is left to Material, as before."""
        if parent is None or table.get("class"):
            return
        index = list(parent).index(table)
        box = etree.Element("div", {"class": "md-typeset__scrollwrap"})
        etree.SubElement(box, "div", {"class": "md-typeset__table"}).append(table)
        box.tail, table.tail = table.tail, None
        parent.remove(table)
        parent.insert(index, box)
        table.set("class", TABLE_CLASS)

    @staticmethod
    def _label_cells(table) -> None:
        head, body = table.find("thead"), table.find("tbody")
        if head is None or body is None:
            return
        labels = [" ".join("".join(th.itertext()).split()) for th in head.iter("th")]
        if len(labels) < 2:
            return
        for row in body.iter("tr"):
            for label, cell in zip(labels, row.findall("td"), strict=False):
                if label:
                    cell.set("data-label", label)


class TableCardsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (priority 20) and attribute lists (8), so that headings
        # and captions read as the reader sees them and the caption's mark is in place.
        md.treeprocessors.register(_Tables(md), "hb_table_labels", 5)


def makeExtension(**kwargs) -> TableCardsExtension:  # noqa: N802 (Markdown's name for it)
    return TableCardsExtension(**kwargs)
