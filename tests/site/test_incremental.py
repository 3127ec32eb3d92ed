"""An incremental build gives, byte for byte, what a clean build of the same sources gives
(issue 18: "a stale page is worse than a slow build"), after each kind of edit an editor
makes: a chapter's text, its title (the navigation on every page), a data item, a passage
another page quotes, a template of the theme, an amendment. Each case builds a copy of the
project (filling its cache), edits it, builds again with the cache, and compares every
file of the site and dist/ with a build of the same sources that uses no cache at all; and
shows that the cache was used, or the comparison would prove nothing."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from handbook.build.edition_diff import CHANGES_PAGE
from handbook.build.memo import CACHE_FOLDER, BuildMemo
from handbook.build.site import ARCHIVED, ARCHIVED_FILE, build_site
from handbook.problems import HandbookError
from handbook.templating.renderer import MARKDOWN
from macros.memo_plugin import RENDERED, THEMED
from tests.support import CHAPTER, REPO, copy_project

EPOCH = "1700000000"
HOME = "index.md"
ADDED = "A sentence the incremental build test added to see it rebuilt."


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def engine_copy(folder: Path) -> Path:
    """mkdocs.yml beside a copy of overrides/ (the theme's templates, which the template
    case edits) and the repository's macros/ (the adapter and hook, as mkdocs.yml names them)."""
    folder.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", folder / "overrides")
    for name in ("macros", "handbook", "data"):  # macros/ is imported; all three are watched
        (folder / name).symlink_to(REPO / name, target_is_directory=True)
    return folder / "mkdocs.yml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} is not in {path}: the edit would change nothing"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_body(project, engine):
    _edit(project / "docs" / CHAPTER, "\n## 8. Protection and Action", f"\n{ADDED}\n\n## 8. Protection and Action")


def edit_title(project, engine):
    _edit(project / "docs" / CHAPTER, "title: Safeguarding Children from Sexual Exploitation",
          "title: Safeguarding Children from Sexual Exploitation (retitled by a test)")


def edit_data_item(project, engine):
    _edit(project / "data" / "resources.yml",
          "title: \"Child Sexual Exploitation: Definition and Guide for Practitioners (February 2017)\"",
          "title: \"Child Sexual Exploitation: a title changed by a test\"")


def edit_excerpt(project, engine):
    # Inside the passage the home page quotes (<!-- excerpt:worried -->).
    _edit(project / "docs" / CHAPTER, "Remember that early sharing of information",
          "Remember (a test says) that early sharing of information")


def edit_template(project, engine):
    footer = engine.parent / "overrides" / "main.html"
    text = footer.read_text(encoding="utf-8")
    # A comment Jinja keeps out of the output would change nothing: an HTML comment does.
    footer.write_text(text.replace("{% block content %}", "{% block content %}<!-- a test -->", 1)
                      if "{% block content %}" in text else text + "\n<!-- a test -->\n", encoding="utf-8")


def edit_amendment(project, engine):
    _edit(project / "docs" / CHAPTER, "amendments:\n",
          "amendments:\n  - date: 2026-11-29\n    kind: editorial\n    summary: An amendment added by a test.\n")


def edit_archived_edition(project, engine):
    # An earlier edition's own content (editions/2024-05/), built from its folder.
    _edit(project / "editions" / "2024-05" / "docs" / "index.md", "This is the May 2024 edition",
          "This (a test says) is the May 2024 edition")


EDITS = [edit_body, edit_title, edit_data_item, edit_excerpt, edit_template, edit_amendment,
         edit_archived_edition]


