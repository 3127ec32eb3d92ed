import datetime as dt

import pytest

from handbook.content.dates import PartialDate
from handbook.content.editions import EditionData
from handbook.content.pages import (
    ChapterMeta,
    Page,
    action_box,
    amendment_note,
    amendments_register,
    current_edition_problems,
    on_this_page,
    overdue_chapters,
    review_due,
)
from handbook.content.partnership import Contact

TODAY = dt.date(2026, 11, 29)  # pinned "today"
EDITIONS = EditionData.model_validate({"editions": [
    {"date": "2026-11-29", "title": "November 2026 edition", "summary": "Corrections."},
    {"date": "2024-05", "title": "May 2024 edition", "summary": "Revised.", "folder": "editions/2024-05"}]})


BODY = """## 4. Consent {#consent}

A child cannot consent to their own abuse.

## 8. Protection and Action to be Taken {#protection-and-action}

Contact Children's Social Care.
"""


def chapter(**changes):
    meta = dict(title="T", summary="S", owner="O", last_reviewed="2024-05", action_section="protection-and-action",
                amendments=[{"date": "2024-05", "kind": "guidance", "summary": "First."},
                            {"date": "2026-11-29", "kind": "editorial", "summary": "Second.", "section": "consent"}])
    meta.update(changes)
    return Page(src="chapters/t.md", path="docs/chapters/t.md",
                meta=ChapterMeta.model_validate(meta), body=BODY, body_first_line=1)


def test_review_due_from_partnership_default():
    assert review_due(chapter().meta, 12) == PartialDate(2025, 5)
    assert review_due(chapter().meta, 12).last_day < TODAY


def test_chapter_interval_and_explicit_due_date_win():
    assert review_due(chapter(review_interval_months=36).meta, 12) == PartialDate(2027, 5)
    assert review_due(chapter(review_due="2027-01-15").meta, 12) == PartialDate(2027, 1, 15)


def test_amendment_note_newest_first_with_section_titles():
    note = amendment_note(chapter(), 12)
    assert "Last reviewed **May 2024**; next review due" in note
    assert 'data-due="2025-05-31"' in note
    assert "**29 November 2026**, [4. Consent](#consent): Second." in note
    assert "**May 2024**, the whole chapter: First." in note
    assert "see section" not in note


def test_the_quiet_line_names_the_latest_change_to_the_guidance_not_a_correction():
    note = amendment_note(chapter(), 12)
    summary = note[note.index("<summary>"):note.index("</summary>")]
    assert "Guidance last changed May 2024: the whole chapter" in summary
    assert "2 amendments" in summary
    assert note.index("Changes to the guidance (1)") < note.index("Editorial corrections (1)")
    law = chapter(amendments=[{"date": "2024-05", "kind": "guidance", "summary": "First."},
                              {"date": "2026-11-29", "kind": "guidance", "section": "consent",
                               "summary": "The law on consent as it now is."},
                              {"date": "2026-12-01", "kind": "editorial", "summary": "A typo."}])
    note = amendment_note(law, 12)
    assert "Guidance last changed 29 November 2026: 4. Consent" in note
    changes = note[note.index("Changes to the guidance"):note.index("Editorial corrections")]
    assert changes.index("[4. Consent](#consent): The law on consent") < changes.index("First.")


def test_an_amendment_kind_must_be_known_and_the_current_edition_requires_it():
    with pytest.raises(ValueError):
        chapter(amendments=[{"date": "2024-05", "kind": "typo", "summary": "First."}])
    old = chapter(amendments=[{"date": "2024-05", "summary": "First."}], action_section=None)
    problems = current_edition_problems([old])
    assert [p.message.split(":")[0] for p in problems] == ["the chapter has no action_section",
                                                           "amendment has no kind"]
    assert current_edition_problems([chapter()]) == []
    # An archived edition's front matter, written before the field, still reads.
    assert "Last amended May 2024" in amendment_note(old, 12)


def test_every_chapter_opens_with_what_to_do_from_data():
    emergency = Contact(id="emergency", name="Emergency services", when="Danger", phone="999", verified=True)
    box = action_box(chapter(), emergency, "contacts.md")
    assert 'In immediate danger call <a href="tel:999">999</a>' in box
    assert "**What to do:** [8. Protection and Action to be Taken](#protection-and-action)" in box
    assert "**Who to call:** [Contacts](../contacts.md)" in box
    unconfirmed = Contact(id="emergency", name="Emergency services", when="Danger", phone=None, verified=False)
    assert "tel:" not in action_box(chapter(), unconfirmed, None)


def test_on_this_page_lists_the_sections():
    listed = on_this_page(BODY)
    assert "- [4. Consent](#consent)" in listed
    assert "- [8. Protection and Action to be Taken](#protection-and-action)" in listed
    assert on_this_page("No sections.") == ""


def test_register_is_newest_first_and_links_to_the_section():
    register = amendments_register([chapter()], EDITIONS, here="amendments.md")
    rows = [line for line in register.splitlines() if line.startswith("| 2") or line.startswith("| M")]
    assert rows[0].startswith("| 29 November 2026 | [T: 4. Consent](chapters/t.md#consent) | Editorial correction |")
    assert rows[1].startswith("| May 2024 | [T](chapters/t.md) | Change to the guidance |")


def test_register_groups_by_edition_newest_first():
    register = amendments_register([chapter()], EDITIONS, here="amendments.md")
    assert register.index("## November 2026 edition {#edition-2026-11-29}") < register.index(
        "## May 2024 edition {#edition-2024-05}")
    assert "Since the current edition" not in register
    later = chapter(amendments=[{"date": "2027-01-10", "summary": "Later."}])
    assert "## Since the current edition" in amendments_register([later], EDITIONS, here="amendments.md")


