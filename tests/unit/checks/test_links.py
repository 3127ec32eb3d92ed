"""Links and anchors checked without building: anchors that macros make count, links that
macros make are checked, and each problem names the line to fix."""
from __future__ import annotations

import pytest

from handbook.checks.links import anchors_in, check_links, links_in
from handbook.content.model import load_handbook
from tests.support import CHAPTER, REPO


def edit(project, relative, old, new):
    path = project / relative
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))
    return path


def line_in(path, text):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_real_handbook_has_no_broken_link():
    assert check_links(load_handbook(REPO)) == []


def test_anchors_from_headings_attributes_and_html():
    markdown = "\n".join([
        "## 3. Indicators {#indicators}",
        "## Who is at Risk?",
        "## Who is at Risk?",
        "Text {: #para-anchor }",
        '<span id="indicators-going-missing"></span>',
        "```",
        "## Not a heading {#in-code}",
        "```",
    ])
    assert anchors_in(markdown) == {"indicators", "who-is-at-risk", "who-is-at-risk_1",
                                    "para-anchor", "indicators-going-missing"}


def test_links_of_every_kind():
    markdown = ('[a](x.md#y) ![img](pic.png "title") <a href="z.md">z</a>\n'
                "[ref]: ref.md\n*[CSE]: Child sexual exploitation\n[b](<with space.md>)")
    assert sorted(links_in(markdown)) == ["pic.png", "ref.md", "with space.md", "x.md#y", "z.md"]


@pytest.mark.parametrize("case", [
    # (page, old text, new text, the broken target, why)
    ("docs/index.md", "(indicators.md)", "(indicator.md)", "indicator.md",
     "there is no page 'docs/indicator.md'"),
    ("docs/index.md", "#protection-and-action)", "#protection)",
     f"{CHAPTER}#protection", f"'{CHAPTER}' has no anchor '#protection'"),
    ("docs/using-this-handbook.md", "(amendments.md)", "(/amendments.md)", "/amendments.md",
     "links start from this page"),
    ("docs/using-this-handbook.md", "(glossary.md)", "(#glosary)", "#glosary",
     "this page has no anchor '#glosary'"),
    ("docs/using-this-handbook.md", "(glossary.md)", "(../glossary.md)", "../glossary.md",
     "it points outside docs/"),
], ids=["no-page", "no-anchor", "absolute", "same-page-anchor", "outside-docs"])
def test_broken_links_name_their_line(project_copy, case):
    relative, old, new, target, why = case
    path = edit(project_copy, relative, old, new)
    (problem,) = check_links(load_handbook(project_copy))
    assert problem.path == relative and problem.severity == "error"
    assert problem.line == line_in(path, new)
    assert problem.message.startswith(f"broken link '{target}': {why}")


def test_anchor_made_by_a_macro_counts(project_copy):
    # The indicator rows' anchors exist only once indicator_table() has run.
    path = edit(project_copy, "docs/using-this-handbook.md", "(amendments.md)",
                "(indicators.md#indicators-going-missing)")
    assert check_links(load_handbook(project_copy)) == []
    path.write_text(path.read_text().replace("#indicators-going-missing", "#indicators-gone-missing"))
    (problem,) = check_links(load_handbook(project_copy))
    assert "'indicators.md' has no anchor '#indicators-gone-missing'" in problem.message


def test_link_made_by_a_macro_points_at_the_call(project_copy):
    # indicator_table links every row to the same row on the page it names: remove a row's
    # anchor there (by renaming the group's page heading anchors away) and the links break.
    path = edit(project_copy, "docs/indicators.md",
                'indicator_table("coercion", linked_to="chapters/safeguarding-children-from-sexual-exploitation.md")',
                'indicator_table("coercion", linked_to="glossary.md")')
    problems = check_links(load_handbook(project_copy))
    assert problems and {p.path for p in problems} == {"docs/indicators.md"}
    assert {p.line for p in problems} == {line_in(path, 'linked_to="glossary.md"')}
    assert "'glossary.md' has no anchor '#coercion-" in problems[0].message


def test_amendment_section_must_be_an_anchor_of_its_chapter(project_copy):
    path = edit(project_copy, f"docs/{CHAPTER}", "section: online-exploitation", "section: online")
    (in_chapter, in_register) = sorted(check_links(load_handbook(project_copy)),
                                       key=lambda p: p.path != f"docs/{CHAPTER}")
    assert in_chapter.line == next(i for i, line in enumerate(path.read_text().splitlines(), 1)
                                   if line.strip() == "section: online")
    assert "amendment's section 'online' is not an anchor in this chapter" in in_chapter.message
    assert in_register.path == "docs/amendments.md"  # the register links to it too