@pytest.fixture
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # so that two builds can be identical at all


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_an_incremental_build_is_byte_identical_to_a_clean_one(edit, epoch, tmp_path):
    project = copy_project(tmp_path / "project")
    config = engine_copy(tmp_path / "engine")
    build_site(project, tmp_path / "before" / "site", tmp_path / "before" / "dist", config_file=config)
    assert (project / CACHE_FOLDER).is_dir()

    edit(project, config)
    memo = BuildMemo.for_project(project)
    build_site(project, tmp_path / "after" / "site", tmp_path / "after" / "dist", config_file=config, memo=memo)
    build_site(project, tmp_path / "clean" / "site", tmp_path / "clean" / "dist", config_file=config,
               incremental=False)

    incremental, clean = files_of(tmp_path / "after"), files_of(tmp_path / "clean")
    assert sorted(incremental) == sorted(clean)
    different = [name for name in clean if incremental[name] != clean[name]]
    assert different == []
    # The cache was used (else the comparison proves nothing) and the edit was not lost.
    assert memo.hits > 0
    before = files_of(tmp_path / "before")
    assert any(before.get(name) != clean[name] for name in clean), "the edit changed no output"


def test_a_body_edit_reuses_every_other_page_and_rebuilds_its_own(epoch, tmp_path):
    project = copy_project(tmp_path / "project")
    config = engine_copy(tmp_path / "engine")
    build_site(project, tmp_path / "one" / "site", None, config_file=config)
    edit_body(project, config)
    memo = BuildMemo.for_project(project)
    build_site(project, tmp_path / "two" / "site", None, config_file=config, memo=memo)
    chapter = (tmp_path / "two" / "site" / re.sub(r"\.md$", ".html", CHAPTER)).read_text(encoding="utf-8")
    assert ADDED in chapter
    # Only the edited chapter's steps are done again, and those of what is built from it:
    # the pages whose macros read it (the home page quotes it; the amendments register,
    # the editions list and the like read every page) have their markdown rendered again,
    # and unchanged, so their HTML is reused; its "What changed" page compares it with the
    # previous edition.
    assert 2 <= memo.missed[MARKDOWN] <= 5, memo.missed
    assert memo.missed[RENDERED] <= 2, memo.missed   # the chapter, its "What changed" page
    assert memo.missed[THEMED] <= 2, memo.missed
    assert memo.missed[ARCHIVED] == 0, memo.missed  # the earlier edition is not built again
    assert memo.missed[CHANGES_PAGE] == 1, memo.missed  # its "What changed" page, compared again
    assert memo.hits >= 30, memo.hits


def test_what_changed_pages_are_compared_again_only_when_a_chapter_changes(epoch, tmp_path):
    """Each chapter's "What changed" page compares it with the previous edition: a build
    whose chapters and editions are unchanged takes each page as an earlier build made it."""
    project = copy_project(tmp_path / "project")
    build_site(project, tmp_path / "one" / "site", None)
    memo = BuildMemo.for_project(project)
    build_site(project, tmp_path / "two" / "site", None, memo=memo)
    assert memo.missed[CHANGES_PAGE] == 0, memo.missed
    assert files_of(tmp_path / "two" / "site") == files_of(tmp_path / "one" / "site")
    assert (tmp_path / "two" / "site" / "changes" / re.sub(r"\.md$", ".html", CHAPTER)).is_file()


def test_a_link_into_an_edited_page_is_checked_again(epoch, tmp_path):
    """The checks run again on what an edit can affect: renaming an anchor in the chapter
    breaks a link on another page, unchanged itself, and the incremental build says so on
    that page's line, as a clean build does."""
    project = copy_project(tmp_path / "project")
    build_site(project, tmp_path / "one" / "site", None)
    _edit(project / "docs" / CHAPTER, "{#consent}", "{#consent-renamed-by-a-test}")
    with pytest.raises(HandbookError) as incremental:
        build_site(project, tmp_path / "two" / "site", None)
    with pytest.raises(HandbookError) as clean:
        build_site(project, tmp_path / "three" / "site", None, incremental=False)
    lines = [str(problem) for problem in incremental.value.problems]
    assert lines == [str(problem) for problem in clean.value.problems]
    source = (project / "docs" / "consent-and-the-law.md").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(source, 1) if "#consent)" in text)
    assert any(problem.startswith(f"docs/consent-and-the-law.md:{line}: error: broken link") for problem in lines), lines


