"""Each editorial check on small chapters written for it: what it must find, and (as
negative controls) the ordinary text it must leave alone."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from handbook.checks import editorial as check
from handbook.checks.prose import page_blocks
from handbook.content.model import load_handbook
from tests.support import copy_project

FRONT_MATTER = """---
title: Keeping Children Safe Online
summary: A chapter written for a test.
owner: Test editor
last_reviewed: 2026-01
action_section: what-to-do
amendments:
  - date: 2026-01
    kind: guidance
    summary: First published.
---

"""


@pytest.fixture
def chapter(tmp_path):
    """Write a chapter with `body` into a copy of the handbook's data; return the loaded
    handbook and its page."""
    def write(body: str, name: str = "test.md"):
        project = tmp_path / "project"
        if not project.exists():
            copy_project(project, folders=("data", "editions"))
            (project / "docs" / "chapters").mkdir(parents=True)
        path = project / "docs" / "chapters" / name
        path.write_text(FRONT_MATTER + textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
        handbook = load_handbook(project)
        return handbook, handbook.pages[f"chapters/{name}"]
    return write


def line_of(page, text):
    return page.line_of(text)


def run(function, handbook, page):
    blocks = page_blocks(page)
    if function in (check.check_section_numbering, check.check_brackets):
        return function(page, blocks)
    if function in (check.check_abbreviations, check.check_superseded_citations):
        return function(page, blocks, handbook)
    return function(page, blocks, handbook.editorial)


def test_numbering_that_skips_and_repeats(chapter):
    handbook, page = chapter("""
        ## 1. One
        ## 2. Two
        ### 2.1 Not numbered the counted way
        ### 1. Sub one
        ### 2. Sub two
        ## 4. Four
        ## 4. Four again
        ## Further information
        """)
    found = run(check.check_section_numbering, handbook, page)
    assert [(p.line, p.message.split(":")[0]) for p in found] == [
        (line_of(page, "## 4. Four"), "section numbering jumps from 2 to 4 (no section 3)"),
        (line_of(page, "## 4. Four again"), "section number 4 is used twice"),
    ]


def test_numbering_of_subsections_restarts_under_each_section(chapter):
    handbook, page = chapter("""
        ## 1. One
        ### 1. Sub
        ### 2. Sub
        ## 2. Two
        ### 1. Sub
        """)
    assert run(check.check_section_numbering, handbook, page) == []


PARAGRAPH = ("Parents and carers can help children stay safe online by talking with them "
             "about the apps they use, the people they meet and what to do when something "
             "online worries them; practitioners can support parents to do this well.")


def test_heading_over_text_about_something_else(chapter):
    handbook, page = chapter(f"""
        ## 1. Grooming in Gaming Communities

        {PARAGRAPH}

        ## 2. Talking with Parents

        {PARAGRAPH}
        """)
    (found,) = run(check.check_heading_matches_text, handbook, page)
    assert found.line == line_of(page, "## 1. Grooming")
    assert "none of its words (grooming, gaming, communities) appear" in found.message


def test_heading_words_that_fit_every_section_are_not_counted(chapter):
    # 'Definition' names the kind of text; 'Children' and 'Online' are in the title.
    handbook, page = chapter(f"""
        ## 1. Definition

        {PARAGRAPH}

        ## 2. Children Online

        {PARAGRAPH}
        """)
    assert run(check.check_heading_matches_text, handbook, page) == []


def test_colon_with_no_list_after_it(chapter):
    handbook, page = chapter("""
        ## 1. Missing

        If a child goes missing, the following steps should be taken:

        ## 2. Next

        Child sexual exploitation is a form of child sexual abuse:

        Sexual abuse involves forcing or enticing a child to take part in sexual activities.

        Read these procedures:

        More text follows here, not the list it promised.

        Effective information sharing can:

        - help build a picture of risk.
        """)
    found = run(check.check_dangling_colons, handbook, page)
    assert [p.line for p in found] == [line_of(page, "the following steps"),
                                       line_of(page, "Read these procedures:")]
    assert "before the next heading" in found[0].message
    assert "announces a list but a paragraph follows" in found[1].message


def test_colon_before_a_macro_is_left_alone(chapter):
    handbook, page = chapter("""
        The signs include the following:

        {{ indicator_table("indicators", linked_to="indicators.md") }}
        """)
    assert run(check.check_dangling_colons, handbook, page) == []


def test_repeated_clause_and_repeated_sentence(chapter):
    handbook, page = chapter("""
        Working with exploited children is a complex task which can involve serious crime.

        Share information where the risk to the child from harm outweighs the duty of where the risk to the child from harm outweighs the duty of confidentiality.

        Again: working with exploited children is a complex task which can involve serious crime.
        """)
    inside, across = run(check.check_repetition, handbook, page)
    assert inside.line == line_of(page, "Share information")
    assert ("'where the risk to the child from harm outweighs the duty of' appears twice"
            in inside.message)
    assert across.line == line_of(page, "Again:")
    assert across.message.startswith(f"repeats text from line {line_of(page, 'Working with')}: "
                                      "'working with exploited children is a complex task which "
                                      "can involve serious crime'")


def test_short_common_phrases_are_not_repetition(chapter):
    handbook, page = chapter("""
        The child or young person should be asked. The child or young person should be heard.
        """)
    assert run(check.check_repetition, handbook, page) == []


def test_brackets(chapter):
    handbook, page = chapter("""
        - understanding of exploitation including the grooming process, online abuse etc.);
        - a sentence that opens a bracket (and never closes it.
        - (a) in exchange for something, and (b) for the advantage of the abuser;
        - a) an enumerated item, with a [link](../indicators.md) (and an aside).
        """)
    found = run(check.check_brackets, handbook, page)
    assert [(p.line, p.message.split(" (near")[0]) for p in found] == [
        (line_of(page, "etc.);"), "unbalanced bracket: ')' with no '(' before it"),
        (line_of(page, "never closes"), "unbalanced bracket: '(' is never closed"),
    ]


def test_verb_forms(chapter):
    handbook, page = chapter("""
        Young people are involve in developing resources.

        The issues identifies in this chapter matter.

        It always includes the family. The plan involves the school. Children are involved.
        There is support for them, and what is included is listed.
        """)
    found = run(check.check_verb_forms, handbook, page)
    assert [p.message for p in found] == [
        "'are involve': after 'are' the verb needs its participle: 'are involved'",
        "'issues identifies': a plural before a singular verb; did you mean 'issues identified' "
        "or 'issues identify'?",
    ]


def test_readability_limit_comes_from_data(chapter):
    long_sentence = ("Notwithstanding organisational considerations, practitioners' "
                     "interdisciplinary responsibilities necessitate comprehensive, "
                     "contemporaneous documentation of safeguarding deliberations. ")
    handbook, page = chapter(long_sentence * 3)
    (found,) = run(check.check_readability, handbook, page)
    assert found.line == page.field_line("title")
    assert "above the limit of 12 set in data/editorial.yml" in found.message
    handbook, page = chapter("Call the police. Tell your manager. Write it down. " * 3, name="plain.md")
    assert run(check.check_readability, handbook, page) == []


def test_abbreviations_the_glossary_does_not_define(chapter):
    handbook, page = chapter("""
        The CSE team and the NSPCC work with LGBTQ+ young people. The ABC panel meets
        monthly; the ABC panel's chair is named in Section IV.
        """)
    found = run(check.check_abbreviations, handbook, page)
    assert [(p.line, p.message.split(" looks")[0]) for p in found] == [
        (line_of(page, "The ABC panel"), "'ABC'")]


def test_superseded_law_cited_by_its_amending_act(chapter):
    handbook, page = chapter("""
        Section 69 of the Domestic Abuse Act 2021 covers threats to disclose images.

        The Criminal Justice and Courts Act 2015, s.33, made disclosure an offence.

        Sexual Offences Act 2003 section 22A covers sport and religion; the Domestic Abuse Act 2021 s.70 is not about images.
        """)
    found = run(check.check_superseded_citations, handbook, page)
    assert [(p.line, p.message.split(",")[0]) for p in found] == [
        (line_of(page, "Section 69"), "cites Domestic Abuse Act 2021 s.69"),
        (line_of(page, "s.33"), "cites Criminal Justice and Courts Act 2015 s.33"),
    ]
    assert 'legal_statement("sharing-intimate-images")' in found[0].message


def set_review_interval(handbook, months: int):
    """The partnership data of the test's project, with a review interval set."""
    data = handbook.root / "data" / "partnership.yml"
    data.write_text(data.read_text().replace("review_interval_months: null", f"review_interval_months: {months}"))
    return load_handbook(handbook.root)


