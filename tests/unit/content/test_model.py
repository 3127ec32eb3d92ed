import pytest

from handbook.content.model import load_handbook
from handbook.problems import HandbookError
from handbook.templating.renderer import PageRenderer
from tests.support import CHAPTER, REPO


def test_the_real_handbook_loads_with_only_known_gaps_as_warnings():
    handbook = load_handbook(REPO)
    assert [page.src for page in handbook.chapters] == [CHAPTER]
    assert template_problems(handbook) == []
    assert all(w.severity == "warning" for w in handbook.warnings)


def break_file(project, relative, old, new):
    path = project / relative
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))


def test_duplicate_id_names_both_lines(project_copy):
    break_file(project_copy, "data/indicators.yml", "id: going-missing", "id: money-or-gifts")
    with pytest.raises(HandbookError) as caught:
        load_handbook(project_copy)
    (problem,) = caught.value.problems
    lines = (project_copy / "data" / "indicators.yml").read_text().splitlines()
    first, second = [number for number, line in enumerate(lines, start=1) if line.strip() == "- id: money-or-gifts"]
    assert problem.path == "data/indicators.yml" and problem.line == second
    assert f"duplicate id 'indicators/money-or-gifts' (first at line {first})" in problem.message


def test_every_error_is_reported_not_just_the_first(project_copy):
    break_file(project_copy, "data/glossary.yml", "abbreviations:", "abbreviation:")
    break_file(project_copy, "docs/glossary.md", "title: Glossary", "titel: Glossary")
    with pytest.raises(HandbookError) as caught:
        load_handbook(project_copy)
    paths = {p.path for p in caught.value.problems}
    assert paths == {"data/glossary.yml", "docs/glossary.md"}


def test_resource_named_in_front_matter_must_exist(project_copy):
    break_file(project_copy, f"docs/{CHAPTER}", "  - csa-centre\n", "  - csa-center\n")
    with pytest.raises(HandbookError, match="resources names 'csa-center'") as caught:
        load_handbook(project_copy)
    assert caught.value.problems[0].line is not None


def test_macro_with_unknown_id_is_found_before_building(project_copy):
    break_file(project_copy, "docs/indicators.md", 'indicator_table("coercion"', 'indicator_table("coersion"')
    problems = template_problems(load_handbook(project_copy))
    (problem,) = problems
    assert problem.path == "docs/indicators.md"
    assert "no indicator group with id 'coersion'" in problem.message
    line = (project_copy / "docs/indicators.md").read_text().splitlines()[problem.line - 1]
    assert "coersion" in line


def test_unknown_macro_and_unknown_name(project_copy):
    break_file(project_copy, "docs/contacts.md", "{{ contacts() }}", "{{ contact_list() }}\n\n{{ partnr.name }}")
    messages = [p.message for p in template_problems(load_handbook(project_copy))]
    assert any("unknown macro 'contact_list'" in m for m in messages)
    assert any("unknown name 'partnr'" in m for m in messages)


def test_editions_newest_first_and_current(project_copy):
    assert str(load_handbook(REPO).editions.current.date) == "2026-11-29"
    path = project_copy / "data/editions.yml"
    text = path.read_text()
    path.write_text(text.replace("date: 2026-11-29", "date: 2023-01-01"))
    with pytest.raises(HandbookError, match="newest first"):
        load_handbook(project_copy)


def test_the_model_is_read_again_when_a_page_changes(project_copy):
    # Pages already read are kept while their file is unchanged; `make serve` must still
    # see every edit.
    assert load_handbook(project_copy).pages[CHAPTER].meta.title.startswith("Safeguarding")
    chapter = project_copy / "docs" / CHAPTER
    chapter.write_text(chapter.read_text().replace("title: Safeguarding", "title: Protecting", 1))
    assert load_handbook(project_copy).pages[CHAPTER].meta.title.startswith("Protecting")


def template_problems(handbook):
    """Every page's template problems, found by rendering every page."""
    return PageRenderer(handbook).problems(handbook.pages.values())