def test_a_build_outside_git_reuses_unchanged_pages(monkeypatch, tmp_path):
    """A project that is not (yet) in git, with no SOURCE_DATE_EPOCH, is dated by the clock,
    so every build has a different time. No template shows that time, so no page's HTML
    depends on it: after an edit to one chapter, the other pages' HTML is still reused."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = copy_project(tmp_path / "project")
    assert not (project / ".git").exists()
    build_site(project, tmp_path / "one" / "site", None)
    edit_body(project, None)
    memo = BuildMemo.for_project(project)
    build_site(project, tmp_path / "two" / "site", None, memo=memo)
    assert memo.missed[THEMED] <= 2, memo.missed  # the chapter and its "What changed" page
    assert memo.hits >= 30, memo.hits


def test_a_title_change_rethemes_only_the_pages_that_show_it(epoch, tmp_path):
    """Chapters in parts (docs/chapters/<part>/), with Material's navigation.prune: a page
    shows the chapters of its own part, and the other parts only as their titles. Retitling
    a chapter re-themes its part's pages (and those that list every chapter), not the
    whole handbook; and the result is still byte-identical to a clean build."""
    from bench.synthetic import CHAPTERS_PER_PART, generate_project

    project = generate_project(REPO, tmp_path / "project", CHAPTERS_PER_PART * 2 + 10)
    parts = sorted(path for path in (project / "docs" / "chapters").iterdir() if path.is_dir())
    assert len(parts) == 3
    chapter = sorted(parts[1].glob("*.md"))[5]
    build_site(project, tmp_path / "before" / "site", None)
    text = chapter.read_text(encoding="utf-8")
    line = re.search(r"^title: (.+)$", text, re.M)
    title = yaml.safe_load(line.group(1))
    chapter.write_text(text.replace(line.group(0), "title: " + json.dumps(f"{title} (retitled by a test)"), 1),
                       encoding="utf-8")

    memo = BuildMemo.for_project(project)
    build_site(project, tmp_path / "after" / "site", None, memo=memo)
    build_site(project, tmp_path / "clean" / "site", None, incremental=False)
    incremental, clean = files_of(tmp_path / "after"), files_of(tmp_path / "clean")
    assert sorted(incremental) == sorted(clean)
    assert [name for name in clean if incremental[name] != clean[name]] == []
    assert f"{title} (retitled by a test)".encode() in clean["site/" + chapter.relative_to(project / "docs")
                                                             .with_suffix(".html").as_posix()]
    pages = sum(1 for name in clean if name.endswith(".html"))
    assert memo.missed[THEMED] <= CHAPTERS_PER_PART + 12, (memo.missed, pages)
    assert pages > CHAPTERS_PER_PART * 2 + 10


def test_an_edit_build_links_unchanged_files_and_never_writes_into_the_site_it_replaces(epoch, tmp_path):
    """After an edit, a file the new site has with the same bytes as the site it replaces is
    that file linked, not written again; and no write goes through such a link: the site
    being replaced (still served while the build runs) keeps every byte."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    build_site(project, site, tmp_path / "dist")
    served = tmp_path / "served"  # a second name for each file of the site being replaced
    for path in sorted(site.rglob("*")):
        if path.is_file():
            (served / path.relative_to(site)).parent.mkdir(parents=True, exist_ok=True)
            (served / path.relative_to(site)).hardlink_to(path)
    before = files_of(served)
    edit_body(project, None)
    build_site(project, site, tmp_path / "dist")

    assert files_of(served) == before
    chapter = re.sub(r"\.md$", ".html", CHAPTER)
    assert ADDED in (site / chapter).read_text(encoding="utf-8")
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    linked = [page for page in pages if (site / page).stat().st_ino == (served / page).stat().st_ino]
    assert chapter not in linked
    assert len(linked) >= len(pages) - 3, sorted(set(pages) - set(linked))  # the chapter, its "What changed"


