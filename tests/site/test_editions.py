"""Editions from a temporary git repository holding two tagged editions of a small handbook
(the fictional partnership's): the archive, the banner, what changed, the register, the
feed; and the same on the real handbook, whose May 2024 edition is kept in editions/."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.support import CHAPTER, REPO, run_handbook

FIXTURE = REPO / "tests" / "fixtures" / "other-partnership"
SIGNS = "chapters/signs.html"
OLD_PARAGRAPH = "Write down what you saw, in the child's own words where you can."
NEW_PARAGRAPH = "Write down what you saw."
DELETED_PHRASE = "in the child's own words where you can."
OLD_FIRST = "Tell Children's Social Care in Northmoor."
NEW_FIRST = "Tell Children's Social Care in Northmoor at once."
NEW_EDITIONS = """editions:
  - date: 2026-12-01
    title: December 2026 edition
    summary: Quicker reporting in Noticing the signs.
  - date: 2026-06
    title: June 2026 edition
    summary: First edition of the Northmoor procedures.
    git_tag: edition-2026-06
"""
NEW_AMENDMENT = """  - date: 2026-12-01
    kind: guidance
    section: what-to-do
    summary: Asked practitioners to tell Children's Social Care at once.
"""
EDITIONS_PAGE = """---
title: Editions
summary: Every edition.
nav_section: About
---

{{ editions_list() }}
"""
REGISTER_PAGE = """---
title: Amendments
summary: Every change.
nav_section: About
---

