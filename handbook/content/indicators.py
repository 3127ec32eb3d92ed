"""Indicators of exploitation and methods of coercion, as tables that link to each other."""
from __future__ import annotations

from handbook.addresses import relative_link
from handbook.content.fields import Id, Record, Text, find_by_id
from handbook.escaping import escape_cell

FILE = "indicators.yml"


class Indicator(Record):
    id: Id
    text: Text


class IndicatorGroup(Record):
    id: Id
    title: Text
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


def indicator_table(group: IndicatorGroup, *, page: str, linked_to: str, link_label: str) -> str:
    """A table of the group's rows; every row has an anchor and links to the same row on
    the page `linked_to` (docs-relative), so the chapter and the summary point at each other."""
    rows = [f"| {escape_cell(group.title)} | See also |", "| --- | --- |"]
    for item in group.items:
        anchor = group.anchor(item)
        target = relative_link(page, linked_to, anchor)
        rows.append(f'| <span id="{anchor}" class="hb-row-anchor"></span>{escape_cell(item.text)} '
                    f"| [{link_label}]({target}) |")
    return "\n".join(rows)