def test_the_link_check_reads_again_only_what_an_edit_changed(epoch, tmp_path, monkeypatch):
    """What the link check learns of each page (its anchors, the pages it links to) is kept
    whatever the builds between: after a full check and then a build that changed nothing,
    an edit to the chapter has the chapter's markdown, and no other page's, read again."""
    import handbook.build.incremental_checks as incremental_checks

    project = copy_project(tmp_path / "project")
    build_site(project, tmp_path / "one" / "site", None)  # every page checked
    build_site(project, tmp_path / "two" / "site", None)  # nothing changed: no page checked
    edit_body(project, None)
    read: list[str] = []
    for name in ("anchors_in", "links_in"):
        original = getattr(incremental_checks, name)
        monkeypatch.setattr(incremental_checks, name,
                            lambda markdown, original=original: read.append(markdown) or original(markdown))
    build_site(project, tmp_path / "three" / "site", None)
    assert read, "the edited chapter's links and anchors were not read"
    assert all(ADDED in markdown for markdown in read), [markdown[:80] for markdown in read if ADDED not in markdown]


def test_a_page_unchanged_since_an_earlier_build_is_not_parsed_again(epoch, tmp_path, monkeypatch):
    """A new `make build` (a new process) takes each page it finds unchanged, by its text,
    as an earlier build read it: only the edited chapter's front matter is parsed and
    validated again, and the site is the one a clean build makes."""
    from handbook.content import model

    project = copy_project(tmp_path / "project")
    build_site(project, tmp_path / "one" / "site", None)
    model._pages_read.clear()  # what a new process starts with
    edit_body(project, None)
    parsed: list[str] = []  # as the editor is shown them: an earlier edition's are under editions/
    original = model.page_from_text
    monkeypatch.setattr(model, "page_from_text", lambda src, shown, text: parsed.append(shown) or original(src, shown, text))
    build_site(project, tmp_path / "two" / "site", None)
    assert [shown for shown in parsed if shown.startswith("docs/")] == ["docs/" + CHAPTER], parsed
    model._pages_read.clear()
    build_site(project, tmp_path / "clean" / "site", None, incremental=False)
    assert files_of(tmp_path / "two" / "site") == files_of(tmp_path / "clean" / "site")


def test_an_unchanged_earlier_edition_is_taken_from_the_site_it_replaces_or_else_the_memo(epoch, tmp_path):
    """An earlier edition built before is written again from its files' digests: linked from
    the site being replaced, from the memo when that site is gone, and built again when a
    file is in neither; each time with the bytes a clean build gives."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    build_site(project, site, None)
    edition = files_of(site / "editions")
    assert any(name.endswith(".html") for name in edition)

    page = next(iter(sorted((site / "editions").rglob("*.html"))))
    kept = tmp_path / "kept.html"  # a second name for the served file
    kept.hardlink_to(page)
    memo = BuildMemo.for_project(project)
    build_site(project, site, None, memo=memo)
    assert (memo.missed[ARCHIVED], memo.missed[ARCHIVED_FILE]) == (0, 0), memo.missed
    assert files_of(site / "editions") == edition
    assert page.stat().st_ino == kept.stat().st_ino, "linked from the site it replaced, not written"

    shutil.rmtree(site)  # the served site gone: each file from the memo
    memo = BuildMemo.for_project(project)
    build_site(project, site, None, memo=memo)
    assert (memo.missed[ARCHIVED], memo.missed[ARCHIVED_FILE]) == (0, 0), memo.missed
    assert files_of(site / "editions") == edition

    shutil.rmtree(site)  # and one file's entry gone too: the edition is built again
    stored = sorted((project / CACHE_FOLDER / ARCHIVED_FILE).rglob("*"))
    next(path for path in stored if path.is_file()).unlink()
    memo = BuildMemo.for_project(project)
    build_site(project, site, None, memo=memo)
    assert memo.missed[ARCHIVED_FILE] == 1, memo.missed
    assert files_of(site / "editions") == edition
