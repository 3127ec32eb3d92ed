"""Editions: dated releases of the whole handbook. The newest is the current edition and is
the working tree; each earlier edition names where its content is kept (a folder in the
repository, or a git tag), so that it can be rebuilt with the current engine into
site/editions/<date>/ and compared with the edition after it."""
from __future__ import annotations

import html

from pydantic import model_validator

from handbook.addresses import built_path, relative_link, to_site_root
from handbook.content.dates import Date, PartialDate
from handbook.content.fields import Record, Text
from handbook.escaping import text

FILE = "editions.yml"
ARCHIVE_FOLDER = "editions"  # site/editions/<date>/ holds each archived edition
# The MkDocs `extra` setting through which handbook.build.site tells the adapter that it is
# building an archived edition (its value: the current edition's pages, to link to).
ARCHIVE_KEY = "handbook_archive"


class Edition(Record):
    date: Date
    title: Text
    summary: Text
    # Where an earlier edition's docs/ and data/ are kept: a folder of the project
    # (editions/2024-05), or a git tag of the project's repository (edition-2024-05).
    folder: Text | None = None
    git_tag: Text | None = None

    @model_validator(mode="after")
    def _one_source(self):
        if self.folder is not None and self.git_tag is not None:
            raise ValueError("give folder or git_tag, not both")
        return self

    @property
    def site_path(self) -> str:
        """Where this edition is built, inside the current site: editions/2024-05/."""
        return f"{ARCHIVE_FOLDER}/{self.date.iso()}/"

    @property
    def anchor(self) -> str:
        return f"edition-{self.date.iso()}"


class EditionData(Record):
    editions: list[Edition]

    @model_validator(mode="after")
    def _newest_first(self):
        if not self.editions:
            raise ValueError("list at least one edition")
        dates = [edition.date for edition in self.editions]
        days = [date.first_day for date in dates]
        if days != sorted(days, reverse=True) or len(set(dates)) != len(dates):
            raise ValueError("editions must be listed newest first, each with its own date")
        if self.editions[0].folder or self.editions[0].git_tag:
            raise ValueError("the current (first) edition is the working tree: "
                             "give folder or git_tag only for earlier editions")
        for edition in self.editions[1:]:
            if not (edition.folder or edition.git_tag):
                raise ValueError(f"the {edition.title} needs a folder or a git_tag "
                                 "holding its docs/ and data/")
        return self

    @property
    def current(self) -> Edition:
        return self.editions[0]

    @property
    def archived(self) -> list[Edition]:
        """Earlier editions, newest first."""
        return self.editions[1:]

    @property
    def previous(self) -> Edition | None:
        return self.editions[1] if len(self.editions) > 1 else None

    def edition_of(self, date: PartialDate) -> Edition | None:
        """The edition that first carried a change made on `date`: the oldest edition not
        older than it. None for a change made after the current edition."""
        for edition in reversed(self.editions):
            if date.first_day <= edition.date.last_day:
                return edition
        return None


def footer_line(current: Edition, archived: Edition | None = None) -> str:
    """The edition line shown in every page's footer."""
    if archived is not None:
        return f"Archived edition of {archived.date.human()}: not current guidance"
    return f"Current edition: {current.date.human()}"


def archive_banner(archived: Edition, src: str, current_pages: set[str]) -> str:
    """The banner at the top of every page of an archived edition, linking to the same page
    in the current edition (or to its home page when the page is gone)."""
    up = to_site_root(src) + to_site_root(archived.site_path)
    if src in current_pages:
        target, label = src, "Read the current version of this page"
    else:
        target, label = "index.md", "This page is not in the current edition: go to the current handbook"
    href = up + built_path(target)
    return (f'<div class="hb-archive-banner" role="note">'
            f"<p><strong>Archived edition of {archived.date.human()}: not current guidance.</strong> "
            f'<a href="{html.escape(href)}">{label}</a>.</p></div>')


def chapter_history(src: str, editions: list[tuple[Edition, bool]], changes_link: str | None,
                    previous: Edition | None) -> str:
    """The line under a chapter's review dates: what changed since the previous edition, and
    the same chapter in each earlier edition that had it (`editions` pairs each earlier
    edition with whether it held this chapter). Links into the archive are plain HTML: they
    point outside docs/, where MkDocs cannot check them."""
    parts = []
    if changes_link and previous is not None:
        parts.append(f"[What changed in this edition]({changes_link}) (compared with the "
                     f"{previous.date.human()} edition)")
    earlier = [f'<a href="{html.escape(to_site_root(src) + edition.site_path + built_path(src))}">'
               f"{edition.date.human()}</a>" for edition, had_it in editions if had_it]
    if earlier:
        parts.append("This chapter in earlier editions: " + ", ".join(earlier))
    if not parts:
        return ""
    return '<div class="hb-chapter-status hb-chapter-editions" markdown>\n' + ". ".join(parts) + ".\n</div>\n"


def editions_list(data: EditionData, *, here: str, amendments_page: str | None) -> str:
    """The Editions page: every edition, newest first, with where to read it."""
    lines = []
    for edition in data.editions:
        lines += [f"## {text(edition.title)} {{#{edition.anchor}}}", ""]
        if edition is data.current:
            read = f"The current edition, published {edition.date.human()}: you are reading it."
            if amendments_page:
                to_register = relative_link(here, amendments_page)
                read += f" [What changed in it]({to_register}#{edition.anchor})."
        else:
            href = to_site_root(here) + edition.site_path + "index.html"
            read = (f"Published {edition.date.human()}. "
                    f'<a href="{html.escape(href)}">Read the archived {text(edition.title)}</a> '
                    "(not current guidance).")
        lines += [text(edition.summary), "", read, ""]
    return "\n".join(lines)
