"""`make serve`'s quick preview (handbook/build/preview.py): an edit to a page's text is
made on its own, and the page it gives is, byte for byte, the page the full build then
writes; an edit it cannot prove limited to its pages gives no preview at all (the full
build then runs as always)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.build.preview import LastGoodBuild, quick_preview
from handbook.build.site import build_site
from tests.support import CHAPTER, copy_project

HTML = re.sub(r"\.md$", ".html", CHAPTER)
ADDED = "A sentence the preview test added to the chapter."


@pytest.fixture
def built(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_project(tmp_path / "project")
    keep: dict = {}
    handbook = build_site(project, tmp_path / "site", None, keep=keep)
    return project, tmp_path / "site", LastGoodBuild(handbook, keep["mkdocs"])


def _edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_text_edit_is_previewed_as_the_full_build_then_makes_it(built):
    project, site, last = built
    chapter = _edit(project / "docs" / CHAPTER, "\n## 8. Protection and Action",
                    f"\n{ADDED}\n\n## 8. Protection and Action")
    before = (site / HTML).read_bytes()
    pages = quick_preview(project, last, [chapter])
    assert list(pages or {}) == [HTML]
    assert ADDED.encode() in pages[HTML] and pages[HTML] != before
    build_site(project, site, None)
    assert pages[HTML] == (site / HTML).read_bytes()


def test_a_second_edit_is_previewed_from_the_same_build(built):
    """Two edits in a row (the build between them failed, or has not finished): each
    preview is of the page as it is now."""
    project, site, last = built
    chapter = project / "docs" / CHAPTER
    _edit(chapter, "\n## 8. Protection and Action", f"\n{ADDED}\n\n## 8. Protection and Action")
    quick_preview(project, last, [chapter])
    _edit(chapter, ADDED, "A second sentence, instead.")
    pages = quick_preview(project, last, [chapter])
    assert b"A second sentence, instead." in pages[HTML] and ADDED.encode() not in pages[HTML]
    build_site(project, site, None)
    assert pages[HTML] == (site / HTML).read_bytes()


RETITLED = "Safeguarding Children from Sexual Exploitation (retitled)"


def _retitle(project):
    return [_edit(project / "docs" / CHAPTER, "title: Safeguarding Children from Sexual Exploitation",
                  f"title: {RETITLED}")]


def test_a_new_title_is_previewed_as_the_full_build_then_makes_it(built):
    """A title is in the page's own navigation entry as well as its text: the preview shows
    both, and is byte for byte the page the full build writes (whose navigation on every
    other page then shows it too)."""
    project, site, last = built
    before = (site / HTML).read_bytes()
    pages = quick_preview(project, last, _retitle(project))
    assert list(pages or {}) == [HTML]
    nav_entry = re.search(rb'<a href="[^"]*"[^>]*class="md-nav__link md-nav__link--active"[^>]*>(.*?)</a>',
                          pages[HTML], flags=re.S)
    assert nav_entry and RETITLED.encode() in nav_entry.group(1), "the navigation shows the new title"
    assert RETITLED.encode() not in before
    build_site(project, site, None)
    assert pages[HTML] == (site / HTML).read_bytes()
    assert RETITLED.encode() in (site / "index.html").read_bytes()


def test_the_kept_navigation_keeps_the_built_title(built):
    """A title previewed and then put back (with no build between): the preview of a later
    text edit shows the title the last good build had, as the full build will."""
    project, site, last = built
    quick_preview(project, last, _retitle(project))
    chapter = _edit(project / "docs" / CHAPTER, f"title: {RETITLED}",
                    "title: Safeguarding Children from Sexual Exploitation")
    _edit(chapter, "\n## 8. Protection and Action", f"\n{ADDED}\n\n## 8. Protection and Action")
    pages = quick_preview(project, last, [chapter])
    assert RETITLED.encode() not in pages[HTML]
    build_site(project, site, None)
    assert pages[HTML] == (site / HTML).read_bytes()


def _summary(project):
    text = (project / "docs" / CHAPTER).read_text(encoding="utf-8")
    summary = re.search(r"^summary: (>-?\n\s+)?", text, flags=re.M)
    assert summary, "the chapter has a summary"
    return [_edit(project / "docs" / CHAPTER, summary.group(0), summary.group(0) + "Retold: ")]


def _data(project):
    return [_edit(project / "data" / "resources.yml", "(February 2017)", "(a test)")]


def _broken_link(project):
    return [_edit(project / "docs" / CHAPTER, "\n## 8. Protection and Action",
                  "\nSee [nowhere](no-such-page.md).\n\n## 8. Protection and Action")]


def _new_page(project):
    path = project / "docs" / "chapters" / "a-new-page.md"
    path.write_text("---\ntitle: New\n---\n\nText.\n", encoding="utf-8")
    return [path]


@pytest.mark.parametrize("edit", [_summary, _data, _broken_link, _new_page],
                         ids=["front matter besides the title", "data", "broken link", "new page"])
def test_no_preview_when_the_edit_reaches_further_than_the_page_text(built, edit):
    project, _, last = built
    assert quick_preview(project, last, edit(project)) is None


def test_a_build_interrupted_by_a_newer_edit_leaves_the_site_as_it_was(built):
    """`make serve` stops a build when the files change again under it: site/ stays the
    last good build's, with nothing half-written beside it."""
    from handbook.build.session import BuildInterrupted
    from tests.site.test_incremental import files_of

    project, site, _ = built
    before = files_of(site)
    _edit(project / "docs" / CHAPTER, "\n## 8. Protection and Action", f"\n{ADDED}\n\n## 8. Protection and Action")
    asked = []
    with pytest.raises(BuildInterrupted):
        build_site(project, site, None, interrupted=lambda: bool(asked.append(1)) or len(asked) > 3)
    assert files_of(site) == before
    assert sorted(path.name for path in site.parent.iterdir()) == ["project", "site"]


