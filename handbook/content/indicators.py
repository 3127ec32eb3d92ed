"""Indicators of exploitation and methods of coercion, as tables that link to each other."""
from __future__ import annotations

from handbook.addresses import relative_link
from handbook.content.fields import Id, Record, Text, find_by_id
from handbook.content.tables import caption
from handbook.escaping import escape_cell, escape_link_text

FILE = "indicators.yml"


class Indicator(Record):
    id: Id
    text: Text


class IndicatorGroup(Record):
    id: Id
    title: Text
    # What one row is, as the heading of the table's column ("Indicator"). Earlier
    # editions' data may not have it: their column is headed with the title.
    item_name: Text | None = None
    source: Text
    items: list[Indicator]

    def anchor(self, item: Indicator) -> str:
        """The row's anchor, the same on every page that shows the group."""
        return f"{self.id}-{item.id}"


class IndicatorData(Record):
    groups: list[IndicatorGroup]

    def group(self, group_id: str) -> IndicatorGroup:
        return find_by_id(self.groups, group_id, "indicator group")

    def id_locations(self):
        """(id, location in the file) of every id, for the duplicate check."""
        for g, group in enumerate(self.groups):
            yield group.id, ("groups", g, "id")
            for i, item in enumerate(group.items):
                yield f"{group.id}/{item.id}", ("groups", g, "items", i, "id")


# On a row's link to the same row on the other page: the PDFs print the row's words only
# (handbook.paper.pdf), since on paper every row would name the same page.
COUNTERPART_CLASS = "hb-counterpart"
# Words for the screen only (print.css hides them, the PDFs leave them out).
SCREEN_ONLY_CLASS = "hb-screen-only"


def table_anchor(group: IndicatorGroup) -> str:
    """The anchor of the group's table (its caption). Ids never hold "--", so it cannot
    be a row's anchor."""
    return f"{group.id}--table"


def indicator_table(group: IndicatorGroup, *, page: str, linked_to: str, linked_title: str) -> str:
    """The group's table, captioned with its title, under one link to the same table on
    the page `linked_to` (docs-relative, titled `linked_title`). Every row has an anchor,
    and its words link to the same row there, so the chapter and the summary point at
    each other row by row."""
    to_table = relative_link(page, linked_to, table_anchor(group))
    above = (f"The same list in [{escape_link_text(linked_title)}]({to_table})"
             f'<span class="{SCREEN_ONLY_CLASS}">: each line below links to its place there</span>.'
             "\n{: .hb-table-lead }")
    rows = [f"| {escape_cell(group.item_name or group.title)} |", "| --- |"]
    for item in group.items:
        anchor = group.anchor(item)
        target = relative_link(page, linked_to, anchor)
        rows.append(f'| <span id="{anchor}" class="hb-row-anchor"></span>'
                    f"[{escape_link_text(item.text)}]({target}){{: .{COUNTERPART_CLASS} }} |")
    return "\n".join([above, "", caption(group.title, anchor=table_anchor(group)), *rows])
