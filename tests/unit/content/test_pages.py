import datetime as dt

import pytest

from handbook.content.dates import PartialDate
from handbook.content.editions import EditionData
from handbook.content.pages import ChapterMeta, Page, amendment_note, amendments_register, overdue_chapters, review_due

TODAY = dt.date(2026, 11, 29)  # pinned "today"
EDITIONS = EditionData.model_validate({"editions": [
    {"date": "2026-11-29", "title": "November 2026 edition", "summary": "Corrections."},
    {"date": "2024-05", "title": "May 2024 edition", "summary": "Revised.", "folder": "editions/2024-05"}]})


def chapter(**changes):
    meta = dict(title="T", summary="S", owner="O", last_reviewed="2024-05",
                amendments=[{"date": "2024-05", "summary": "First."},
                            {"date": "2026-11-29", "summary": "Second.", "section": "consent"}])
    meta.update(changes)
    return Page(src="chapters/t.md", path="docs/chapters/t.md",
                meta=ChapterMeta.model_validate(meta), body="", body_first_line=1)


def test_review_due_from_partnership_default():
    assert review_due(chapter().meta, 12) == PartialDate(2025, 5)
    assert review_due(chapter().meta, 12).last_day < TODAY


def test_chapter_interval_and_explicit_due_date_win():
    assert review_due(chapter(review_interval_months=36).meta, 12) == PartialDate(2027, 5)
    assert review_due(chapter(review_due="2027-01-15").meta, 12) == PartialDate(2027, 1, 15)


def test_amendment_note_newest_first_with_section_links():
    note = amendment_note(chapter(), 12)
    assert "Last reviewed **May 2024**; next review due" in note
    assert 'data-due="2025-05-31"' in note
    assert note.index("29 November 2026") < note.index("May 2024**: First.")
    assert "(#consent)" in note


def test_register_is_newest_first_and_links_to_the_section():
    register = amendments_register([chapter()], EDITIONS, here="amendments.md")
    rows = [line for line in register.splitlines() if line.startswith("| 2") or line.startswith("| M")]
    assert rows[0].startswith("| 29 November 2026 | [T](chapters/t.md#consent)")
    assert rows[1].startswith("| May 2024 | [T](chapters/t.md)")


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
