import time

import pytest

from handbook.content.fields import Record
from handbook.content.yaml_source import parse_yaml, validate, validate_leniently
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
    ("items:\n  - id: a\n    count: many\n", "x.yml:3: error: field 'count' of item 'a'"),
    ("items:\n  - id: a\n    count: 1\n    colour: red\n",
     "x.yml:4: error: unknown field 'colour' of item 'a'; check its spelling, or remove it"),
    ("items:\n  - id: a\n", "x.yml:2: error: missing required field 'count' of item 'a'"),
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


class Change(Record):
    date: str
    summary: str


class Chapter(Record):
    title: str
    changes: list[Change]


def test_a_misspelt_field_is_one_error_with_a_suggestion():
    with pytest.raises(HandbookError) as caught:
        validate(Items, parse_yaml("items:\n  - id: a\n    cuont: 1\n", "x.yml"))
    assert [str(p) for p in caught.value.problems] == [
        "x.yml:3: error: unknown field 'cuont' of item 'a'; did you mean 'count'?"]


def test_a_misspelt_top_level_field_is_one_error_with_a_suggestion():
    with pytest.raises(HandbookError) as caught:
        validate(Chapter, parse_yaml("titel: x\nchanges: []\n", "x.md", first_line=2))
    assert [str(p) for p in caught.value.problems] == [
        "x.md:2: error: unknown field 'titel'; did you mean 'title'?"]


def test_an_item_without_an_id_is_named_by_its_line():
    text = "title: x\nchanges:\n  - date: '2026-01-01'\n    summary: a\n  - date: '2026-01-02'\n"
    with pytest.raises(HandbookError) as caught:
        validate(Chapter, parse_yaml(text, "x.yml"))
    assert [str(p) for p in caught.value.problems] == [
        "x.yml:5: error: missing required field 'summary' of the change at line 5"]


def test_lenient_validation_reads_what_it_can_without_guessing():
    text = ("items:\n  - id: a\n    cuont: 1\n  - id: b\n    count: many\n"
            "  - id: c\n    count: 3\n    colour: red\n")
    items, problems = validate_leniently(Items, parse_yaml(text, "x.yml"))
    assert len(problems) == 3
    # the misspelt field read under its name, the wrong item left out, the unknown field dropped
    assert [(item.id, item.count) for item in items.items] == [("a", 1), ("c", 3)]


def test_lenient_validation_gives_up_on_a_field_of_the_file_itself():
    items, problems = validate_leniently(Chapter, parse_yaml("changes: []\n", "x.yml"))
    assert items is None and len(problems) == 1
