import markdown
from bs4 import BeautifulSoup

from handbook.content.indicators import IndicatorData, indicator_table
from handbook.content.yaml_source import parse_yaml, validate
from tests.support import REPO

DATA = REPO / "data" / "indicators.yml"
# The markdown extensions the site uses for tables (mkdocs.yml).
EXTENSIONS = ["tables", "attr_list", "md_in_html", "handbook.templating.table_cards"]


def load():
    return validate(IndicatorData, parse_yaml(DATA.read_text(), "data/indicators.yml"))


def rendered(group, **where) -> BeautifulSoup:
    table = indicator_table(group, **where)
    return BeautifulSoup(markdown.markdown(table, extensions=EXTENSIONS), "html.parser")


def test_the_chapter_has_13_indicators_and_13_methods_of_coercion():
    data = load()
    assert len(data.group("indicators").items) == 13
    assert len(data.group("coercion").items) == 13


def test_each_rows_words_link_to_the_same_row_on_the_other_page():
    group = load().group("indicators")
    html = rendered(group, page="chapters/c.md", linked_to="indicators.md", linked_title="Indicators at a glance")
    rows = html.select("tbody tr")
    assert len(rows) == len(group.items)
    for row, item in zip(rows, group.items, strict=True):
        anchor = f"indicators-{item.id}"
        (cell,) = row.find_all("td")  # no column of "See also" links beside the indicator
        assert cell.find("span", id=anchor)
        (link,) = cell.find_all("a")
        assert link["href"] == f"../indicators.md#{anchor}" and link.get_text() == item.text
        assert "hb-counterpart" in link["class"]  # printed as words only (handbook.paper.pdf)
    assert [th.get_text() for th in html.select("thead th")] == ["Indicator"]


def test_one_link_above_the_table_leads_to_the_same_table_on_the_other_page():
    group = load().group("coercion")
    html = rendered(group, page="indicators.md", linked_to="chapters/c.md", linked_title="The chapter")
    # The table is in Material's scrolling box (handbook.templating.table_cards): the line
    # is just above the box.
    box = html.find("table").find_parent("div", class_="md-typeset__scrollwrap")
    above = box.find_previous_sibling()
    assert above.name == "p"
    (link,) = above.find_all("a")
    assert link.get_text() == "The chapter" and link["href"] == "chapters/c.md#coercion--table"
    assert above.get_text() == "The same list in The chapter: each line below links to its place there."
    assert above.select_one(".hb-screen-only").get_text() == ": each line below links to its place there"
    # The table on the other page is captioned with the group's title under that anchor.
    caption = html.find("table").caption
    assert caption["id"] == "coercion--table" and caption.get_text() == "Methods abusers use to coerce a child"
    assert len(html.find_all("p")) == 1  # the caption's paragraph became the caption


def test_indicator_words_from_data_stay_words():
    group = load().group("indicators")
    first = group.items[0].model_copy(update={"text": "Gifts [or] <b>money</b> | cash"})
    group = group.model_copy(update={"items": [first]})
    html = rendered(group, page="chapters/c.md", linked_to="indicators.md", linked_title="Glance")
    link = html.select_one("tbody td a")
    assert link.get_text() == "Gifts [or] <b>money</b> | cash" and link.find("b") is None
