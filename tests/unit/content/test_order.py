"""Chapter order set by the editor (`order`), used by the navigation and by Home's list of
chapters ({{ chapters_list() }}): on a copy of the project with chapters added."""
from __future__ import annotations

import pytest

from handbook.build.navigation import build_nav
from handbook.content.model import load_for_checking, load_handbook
from handbook.templating.renderer import PageRenderer
from tests.support import CHAPTER, copy_project

TEMPLATE = """---
title: {title}
summary: The chapter {title}.
{order}owner: Test editor
last_reviewed: 2026-01
action_section: what-to-do
amendments:
  - date: 2026-01
    kind: guidance
    summary: First published.
---

## What to do {{#what-to-do}}

Call the team.
"""


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "project")

    def add(name: str, title: str, order: int | None):
        line = f"order: {order}\n" if order is not None else ""
        (project / "docs" / "chapters" / name).write_text(TEMPLATE.format(title=title, order=line),
                                                          encoding="utf-8")
    return project, add


def chapter_titles(nav) -> list[str]:
    (chapters,) = [entry["Chapters"] for entry in nav if "Chapters" in entry]
    return [next(iter(item)) for item in chapters]


def test_the_editors_order_not_the_alphabet(project):
    root, add = project
    add("zebra.md", "Zebra Crossings", 2)   # order 1 is the existing chapter
    add("apples.md", "Apples and Pears", 3)
    handbook = load_handbook(root)
    assert chapter_titles(build_nav(handbook)) == [
        "Safeguarding Children from Sexual Exploitation", "Zebra Crossings", "Apples and Pears"]
    home = PageRenderer(handbook).render(handbook.pages["index.md"]).markdown
    lines = [line for line in home.splitlines() if line.startswith("- [")]
    assert lines[:3] == [
        f"- [Safeguarding Children from Sexual Exploitation]({CHAPTER}): How to recognise child sexual "
        "exploitation, what the law says about consent, and what to do when you are worried that a child "
        "is being sexually exploited.",
        "- [Zebra Crossings](chapters/zebra.md): The chapter Zebra Crossings.",
        "- [Apples and Pears](chapters/apples.md): The chapter Apples and Pears."]


def test_a_chapter_without_an_order_comes_last_with_a_warning(project):
    root, add = project
    add("apples.md", "Apples and Pears", None)
    add("zebra.md", "Zebra Crossings", 2)
    handbook = load_handbook(root)
    assert chapter_titles(build_nav(handbook))[-1] == "Apples and Pears"
    (warning,) = [w for w in handbook.warnings if "has no order" in w.message]
    assert (warning.path, warning.line) == ("docs/chapters/apples.md", 2)


def test_two_chapters_with_one_order_is_an_error_at_the_second(project):
    root, add = project
    add("zebra.md", "Zebra Crossings", 1)
    _, errors = load_for_checking(root)
    (error,) = errors
    assert str(error) == (f"docs/chapters/zebra.md:4: error: order 1 is also the order of docs/{CHAPTER}: "
                          "give each chapter its own number (the navigation, Home and the PDFs follow it)")


def test_without_any_order_chapters_are_by_title_with_no_warning(project):
    root, add = project
    chapter = root / "docs" / CHAPTER
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("order: 1\n", ""), encoding="utf-8")
    add("apples.md", "Apples and Pears", None)
    handbook = load_handbook(root)
    assert chapter_titles(build_nav(handbook)) == ["Apples and Pears", "Safeguarding Children from Sexual Exploitation"]
    assert not [w for w in handbook.warnings if "has no order" in w.message]
