import time

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


@pytest.mark.parametrize("text, expected", [
    ("items:\n  - id: &first a\n    count: 1\n", "x.yml:2: error: YAML anchors and aliases (&first) are not allowed"),
    ("a: 1\nitems:\n  - *a\n", "x.yml:3: error: YAML anchors and aliases (*a) are not allowed"),
], ids=["anchor", "alias"])
def test_anchors_and_aliases_are_refused_at_their_line(text, expected):
    with pytest.raises(HandbookError) as caught:
        parse_yaml(text, "x.yml")
    assert str(caught.value).startswith(expected)


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(12))
    started = time.monotonic()
    with pytest.raises(HandbookError) as caught:
        parse_yaml(bomb, "data/glossary.yml")
    assert time.monotonic() - started < 0.5
    assert str(caught.value).startswith("data/glossary.yml:1: error: YAML anchors and aliases (&a)")


@pytest.mark.parametrize("text, expected", [
    ("title: x\nlast_reviewed: 2024-02-30\n", "page.md:3: error: '2024-02-30' is not a real date"),
    ("title: x\nlast_reviewed: 2024-13-01\n", "page.md:3: error: '2024-13-01' is not a real date"),
    ("count: 0x_\n", "page.md:2: error: '0x_' cannot be read as int"),
    ("count: " + "9" * 5000 + "\n", "page.md:2: error: '" + "9" * 40 + "...' cannot be read as int"),
    ("flag: !!bool maybe\n", "page.md:2: error: 'maybe' cannot be read as bool"),
], ids=["day", "month", "digits", "too-many-digits", "tagged"])
def test_values_python_cannot_hold_are_errors_at_their_line(text, expected):
    with pytest.raises(HandbookError) as caught:
        parse_yaml(text, "page.md", first_line=2)
    assert str(caught.value).startswith(expected)


def test_a_location_that_does_not_exist_is_given_the_first_line():
    assert parse_yaml("- a\n", "x.yml", first_line=2).line_of(("items",)) == 2
    assert parse_yaml("", "x.yml").line_of(("items",)) == 1


@pytest.mark.parametrize("text, line", [
    ("x: " + "[" * 999 + "]" * 999, 1),
    ("".join(" " * i + "- \n" for i in range(999)), 21),
], ids=["flow", "block"])
def test_nesting_deeper_than_the_limit_is_refused_without_recursing(text, line):
    with pytest.raises(HandbookError) as caught:
        parse_yaml(text, "x.yml")
    assert str(caught.value).startswith(f"x.yml:{line}: error: values nested more than 20 levels deep")
