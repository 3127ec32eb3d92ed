import pytest
from pydantic import ValidationError

from handbook.build.edition_diff import Block, compare
from handbook.content.dates import PartialDate
from handbook.content.editions import EditionData, archive_banner

CURRENT = {"date": "2026-11-29", "title": "November 2026 edition", "summary": "Corrections."}
MAY = {"date": "2024-05", "title": "May 2024 edition", "summary": "Revised.", "folder": "editions/2024-05"}


def editions(*entries):
    return EditionData.model_validate({"editions": list(entries)})


def test_current_is_newest_and_earlier_editions_name_their_content():
    data = editions(CURRENT, MAY)
    assert data.current.title == "November 2026 edition"
    assert [e.title for e in data.archived] == ["May 2024 edition"] and data.previous is data.archived[0]
    assert data.previous.site_path == "editions/2024-05/"


@pytest.mark.parametrize("entries, says", [
    pytest.param([MAY, CURRENT], "newest first", id="oldest-first"),
    pytest.param([dict(CURRENT, folder="x"), dict(MAY)], "working tree", id="current-with-folder"),
    pytest.param([CURRENT, {k: v for k, v in MAY.items() if k != "folder"}], "needs a folder or a git_tag",
                 id="archived-without-content"),
    pytest.param([CURRENT, dict(MAY, git_tag="edition-2024-05")], "not both", id="folder-and-tag"),
])
def test_bad_edition_lists_are_refused(entries, says):
    with pytest.raises(ValidationError, match=says):
        editions(*entries)


@pytest.mark.parametrize("date, edition", [
    ("2024-05", "May 2024 edition"), ("2024-05-31", "May 2024 edition"), ("2023-01", "May 2024 edition"),
    ("2024-06", "November 2026 edition"), ("2026-11-29", "November 2026 edition"), ("2026-11-30", None),
])
def test_an_amendment_belongs_to_the_first_edition_that_carried_it(date, edition):
    found = editions(CURRENT, MAY).edition_of(PartialDate.parse(date))
    assert (found.title if found else None) == edition


def test_archive_banner_links_to_the_same_page_or_the_current_home():
    may = editions(CURRENT, MAY).previous
    banner = archive_banner(may, "chapters/x.md", {"chapters/x.md", "index.md"})
    assert "Archived edition of May 2024: not current guidance" in banner
    assert 'href="../../../chapters/x.html"' in banner  # from editions/2024-05/chapters/
    gone = archive_banner(may, "old.md", {"index.md"})
    assert 'href="../../index.html"' in gone and "not in the current edition" in gone


def test_word_diff_marks_inserted_and_deleted_words_with_spoken_labels():
    old = [Block("h2", "1. Definition"), Block("p", "Tell the police today, in writing.")]
    new = [Block("h2", "1. Definition"), Block("p", "Tell the police at once."), Block("p", "New paragraph.")]
    result = compare(old, new)
    assert [b.status for b in result] == ["same", "changed", "inserted"]
    changed = result[1].html
    assert "Tell the police" in changed.split("<")[0]
    assert '<del><span class="hb-visually-hidden">deleted: </span>today, in writing.' in changed
    assert '<ins><span class="hb-visually-hidden">inserted: </span>at once.' in changed
