"""`make check` on data/search.yml: a group of the search vocabulary whose words the
handbook does not have finds nothing, and is an error at its line."""
from __future__ import annotations

import datetime as dt

import pytest

from handbook.checks.editorial import run_checks
from handbook.checks.search_vocabulary import check_search_vocabulary, handbook_text, occurs
from handbook.content.model import load_handbook
from tests.support import REPO, copy_project


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project", folders=("data", "docs", "editions"))


def test_the_handbooks_vocabulary_points_at_its_text():
    handbook = load_handbook(REPO)
    assert check_search_vocabulary(handbook) == []


def test_phrases_are_found_with_their_words_together_and_any_word_form():
    text = handbook_text(load_handbook(REPO))
    assert occurs("drink or drugs", text)          # section 4, as written
    assert occurs("positions of trust", text)      # another form of "position of trust"
    assert occurs("LGBTQ+", text)
    assert not occurs("down line", text)           # "down the line": not together
    assert not occurs("county lines", text)        # the chapter does not say it


def test_a_synonym_group_that_points_at_nothing_is_an_error_at_its_line(project):
    path = project / "data" / "search.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("synonyms:\n", "synonyms:\n  - [zorbing, zorbs]\n", 1),
                    encoding="utf-8")
    problems = check_search_vocabulary(load_handbook(project))
    assert [(p.path, p.severity) for p in problems] == [("data/search.yml", "error")]
    assert "[zorbing, zorbs]" in problems[0].message and "finds nothing" in problems[0].message
    assert path.read_text(encoding="utf-8").splitlines()[problems[0].line - 1].strip() == "- [zorbing, zorbs]"


def test_everyday_words_must_find_words_the_handbook_has(project):
    path = project / "data" / "search.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("everyday_words:\n", "everyday_words:\n  - words: [zorbing]\n"
                                 "    finds: [zorb park]\n", 1), encoding="utf-8")
    problems = check_search_vocabulary(load_handbook(project))
    assert len(problems) == 1 and problems[0].severity == "error"
    assert "'zorbing'" in problems[0].message
    assert "finds: [zorb park]" in path.read_text(encoding="utf-8").splitlines()[problems[0].line - 1]


def test_a_page_kind_naming_no_page_is_a_warning(project):
    path = project / "data" / "search.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("glossary.md, \"chapters/*.md#further-information\"",
                                 "glosary.md, \"chapters/*.md#further-informaton\""), encoding="utf-8")
    problems = check_search_vocabulary(load_handbook(project))
    assert [p.severity for p in problems] == ["warning"]
    assert "'glosary.md'" in problems[0].message


def test_make_check_runs_it(project):
    path = project / "data" / "search.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("synonyms:\n", "synonyms:\n  - [zorbing]\n", 1),
                    encoding="utf-8")
    problems = run_checks(load_handbook(project), today=dt.date(2026, 11, 29))
    assert any(p.path == "data/search.yml" and p.severity == "error" for p in problems)
