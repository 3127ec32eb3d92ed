"""MkDocs' reading of front matter, looked up in the build memo
(handbook/build/mkdocs_front_matter.py): the same result as MkDocs' own get_data for every
kind of page, objects of its own for each page, and no parse of a text parsed before."""
from __future__ import annotations

import pytest
from mkdocs.utils import meta

from handbook.build.memo import BuildMemo
from handbook.build.mkdocs_front_matter import front_matter_memo

PAGES = [
    "---\ntitle: Consent\namendments:\n  - date: 2026-11-29\n    summary: A change\n---\n\n# Consent\n\nText.\n",
    "---\ntitle: Consent\namendments:\n  - date: 2026-11-29\n    summary: A change\n---\n\n# Copy\n",
    "---\n- a list, not a mapping\n---\nBody\n",      # MkDocs keeps the whole text
    "---\ntitle: [unclosed\n---\nBody\n",              # YAML that does not parse: the same
    "---\n{}\n---\n\n\nBody after an empty mapping\n",
    "Title: MultiMarkdown style\n\nBody\n",           # no YAML: MkDocs' other reading
    "# No front matter\n",
]


@pytest.fixture
def parses(monkeypatch):
    """MkDocs' get_data, counting the texts it is asked to read."""
    original, asked = meta.get_data, []

    def counted(doc):
        asked.append(doc)
        return original(doc)
    monkeypatch.setattr(meta, "get_data", counted)
    return asked


def _read_all(memo, docs):
    with front_matter_memo(memo, docs):
        return [meta.get_data(page) for page in PAGES]


def test_pages_read_with_the_memo_are_read_as_mkdocs_reads_them(memo, tmp_path, parses):
    expected = [meta.get_data(page) for page in PAGES]
    parses.clear()
    assert _read_all(memo, tmp_path / "docs") == expected  # a first build: parsed
    assert parses == PAGES[:1] + PAGES[2:]  # the second page's front matter is the first's
    parses.clear()
    again = _read_all(BuildMemo(memo.folder), tmp_path / "docs")  # the next build
    assert again == expected
    assert [type(data) for _, data in again] == [type(data) for _, data in expected]
    # Only the pages with no YAML front matter go to MkDocs' reading again.
    assert parses == [page for page in PAGES if not page.startswith("---\n")]
    assert meta.get_data.__name__ == "counted"  # MkDocs' own function is back after the block


def test_pages_with_the_same_front_matter_get_objects_of_their_own(memo, tmp_path):
    for build in range(2):
        (_, first), (_, second), *_ = _read_all(BuildMemo(memo.folder), tmp_path / "docs")
        first["amendments"][0]["summary"] = "changed on one page"
        first["title"] = "changed"
        assert second["title"] == "Consent" and second["amendments"][0]["summary"] == "A change", build


def test_without_a_memo_mkdocs_reads_every_page(tmp_path, parses):
    with front_matter_memo(None, tmp_path / "docs"):
        [meta.get_data(page) for page in PAGES]
    assert parses == PAGES