def test_review_date_uses_the_partnership_default(chapter):
    handbook, page = chapter("Text.\n")  # last reviewed January 2026
    handbook = set_review_interval(handbook, 12)
    page = handbook.pages[page.src]
    assert check.check_review_dates(handbook, dt.date(2027, 1, 31)) == []
    (found,) = check.check_review_dates(handbook, dt.date(2027, 2, 1))
    assert found.line == page.field_line("last_reviewed")
    assert "review was due by January 2027 (last reviewed January 2026)" in found.message


def test_without_editorial_settings_the_wording_checks_say_they_were_skipped(chapter):
    handbook, page = chapter("Young people are involve in this.\n")
    (handbook.root / "data" / "editorial.yml").unlink()
    handbook = load_handbook(handbook.root)
    found = check.run_checks(handbook, today=dt.date(2026, 2, 1))
    assert not any("are involve" in p.message for p in found)
    assert any(p.path == "data/editorial.yml" and "were skipped" in p.message for p in found)


def test_no_review_interval_means_no_overdue_warning_but_one_no_review_date_warning(chapter):
    handbook, _ = chapter("Text.\n")  # the partnership sets no review interval
    assert check.check_review_dates(handbook, dt.date(2040, 1, 1)) == []
    found = check.run_checks(handbook, today=dt.date(2040, 1, 1))
    assert not any("past its review date" in p.message for p in found)
    (no_date,) = [p for p in found if "no review date set" in p.message]
    data = (handbook.root / "data" / "partnership.yml").read_text().splitlines()
    assert (no_date.path, no_date.line) == ("data/partnership.yml",
                                            data.index("review_interval_months: null") + 1)


def test_a_chapters_own_interval_still_makes_it_overdue(chapter):
    handbook, page = chapter("Text.\n")
    path = handbook.root / "docs" / page.src
    path.write_text(path.read_text().replace("last_reviewed: 2026-01", "last_reviewed: 2026-01\n"
                                             "review_interval_months: 6"))
    handbook = load_handbook(handbook.root)
    (found,) = check.check_review_dates(handbook, dt.date(2026, 8, 1))
    assert "review was due by July 2026" in found.message


def test_an_unconfirmed_owner_is_reported_at_its_flag(chapter):
    handbook, page = chapter("Text.\n")
    assert check.check_unconfirmed_owners(handbook) == []
    path = handbook.root / "docs" / page.src
    path.write_text(path.read_text().replace("owner: Test editor", "owner: Test editor\nowner_confirmed: false"))
    handbook = load_handbook(handbook.root)
    page = handbook.pages[page.src]
    (found,) = check.check_unconfirmed_owners(handbook)
    assert found.line == page.field_line("owner_confirmed") and found.severity == "warning"
    assert "owner 'Test editor' is not confirmed by the partnership" in found.message
    assert found in check.run_checks(handbook, today=dt.date(2026, 2, 1))