@pytest.mark.parametrize("as_of, overdue", [
    (dt.date(2025, 5, 31), []),
    (dt.date(2025, 6, 1), ["chapters/t.md"]),
    (TODAY, ["chapters/t.md"]),
])
def test_overdue_listing_for_a_pinned_date(as_of, overdue):
    pages = [chapter(), Page(src="chapters/later.md", path="docs/chapters/later.md", body="", body_first_line=1,
                             meta=ChapterMeta.model_validate(dict(chapter().meta.model_dump(), review_due="2027-01")))]
    assert [item.page.src for item in overdue_chapters(pages, 12, as_of)] == overdue


# --- No review date until one is set; overdue as of the build date for paper -----------

def test_no_review_date_without_an_interval_anywhere():
    assert review_due(chapter().meta, None) is None
    note = amendment_note(chapter(), None, built=dt.date(2030, 1, 1))
    assert "Last reviewed **May 2024**; no review date set." in note
    assert "hb-review-due" not in note and "data-due" not in note
    assert "overdue" not in note.lower()


def test_a_chapters_own_interval_or_due_date_counts_as_set():
    assert review_due(chapter(review_interval_months=12).meta, None) == PartialDate(2025, 5)
    assert review_due(chapter(review_due="2027-01").meta, None) == PartialDate(2027, 1)
    assert 'data-due="2025-05-31"' in amendment_note(chapter(review_interval_months=12), None)


def test_nothing_is_overdue_without_a_review_date():
    pages = [chapter(), chapter(review_interval_months=12)]
    pages[1].src = "chapters/own-interval.md"
    assert [item.page.src for item in overdue_chapters(pages, None, TODAY)] == ["chapters/own-interval.md"]


@pytest.mark.parametrize("built, overdue", [(dt.date(2025, 5, 31), False), (dt.date(2025, 6, 1), True)])
def test_overdue_as_of_the_build_date_is_written_for_paper(built, overdue):
    note = amendment_note(chapter(), 12, built=built)
    assert ("hb-review-overdue-built" in note) is overdue
    if overdue:
        assert '<p class="admonition-title">Review overdue</p>' in note
        assert "As of 1 June 2025 (the date of this copy's source)" in note and "due for review by May 2025" in note
        # After the quiet line, beside the reader's own warning (hidden on screen by handbook.css).
        assert note.index("</details>") < note.index("hb-review-overdue ") < note.index("hb-review-overdue-built")


def test_without_a_build_date_no_note_for_paper_is_written():
    """An archived edition, or a page rendered outside a build, gets no dated note."""
    assert "hb-review-overdue-built" not in amendment_note(chapter(), 12)
    assert "hb-review-overdue-built" in amendment_note(chapter(), 12, built=dt.date(2026, 11, 29))


def test_an_unconfirmed_owner_is_not_named():
    note = amendment_note(chapter(owner="Procedures editor", owner_confirmed=False), 12)
    assert "Owner: not yet confirmed by the partnership." in note
    assert "Procedures editor" not in note
    assert "Owner: O." in amendment_note(chapter(), 12)


# --- The real chapter ------------------------------------------------------------------

def real_chapter():
    from handbook.content.model import load_handbook
    from tests.support import CHAPTER, REPO

    handbook = load_handbook(REPO)
    return handbook, handbook.page(CHAPTER)


def test_the_real_chapter_has_no_review_date_and_no_owner_until_the_partnership_sets_them():
    handbook, page = real_chapter()
    note = amendment_note(page, handbook.partnership.review_interval_months, built=TODAY)
    assert "Last reviewed **May 2024**; no review date set." in note
    assert "Owner: not yet confirmed by the partnership." in note
    assert "May 2025" not in note and "overdue" not in note.lower()
    assert "Guidance last changed 29 November 2026: 5. Online Child Sexual Exploitation" in note
    assert "procedures editor" not in note
    assert overdue_chapters(handbook.chapters, handbook.partnership.review_interval_months, TODAY) == []


def test_every_change_to_the_real_chapter_since_the_seed_is_an_amendment():
    """The changes made without an amendment before the check of amendments existed: the
    links of sections 5 and 8 (and of Relevant Guidance), the further-information
    descriptions, Barnardo's, "parent, carers", and the unit's name."""
    _, page = real_chapter()
    by_section: dict[str, str] = {}
    for amendment in page.meta.amendments:
        if amendment.date == PartialDate(2026, 11, 29):
            by_section[amendment.section] = by_section.get(amendment.section, "") + " " + amendment.summary
    assert "CEOP Safety Centre" in by_section["online-exploitation"]
    assert "in the partnership's procedures" in by_section["online-exploitation"]
    assert "Disruption Toolkit" in by_section["protection-and-action"]
    assert "in the partnership's procedures" in by_section["protection-and-action"]
    assert "website" in by_section["relevant-guidance"]
    further = by_section["further-information"]
    for change in ("descriptions were added", "Barnardo's", '"parents and carers',
                   "Modern Slavery Human Trafficking Unit (MSHTU)"):
        assert change in further
    assert "Modern Slavery and Human Trafficking" not in further


def test_section_7_says_the_procedures_are_to_be_confirmed():
    _, page = real_chapter()
    section = page.body[page.body.index("{#missing}"):page.body.index("{#protection-and-action}")]
    assert "the procedures to be followed are to be confirmed by the partnership" in section
    assert "should be followed:" not in section
    (missing,) = [a for a in page.meta.amendments if a.section == "missing"]
    assert "to be confirmed by the partnership" in missing.summary
    assert "Completed the sentence" not in missing.summary
