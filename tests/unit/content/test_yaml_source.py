import pytest

from handbook.content.fields import Record
from handbook.content.yaml_source import parse_yaml, validate
from handbook.problems import HandbookError


class Item(Record):
    id: str
    count: int


class Items(Record):
    items: list[Item]


def test_lines_of_values_are_recorded():
    source = parse_yaml("items:\n  - id: a\n    count: 1\n  - id: b\n    count: 2\n", "x.yml")
    assert source.line_of(("items", 1, "count")) == 5
    assert source.line_of(("items", 1, "missing")) == 4


def test_front_matter_offset():
    source = parse_yaml("title: x\nsummary: y\n", "page.md", first_line=2)
    assert source.line_of(("summary",)) == 3


def test_malformed_yaml_is_one_line_with_the_line_number():
    with pytest.raises(HandbookError) as caught:
        parse_yaml("items:\n  - id: a\n   count: [1\n", "data/x.yml")
    (problem,) = caught.value.problems
    assert str(problem).startswith("data/x.yml:3: error: not valid YAML")


@pytest.mark.parametrize("text, expected", [
    ("items:\n  - id: a\n    count: many\n", "x.yml:3: error: field 'items.0.count'"),
    ("items:\n  - id: a\n    count: 1\n    colour: red\n", "x.yml:4: error: unknown field 'items.0.colour'"),
    ("items:\n  - id: a\n", "x.yml:2: error: missing required field 'items.0.count'"),
], ids=["wrong-type", "unknown-field", "missing-field"])
def test_validation_errors_name_field_and_line(text, expected):
    with pytest.raises(HandbookError) as caught:
        validate(Items, parse_yaml(text, "x.yml"))
    assert str(caught.value).startswith(expected)
