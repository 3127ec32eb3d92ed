
from handbook.content.indicators import IndicatorData, indicator_table
from handbook.content.yaml_source import parse_yaml, validate
from tests.support import REPO

DATA = REPO / "data" / "indicators.yml"


def load():
    return validate(IndicatorData, parse_yaml(DATA.read_text(), "data/indicators.yml"))


def test_the_chapter_has_13_indicators_and_13_methods_of_coercion():
    data = load()
    assert len(data.group("indicators").items) == 13
    assert len(data.group("coercion").items) == 13


def test_every_row_has_an_anchor_and_links_to_the_same_row_elsewhere():
    group = load().group("indicators")
    table = indicator_table(group, page="chapters/c.md", linked_to="indicators.md", link_label="At a glance")
    for item in group.items:
        anchor = f"indicators-{item.id}"
        assert f'<span id="{anchor}"' in table
        assert f"[At a glance](../indicators.md#{anchor})" in table
    assert "Unexplained money or gifts" in table
