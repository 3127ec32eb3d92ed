"""The checks of how a page is put together, on small chapters written for them: what each
must find, at its line, and (negative controls) the ordinary text it must leave alone."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from handbook.checks.amendments import check_amendment_dates
from handbook.checks.links import check_links, check_unlinked_chapters
from handbook.checks.structure import check_duplicate_anchors, check_heading_anchors, check_title_line
from handbook.content.model import load_for_checking, load_handbook
from handbook.templating.renderer import PageRenderer
from tests.support import copy_project

FRONT_MATTER = """---
title: Keeping Children Safe Online
summary: A chapter written for a test.
owner: Test editor
last_reviewed: 2026-01
action_section: what-to-do
amendments:
{amendments}
---

"""
FIRST = "  - date: 2026-01\n    kind: guidance\n    summary: First published."


@pytest.fixture
def chapter(tmp_path):
    def write(body: str, amendments: str = FIRST):
        project = tmp_path / "project"
        if not project.exists():
            copy_project(project, folders=("data", "editions"))
            (project / "docs" / "chapters").mkdir(parents=True)
            (project / "docs" / "index.md").write_text(
                "---\ntitle: Home\nsummary: Home.\n---\n\n{{ chapters_list() }}\n", encoding="utf-8")
        path = project / "docs" / "chapters" / "test.md"
        path.write_text(FRONT_MATTER.format(amendments=amendments) + textwrap.dedent(body).lstrip("\n"),
                        encoding="utf-8")
        handbook = load_handbook(project)
        return handbook, handbook.pages["chapters/test.md"]
    return write


ACTION = "## 1. What to do {#what-to-do}\n\nCall the team.\n"


def test_a_title_line_in_a_chapter_is_reported_at_its_line(chapter):
    handbook, page = chapter("# Keeping Children Safe Online\n\n" + ACTION)
    (found,) = check_title_line(page)
    assert (found.line, found.severity) == (page.line_of("# Keeping"), "warning")
    assert "a '# ' title line in a chapter" in found.message


def test_headings_and_code_are_not_title_lines(chapter):
    handbook, page = chapter(ACTION + "\n### Steps {#steps}\n\n```\n# not a title\n```\n")
    assert check_title_line(page) == []
    assert check_title_line(handbook.pages["index.md"]) == []  # only chapters take their title from front matter


def test_a_duplicate_anchor_is_an_error_at_the_second(chapter):
    handbook, page = chapter(ACTION + "\n## 2. More to do {#what-to-do}\n\nText.\n")
    (found,) = check_duplicate_anchors(page)
    assert (found.line, found.severity) == (page.line_of("## 2. More"), "error")
    assert f"(line {page.line_of('## 1. What')})" in found.message
    assert [p for p in check_links(handbook) if "already used" in p.message] == [found]


def test_distinct_anchors_and_jinja_comments_are_not_duplicates(chapter):
    handbook, page = chapter(ACTION + "\n{## a note #what-to-do ##}\n\n## 2. More {#more}\n\n"
                             '<span id="row-a"></span> and <span id="row-b"></span>\n')
    assert check_duplicate_anchors(page) == []


def test_a_numbered_heading_without_an_anchor(chapter):
    handbook, page = chapter(ACTION + "\n## 2. Who to tell\n\nText.\n\n## Further reading\n\nText.\n"
                             "\n### 2.1. Locally {#locally}\n")
    (found,) = check_heading_anchors(page)
    assert (found.line, found.severity) == (page.line_of("## 2. Who"), "warning")


def test_amendments_dated_in_the_future_or_out_of_order(chapter):
    amendments = (FIRST + "\n  - date: 2026-12-25\n    kind: editorial\n    summary: Tomorrow."
                  "\n  - date: 2026-11-01\n    kind: editorial\n    summary: Before the one above.")
    handbook, page = chapter(ACTION, amendments)
    future, order = check_amendment_dates(handbook, dt.date(2026, 11, 29))
    assert (future.line, future.severity) == (page.field_line("amendments", 1, "date"), "error")
    assert future.message.startswith("amendment dated 25 December 2026, after today (29 November 2026)")
    assert (order.line, order.severity) == (page.field_line("amendments", 2, "date"), "warning")
    # The same amendments on the day after Christmas: only the order is wrong.
    assert [p.severity for p in check_amendment_dates(handbook, dt.date(2026, 12, 26))] == ["warning"]


def test_a_chapter_no_page_links_to(chapter):
    handbook, page = chapter(ACTION)
    assert check_unlinked_chapters(handbook, PageRenderer(handbook)) == []  # Home lists every chapter
    home = handbook.root / "docs" / "index.md"
    home.write_text("---\ntitle: Home\nsummary: Home.\n---\n\nNo list.\n", encoding="utf-8")
    handbook = load_handbook(handbook.root)
    (found,) = check_unlinked_chapters(handbook, PageRenderer(handbook))
    assert (found.path, found.line) == ("docs/chapters/test.md", page.field_line("title"))


def test_front_matter_mistakes_and_broken_links_are_found_in_one_run(chapter):
    handbook, page = chapter(ACTION + "\nSee [nothing](../nowhere.md).\n")
    path = handbook.root / "docs" / "chapters" / "test.md"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: Test", "ownr: Test"), encoding="utf-8")
    handbook, errors = load_for_checking(handbook.root)
    errors += check_links(handbook)
    assert [p.message for p in errors] == [
        "unknown field 'ownr'; did you mean 'owner'?",
        "broken link '../nowhere.md': there is no page 'docs/nowhere.md'"]


def test_unreadable_front_matter_still_has_its_links_checked(chapter):
    handbook, page = chapter(ACTION + "\nSee [nothing](../nowhere.md).\n")
    path = handbook.root / "docs" / "chapters" / "test.md"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: Test editor", "owner: [Test"),
                    encoding="utf-8")
    handbook, errors = load_for_checking(handbook.root)
    assert handbook.pages["chapters/test.md"].stand_in
    errors += check_links(handbook)
    assert [p.message.split(":")[0] for p in errors] == ["not valid YAML", "broken link '../nowhere.md'"]
