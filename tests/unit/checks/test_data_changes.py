"""Guidance kept as data (indicators, law, resources, glossary) changed since the previous
edition with no amendment naming it: on a copy of the project, against the May 2024 edition."""
from __future__ import annotations

import pytest

from handbook.checks.amendments import check_amendments
from handbook.content.model import load_handbook
from tests.support import CHAPTER, copy_project

ADDED = "      - id: planted-indicator\n        text: An indicator planted by a test\n"
NAMING = """  - date: 2026-11-29
    kind: guidance
    section: indicators
    summary: Added an indicator.
    data: [{named}]
tags:"""


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def change(project, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(project, relative: str, text: str) -> int:
    lines = (project / relative).read_text(encoding="utf-8").splitlines()
    (number,) = [i for i, line in enumerate(lines, start=1) if text in line]
    return number


def data_warnings(project):
    return [p for p in check_amendments(load_handbook(project)) if p.path.startswith("data/")]


def test_the_handbook_as_it_is_names_every_data_change(project):
    assert data_warnings(project) == []


def test_an_indicator_added_without_an_amendment_is_reported_at_its_line(project):
    change(project, "data/indicators.yml", "      - id: physical-violence\n", ADDED + "      - id: physical-violence\n")
    (found,) = data_warnings(project)
    assert (found.path, found.line, found.severity) == (
        "data/indicators.yml", line_of(project, "data/indicators.yml", "id: planted-indicator"), "warning")
    assert found.message.startswith("indicator 'coercion/planted-indicator' was added since the May 2024 "
                                    "edition and no amendment since names it")
    assert "data: [indicators/planted-indicator]" in found.message


@pytest.mark.parametrize("named", ["indicators/planted-indicator", "indicators/coercion/planted-indicator",
                                   "indicators"])
def test_an_amendment_naming_the_item_or_its_data_set_records_it(project, named):
    change(project, "data/indicators.yml", "      - id: physical-violence\n", ADDED + "      - id: physical-violence\n")
    change(project, f"docs/{CHAPTER}", "tags:", NAMING.format(named=named))
    assert data_warnings(project) == []


def test_an_amendment_naming_another_item_does_not(project):
    change(project, "data/indicators.yml", "      - id: physical-violence\n", ADDED + "      - id: physical-violence\n")
    change(project, f"docs/{CHAPTER}", "tags:", NAMING.format(named="indicators/fear"))
    assert len(data_warnings(project)) == 1


def test_a_changed_provision_is_reported(project):
    change(project, "data/legal.yml", "    sections: ss.66B-66D\n", "    sections: ss.66B-66E\n")
    # The provision was added in this edition and named by an amendment since: still named.
    assert data_warnings(project) == []
    change(project, f"docs/{CHAPTER}", "    data: [legal/sharing-intimate-images, legal/revenge-porn-2015]\n",
           "    data: [legal/revenge-porn-2015]\n")
    (found,) = data_warnings(project)
    assert (found.path, found.line) == ("data/legal.yml", line_of(project, "data/legal.yml", "id: sharing-intimate-images"))
    assert found.message.startswith("provision 'sharing-intimate-images' was added since the May 2024 edition")


def test_a_changed_and_a_removed_glossary_entry_are_reported(project):
    # The archived edition carries a copy of the glossary: entries can change or go.
    change(project, "data/glossary.yml", "    expansion: Bedfordshire Against Violence and Exploitation\n",
           "    expansion: Bedfordshire Against Violence and Exploitation (BAVEX)\n")
    glossary = (project / "data" / "glossary.yml").read_text(encoding="utf-8")
    start = glossary.index("  - abbr: CSE\n")
    end = glossary.index("  - abbr:", start + 1)
    (project / "data" / "glossary.yml").write_text(glossary[:start] + glossary[end:], encoding="utf-8")
    found = sorted(data_warnings(project), key=lambda p: p.message)
    assert [p.message.split(" and no")[0] for p in found] == [
        "entry 'abbr-bavex' was changed since the May 2024 edition",
        "entry 'abbr-cse' of the May 2024 edition was removed"]


def test_an_item_whose_words_were_in_the_previous_chapter_needs_no_amendment(project):
    # "Secretive behaviour" was a line of the May 2024 chapter's list of indicators.
    change(project, "data/indicators.yml", "      - id: secretive-behaviour\n        text: Secretive behaviour\n", "")
    change(project, "data/indicators.yml", "      - id: physical-violence\n",
           "      - id: secretive-behaviour\n        text: Secretive behaviour\n      - id: physical-violence\n")
    assert data_warnings(project) == []
