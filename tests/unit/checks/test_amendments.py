"""The check of amendments on a copy of the project: the chapter compared with the May 2024
edition section by section, each change needing an amendment dated after that edition."""
from __future__ import annotations

import datetime as dt

import pytest

from handbook.checks.amendments import check_amendments, split_sections
from handbook.checks.editorial import run_checks
from handbook.content.model import load_handbook
from tests.support import CHAPTER, copy_project

SENTENCE = "All practitioners should work on the basis that it is happening in their area."
CHANGED = "All practitioners should assume that it is happening in their area."
HEADING = "## 2. Who is at Risk? {#who-is-at-risk}"
AMENDMENT = """amendments:
  - date: {date}
    kind: guidance
    section: who-is-at-risk
    summary: Asked practitioners to assume that exploitation happens in their area.
"""


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def edit(project, old: str, new: str, count: int = 1) -> None:
    path = project / "docs" / CHAPTER
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(project, text: str) -> int:
    lines = (project / "docs" / CHAPTER).read_text(encoding="utf-8").splitlines()
    (number,) = [i for i, line in enumerate(lines, start=1) if line.startswith(text)]
    return number


def test_the_handbook_as_it_is_has_every_change_recorded(project):
    assert check_amendments(load_handbook(project)) == []


def test_a_sentence_changed_without_an_amendment_is_reported_at_its_section(project):
    edit(project, SENTENCE, CHANGED)
    (found,) = check_amendments(load_handbook(project))
    assert (found.path, found.line, found.severity) == (f"docs/{CHAPTER}", line_of(project, HEADING), "warning")
    assert found.message.startswith("section '2. Who is at Risk?' changed since the May 2024 edition "
                                    "and no amendment since names it: add an amendment (date, summary "
                                    "and section: who-is-at-risk)")


def test_make_checks_editorial_checks_include_it(project):
    edit(project, SENTENCE, CHANGED)
    found = run_checks(load_handbook(project), today=dt.date(2026, 11, 29))
    assert [p.line for p in found if "no amendment since names it" in p.message] == [line_of(project, HEADING)]


def test_an_amendment_naming_the_section_after_the_previous_edition_records_it(project):
    edit(project, SENTENCE, CHANGED)
    edit(project, "amendments:\n", AMENDMENT.format(date="2026-11-29"))
    assert check_amendments(load_handbook(project)) == []


def test_an_amendment_of_the_previous_edition_does_not(project):
    edit(project, SENTENCE, CHANGED)
    edit(project, "amendments:\n", AMENDMENT.format(date="2024-05"))
    assert [p.line for p in check_amendments(load_handbook(project))] == [line_of(project, HEADING)]


def test_whitespace_and_renumbering_are_not_changes(project):
    edit(project, SENTENCE, SENTENCE.replace(" should work ", "  should\nwork "))
    edit(project, "## 2. Who is at Risk?", "## 2.  Who is at Risk?")
    edit(project, "## 1. Definition", "## 10. Definition")
    assert check_amendments(load_handbook(project)) == []


def release_edition(project) -> None:
    """Release the handbook as it is as the November 2026 edition (its docs/ and data/ kept
    in editions/2026-11-29), the working tree becoming the next edition."""
    import shutil

    for folder in ("docs", "data"):
        shutil.copytree(project / folder, project / "editions" / "2026-11-29" / folder)
    editions = project / "data" / "editions.yml"
    text = editions.read_text(encoding="utf-8")
    editions.write_text(text.replace("editions:\n", """editions:
  - date: 2027-03
    title: March 2027 edition
    summary: The next edition.
""", 1).replace("      in force on sharing intimate images; the handbook's first open edition.\n",
                "      in force on sharing intimate images; the handbook's first open edition.\n"
                "    folder: editions/2026-11-29\n"), encoding="utf-8")


def test_after_a_release_the_chapter_is_compared_with_the_released_edition(project):
    release_edition(project)
    assert check_amendments(load_handbook(project)) == []
    edit(project, SENTENCE, CHANGED)
    (found,) = check_amendments(load_handbook(project))
    assert found.line == line_of(project, HEADING) and "since the November 2026 edition" in found.message


def test_a_change_made_through_data_is_a_change_to_the_chapters_that_show_it(project):
    """Further Information lists resources from data/resources.yml: a description changed
    there changes the chapter, and needs an amendment like any other change."""
    release_edition(project)
    resources = project / "data" / "resources.yml"
    text = resources.read_text(encoding="utf-8")
    resources.write_text(text.replace("by perpetrators external to the family.",
                                      "by people outside the family."), encoding="utf-8")
    (found,) = check_amendments(load_handbook(project))
    assert found.line == line_of(project, "## Further Information")
    assert "section: further-information" in found.message


def test_a_subsection_anchor_names_its_section(project):
    """Parents and Carers is a level-3 heading inside section 9: its amendment covers it."""
    edit(project, "Parents and carers are usually the people",
         "Parents and carers are very often the people")
    assert check_amendments(load_handbook(project)) == []
    edit(project, "    section: parents-and-carers\n", "")
    assert [p.line for p in check_amendments(load_handbook(project))] == [
        line_of(project, "## 9. Supporting Children and their Families")]


def test_a_removed_section_needs_an_amendment_without_a_section(project):
    path = project / "docs" / CHAPTER
    text = path.read_text(encoding="utf-8")
    start, end = text.index(HEADING), text.index("## 3. Indicators")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    (found,) = check_amendments(load_handbook(project))
    assert found.line == line_of(project, "amendments:")
    assert "section '2. Who is at Risk?' of the May 2024 edition is no longer in the chapter" in found.message
    edit(project, "amendments:\n", "amendments:\n  - date: 2026-11-29\n    kind: guidance\n    summary: Removed section 2.\n")
    assert check_amendments(load_handbook(project)) == []


def test_no_previous_edition_nothing_to_compare(project):
    editions = project / "data" / "editions.yml"
    text = editions.read_text(encoding="utf-8")
    editions.write_text(text[:text.index("  - date: 2024-05")], encoding="utf-8")
    edit(project, SENTENCE, CHANGED)
    assert check_amendments(load_handbook(project)) == []


def test_sections_are_level_2_headings_with_their_anchors():
    sections = split_sections("Intro\n## One {#one}\nText\n### Sub {#sub}\nMore\n## Two\nEnd\n", first_line=5)
    assert list(sections) == ["", "one", "title:Two"]
    assert sections["one"].line == 6 and sections["one"].anchors == {"one", "sub"}
    assert sections["one"].text == "## One {#one} Text ### Sub {#sub} More"
    assert sections[""].line == 5 and sections["title:Two"].title == "Two"
