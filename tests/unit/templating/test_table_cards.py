"""The markdown extension behind table captions and cards, on markdown as the renderers
write it."""
import markdown
import pytest
from bs4 import BeautifulSoup

from handbook.content.tables import caption

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc", "handbook.templating.table_cards"]
TABLE = "| Number | Who |\n| --- | --- |\n| 999 | Police |\n"


def html(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text, extensions=EXTENSIONS), "html.parser")


def test_a_captions_paragraph_becomes_the_tables_caption():
    page = html(f"Some text.\n\n{caption('Who to call')}\n{TABLE}")
    table = page.find("table")
    assert table.find(True).name == "caption" and table.caption.get_text() == "Who to call"
    assert not table.caption.get("class")  # visible: no heading says it
    assert [p.get_text() for p in page.find_all("p")] == ["Some text."]


@pytest.mark.parametrize("heading, hidden", [
    ("## Who to call", True),                 # the heading says it all
    ("## Who to call {#who}", True),          # an anchor is not a word
    ("## Who to call now", False),            # the heading says more than the caption
    ("## Contacts", False),
])
def test_a_caption_the_heading_above_already_says_is_hidden_visually(heading, hidden):
    page = html(f"{heading}\n\nIntroduction.\n\n{caption('Who to call')}\n{TABLE}")
    assert (page.caption.get("class") == ["hb-visually-hidden"]) is hidden


def test_the_nearest_heading_decides():
    page = html(f"## Who to call\n\n### Numbers\n\n{caption('Who to call')}\n{TABLE}")
    assert not page.caption.get("class")


def test_a_caption_keeps_its_anchor_and_words_from_data_stay_words():
    page = html(f"{caption('Signs <b>&</b> symptoms', anchor='signs--table')}\n{TABLE}")
    assert page.caption["id"] == "signs--table"
    assert page.caption.get_text() == "Signs <b>&</b> symptoms" and page.caption.find("b") is None


def test_an_ordinary_paragraph_above_a_table_stays_a_paragraph():
    page = html(f"Numbers to call:\n\n{TABLE}")
    assert page.find("table").caption is None and page.find("p").get_text() == "Numbers to call:"


def test_cells_carry_their_columns_heading_except_in_a_table_of_one_column():
    page = html(TABLE + "\n\n| Sign |\n| --- |\n| Gifts |\n")
    wide, narrow = page.find_all("table")
    assert [td["data-label"] for td in wide.select("td")] == ["Number", "Who"]
    assert not narrow.td.has_attr("data-label")  # its caption or heading says what the rows are


def test_every_table_is_already_in_materials_scrolling_box():
    """Material's script boxes a table without a class when the page loads (laying it out a
    second time): the build does it instead, in Material's markup, and marks the table so
    that the script leaves it where it is."""
    page = html(f"Text.\n\n{caption('Who to call')}\n{TABLE}\nAfter.\n")
    table = page.find("table")
    assert table["class"] == ["hb-table"]
    inner, outer = table.parent, table.parent.parent
    assert inner.name == "div" and inner["class"] == ["md-typeset__table"] and list(inner.children) == [table]
    assert outer.name == "div" and outer["class"] == ["md-typeset__scrollwrap"]
    assert [p.get_text() for p in page.find_all("p")] == ["Text.", "After."]
    assert table.caption.get_text() == "Who to call" and table.td["data-label"] == "Number"


def test_a_table_with_a_class_of_its_own_is_left_to_material():
    page = html('<table class="other"><tr><td>Cell</td></tr></table>\n\n' + TABLE)
    assert [t.get("class") for t in page.find_all("table")] == [["other"], ["hb-table"]]
    assert page.find("table", class_="other").parent.name == "[document]"


def test_the_boxed_tables_have_materials_own_table_styles():
    """handbook.css copies, for `table.hb-table`, every rule Material's stylesheet has for
    `table:not([class])`: after an upgrade of Material, this says which ones changed."""
    import re
    from pathlib import Path

    import material

    from handbook import REPOSITORY

    stylesheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    (main,) = stylesheets.glob("main.*.min.css")
    material_css = main.read_text(encoding="utf-8")
    rules = re.findall(r"@media[^{}]*\{[^{}]*table:not\(\[class\]\)[^{}]*\{[^{}]*\}\}"
                       r"|[^{}]*table:not\(\[class\]\)[^{}]*\{[^{}]*\}", material_css)
    assert len(rules) == 12, "Material 9.8.1 has 12 rules for tables: see what changed"
    ours = "".join((REPOSITORY / "overrides" / "assets" / "handbook.css").read_text(encoding="utf-8").split())
    missing = [rule for rule in rules
               if "".join(rule.replace("table:not([class])", "table.hb-table").split()) not in ours]
    assert missing == []