def test_a_title_that_moves_the_page_is_previewed_in_its_new_place(monkeypatch, tmp_path):
    """Chapters with no `order` are listed by title: a new title can move a chapter among
    them. The preview shows the chapter in its new place (its navigation, its previous and
    next pages) byte for byte as the full build then writes it, and the kept navigation is
    put back for the next preview."""
    from handbook.build.preview import navigation_change
    from handbook.content.model import load_for_checking

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_project(tmp_path / "project")
    main = project / "docs" / CHAPTER
    _edit(main, "\norder: 1\n", "\n")
    other = main.with_name("keeping-children-safe.md")
    other.write_text(re.sub(r"^title: .*$", "title: Keeping Children Safe", main.read_text(encoding="utf-8"),
                            count=1, flags=re.M), encoding="utf-8")
    keep: dict = {}
    site = tmp_path / "site"
    before = build_site(project, site, None, keep=keep)
    last = LastGoodBuild(before, keep["mkdocs"])
    src = "chapters/keeping-children-safe.md"
    other_html = site / re.sub(r"\.md$", ".html", src)
    assert b'rel="next"' in other_html.read_bytes()

    _edit(other, "title: Keeping Children Safe", "title: Keeping Children Safe Online")  # keeps its place
    change = navigation_change(before, load_for_checking(project)[0], [src])
    assert change.titles == {src: "Keeping Children Safe Online"} and change.order is None
    _edit(other, "title: Keeping Children Safe Online", "title: Younger Children Kept Safe")  # now after the other
    change = navigation_change(before, load_for_checking(project)[0], [src])
    assert change.order.index(src) == change.order.index(CHAPTER) + 1

    pages = quick_preview(project, last, [other])
    html = re.sub(r"\.md$", ".html", src)
    assert list(pages or {}) == [html]
    previous = re.search(rb'<a href="([^"]*)"[^>]*class="md-footer__link md-footer__link--prev"', pages[html])
    assert previous and previous.group(1).endswith(Path(HTML).name.encode()), "the previous page is the other chapter"
    # The kept navigation is put back as the last good build made it: with the title as it
    # was, a text edit's preview of the other chapter still has this one before it.
    _edit(other, "title: Younger Children Kept Safe", "title: Keeping Children Safe")
    _edit(main, "\n## 8. Protection and Action", f"\n{ADDED}\n\n## 8. Protection and Action")
    main_preview = quick_preview(project, last, [main, other])
    previous = re.search(rb'<a href="([^"]*)"[^>]*class="md-footer__link md-footer__link--prev"', main_preview[HTML])
    assert previous and previous.group(1).endswith(b"keeping-children-safe.html")
    _edit(main, f"\n{ADDED}\n\n## 8. Protection and Action", "\n## 8. Protection and Action")
    _edit(other, "title: Keeping Children Safe", "title: Younger Children Kept Safe")

    build_site(project, site, None)
    assert pages[html] == (site / html).read_bytes()