{{ amendments_register() }}
"""


def git(project: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.invalid",
               GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.invalid")
    subprocess.run(["git", "-C", str(project), *args], check=True, env=env, capture_output=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory) -> Path:
    """June 2026 (tagged edition-2026-06), then December 2026 in the working tree."""
    project = tmp_path_factory.mktemp("editions") / "northmoor"
    shutil.copytree(FIXTURE, project)
    chapter = project / "docs" / "chapters" / "signs.md"
    edit(chapter, "<!-- /excerpt:first -->\n", f"<!-- /excerpt:first -->\n\n{OLD_PARAGRAPH}\n")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "June 2026 edition")
    git(project, "tag", "edition-2026-06")
    edit(chapter, OLD_FIRST, NEW_FIRST)
    edit(chapter, OLD_PARAGRAPH, NEW_PARAGRAPH)
    edit(chapter, "    summary: First published.\n", "    summary: First published.\n" + NEW_AMENDMENT)
    (project / "data" / "editions.yml").write_text(NEW_EDITIONS, encoding="utf-8")
    (project / "docs" / "editions.md").write_text(EDITIONS_PAGE, encoding="utf-8")
    (project / "docs" / "amendments.md").write_text(REGISTER_PAGE, encoding="utf-8")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "December 2026 edition")
    git(project, "tag", "edition-2026-12-01")
    return project


@pytest.fixture(scope="module")
def two_edition_site(two_editions, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("two-editions") / "site"
    result = run_handbook("--project", str(two_editions), "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def target(page: Path, href: str) -> Path:
    """The file a relative link on `page` leads to."""
    return (page.parent / href.split("#")[0]).resolve()


def test_the_archive_builds_both_editions(two_edition_site):
    current = html(two_edition_site / SIGNS).find("article").get_text(" ")
    archived = html(two_edition_site / "editions" / "2026-06" / SIGNS).find("article").get_text(" ")
    assert NEW_FIRST in current and DELETED_PHRASE not in current
    assert OLD_FIRST in archived and DELETED_PHRASE in archived and "at once" not in archived
    assert (two_edition_site / "editions" / "2026-06" / "index.html").is_file()


def test_archived_page_carries_its_banner_and_links_to_the_current_page(two_edition_site):
    page = two_edition_site / "editions" / "2026-06" / SIGNS
    banner = html(page).select_one("article .hb-archive-banner")
    assert "Archived edition of June 2026: not current guidance" in banner.get_text(" ")
    link = banner.find("a")
    assert target(page, link["href"]) == (two_edition_site / SIGNS).resolve()
    assert "Archived edition of June 2026" in html(page).select_one(".md-copyright").get_text()
    # The current edition has no banner, and says which edition it is in every footer.
    assert html(two_edition_site / SIGNS).select_one(".hb-archive-banner") is None
    for name in ("index.html", SIGNS, "editions.html"):
        assert "Current edition: 1 December 2026" in html(two_edition_site / name).select_one(".md-copyright").get_text()


def test_one_click_from_a_chapter_to_the_same_chapter_in_the_earlier_edition(two_edition_site):
    page = two_edition_site / SIGNS
    link = html(page).find("a", string="June 2026")
    assert target(page, link["href"]) == (two_edition_site / "editions" / "2026-06" / SIGNS).resolve()


def test_what_changed_shows_the_inserted_and_the_deleted_phrase(two_edition_site):
    chapter = two_edition_site / SIGNS
    link = html(chapter).find("a", string="What changed in this edition")
    changes_page = target(chapter, link["href"])
    assert changes_page == (two_edition_site / "changes" / SIGNS).resolve()
    diff = html(changes_page).select_one(".hb-diff")
    inserted = [tag.get_text() for tag in diff.find_all("ins")]
    deleted = [tag.get_text() for tag in diff.find_all("del")]
    assert any("at once" in text and text.startswith("inserted:") for text in inserted), inserted
    assert any(DELETED_PHRASE in text and text.startswith("deleted:") for text in deleted), deleted
    assert not any("Write down what you saw" in text for text in deleted)  # unchanged words stay plain
    for mark in diff.find_all(["ins", "del"]):
        assert mark.select_one(".hb-visually-hidden"), mark


def test_register_groups_amendments_by_edition_newest_first(two_edition_site):
    article = html(two_edition_site / "amendments.html").find("article")
    headings = [h.get_text(" ").strip(" #") for h in article.find_all("h2")]
    assert headings[:2] == ["December 2026 edition", "June 2026 edition"]
    december = article.find("h2", id="edition-2026-12-01").find_next("table")
    link = december.find("a", href="chapters/signs.html#what-to-do")
    assert link is not None and "What to do" in link.get_text()
    assert "at once" in december.get_text()
    june = article.find("h2", id="edition-2026-06").find_next("table")
    assert "First published." in june.get_text()


def test_chapter_amended_in_the_latest_edition_is_marked_updated_in_the_navigation(two_edition_site):
    nav_link = html(two_edition_site / "index.html").select_one('nav a[href="chapters/signs.html"]')
    status = nav_link.select_one(".md-status--updated")
    assert status is not None and status["title"] == "Updated in the December 2026 edition"


def test_editions_page_lists_each_edition_with_where_to_read_it(two_edition_site):
    page = two_edition_site / "editions.html"
    article = html(page).find("article")
    assert [h["id"] for h in article.find_all("h2")] == ["edition-2026-12-01", "edition-2026-06"]
    archived = article.find("a", string="Read the archived June 2026 edition")
    assert target(page, archived["href"]) == (two_edition_site / "editions" / "2026-06" / "index.html").resolve()


def test_feed_is_atom_with_one_entry_per_amendment(two_edition_site):
    feed = feedparser.parse((two_edition_site / "amendments.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.summary for entry in feed.entries] == [
        "Asked practitioners to tell Children's Social Care at once.", "First published."]
    newest, oldest = feed.entries
    assert newest.title == "Change to the guidance: Noticing the signs: What to do"
    kinds = [tag for tag in newest.tags if tag.scheme == "urn:handbook:amendment-kind"]
    assert [(tag.term, tag.label) for tag in kinds] == [("guidance", "Change to the guidance")]
    assert newest.updated.startswith("2026-12-01") and oldest.updated.startswith("2026-06-01")
    assert newest.link == "chapters/signs.html#what-to-do"
    assert all(entry.id.startswith("urn:uuid:") for entry in feed.entries)
    assert len({entry.id for entry in feed.entries} | {feed.feed.id}) == 3
    assert feed.feed.author == "Northmoor Safeguarding Children Partnership"
    # No domain is invented: without site_url the links stay relative to the feed itself.
    assert "xml:base" not in (two_edition_site / "amendments.xml").read_text()


def test_every_current_page_links_the_feed_from_its_head(two_edition_site):
    # 404.html is served at any depth, so MkDocs gives it root-absolute links (its stylesheet
    # too): it is checked for the link alone.
    pages = [p for p in two_edition_site.rglob("*.html")
             if p.relative_to(two_edition_site).parts[0] != "editions" and p.name != "404.html"]
    assert len(pages) >= 5
    assert html(two_edition_site / "404.html").head.find("link", type="application/atom+xml")
    for page in pages:
        link = html(page).head.find("link", rel="alternate", type="application/atom+xml")
        assert link is not None, page
        assert target(page, link["href"]) == (two_edition_site / "amendments.xml").resolve()


def test_feed_ids_are_the_same_on_every_build(two_editions, two_edition_site, tmp_path):
    site = tmp_path / "again"
    assert run_handbook("--project", str(two_editions), "build", "--site-dir", str(site)).returncode == 0
    assert (site / "amendments.xml").read_bytes() == (two_edition_site / "amendments.xml").read_bytes()


def test_a_missing_tag_is_one_clear_line_and_no_site(two_editions, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-tags", str(two_editions), str(clone)], check=True)
    site = tmp_path / "site"
    result = run_handbook("--project", str(clone), "build", "--site-dir", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == ["data/editions.yml:8: error: git tag 'edition-2026-06' is not in this repository "
                      "(fetch tags with `git fetch --tags`)"]
    assert not site.exists()


def test_the_real_handbook_builds_its_may_2024_edition_from_the_repository(built_site):
    """The real handbook keeps its May 2024 edition in editions/2024-05/, not in a tag, so
    that a clone of main (as CI makes) builds it."""
    chapter = CHAPTER.replace(".md", ".html")
    archived = built_site / "editions" / "2024-05" / chapter
    text = html(archived).find("article").get_text(" ")
    assert "Archived edition of May 2024: not current guidance" in text
    assert "With effect from 29 June 2021, section 69 Domestic Abuse Act 2021" in text
    assert "6. Child-on-Child Abuse" in text
    current = html(built_site / chapter)
    assert current.find("a", string="May 2024")
    assert current.select_one('nav .md-status--updated') is not None
    diff = html(built_site / "changes" / chapter).select_one(".hb-diff")
    assert any("revenge porn" in d.get_text() for d in diff.find_all("del"))
    assert any("6. Working with Sexually Exploited Children" in i.get_text() for i in diff.find_all("ins"))
    assert any("Child-on-Child Abuse" in d.get_text() for d in diff.find_all("del"))


def test_overdue_command_lists_the_chapter_past_its_review_date(project_copy):
    # The partnership has not set a review interval: nothing is overdue, whatever the day.
    assert run_handbook("overdue", "--as-of", "2030-01-01").stdout.splitlines() == [
        "0 chapter(s) overdue for review as of 2030-01-01"]
    data = project_copy / "data" / "partnership.yml"
    data.write_text(data.read_text().replace("review_interval_months: null", "review_interval_months: 12"))
    on_time = run_handbook("--project", str(project_copy), "overdue", "--as-of", "2025-05-31")
    late = run_handbook("--project", str(project_copy), "overdue", "--as-of", "2025-06-01")
    assert on_time.returncode == late.returncode == 0
    assert on_time.stdout.splitlines() == ["0 chapter(s) overdue for review as of 2025-05-31"]
    line = (project_copy / "docs" / CHAPTER).read_text().splitlines().index("last_reviewed: 2024-05") + 1
    assert late.stdout.splitlines() == [
        f"docs/{CHAPTER}:{line}: warning: past its review date: review was due by May 2025 (last reviewed "
        "May 2024); review the chapter, then update last_reviewed and add an amendment",
        "1 chapter(s) overdue for review as of 2025-06-01"]
