""""What changed" compares what a reader is told: a row added to a table is one added row,
and the columns a macro makes (links to another page) and list punctuation are not changes."""
from __future__ import annotations

import markdown

from handbook.build.edition_diff import _EXTENSIONS, _TextBlocks, compare


def blocks(text: str):
    parser = _TextBlocks()
    parser.feed(markdown.markdown(text, extensions=_EXTENSIONS))
    parser.close()
    return parser.blocks


TABLE = """| Indicators | See also |
| --- | --- |
{rows}
"""


def table(*rows: str) -> str:
    return TABLE.format(rows="\n".join(f'| <span id="{r.lower()}"></span>{r} | [At a glance](x.md#{r.lower()}) |'
                                       for r in rows))


def statuses(old: str, new: str) -> list[tuple[str, str]]:
    return [(b.status, b.html) for b in compare(blocks(old), blocks(new)) if b.status != "same"]


def test_a_row_added_is_one_inserted_row():
    changed = statuses(table("Fear", "Blackmail"), table("Fear", "Threats", "Blackmail"))
    assert len(changed) == 1
    status, html = changed[0]
    assert status == "inserted" and "Threats" in html and "Fear" not in html


def test_a_list_that_became_a_table_with_the_same_words_is_unchanged():
    old = "- Fear;\n- Blackmail;\n- Mental manipulation.\n"
    new = table("Fear", "Blackmail", "Mental manipulation")
    ((status, html),) = statuses(old, new)  # only the table's header row is new
    assert status == "inserted" and "Indicators | See also" in html


def test_a_changed_word_in_a_row_is_still_a_change():
    changed = statuses(table("Fear", "Blackmail"), table("Fear", "Blackmail and threats"))
    assert [s for s, _ in changed] == ["changed"]
    assert "<ins>" in changed[0][1] and "and threats" in changed[0][1]


def test_a_paragraph_keeps_its_full_stop():
    changed = statuses("Call the team now.\n", "Call the duty team now.\n")
    assert [s for s, _ in changed] == ["changed"] and changed[0][1].endswith("now.")
