"""Pages and chapters: front matter read and validated, and what is built from it
(amendment notes, review dates, the amendments register)."""
from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import pydantic
from pydantic import AfterValidator, Field, model_validator

from handbook.addresses import relative_link
from handbook.content.dates import Date, PartialDate
from handbook.content.editions import EditionData
from handbook.content.fields import Id, Months, Record, Text
from handbook.content.tables import caption
from handbook.content.yaml_source import parse_yaml, validate_leniently
from handbook.escaping import escape_cell, text
from handbook.problems import HandbookError, Problem

CHAPTER_FOLDER = "chapters/"


AmendmentKind = Literal["guidance", "editorial"]
GUIDANCE_DATA_SETS = ("indicators", "legal", "resources", "glossary")
_DATA_CHANGE = re.compile(rf"^({'|'.join(GUIDANCE_DATA_SETS)})(/[a-z0-9]+(-[a-z0-9]+)*){{0,2}}$")
_ANCHORED_HEADING = re.compile(r"^#+\s+(.+?)\s*\{#([^}\n]*)\}\s*$", flags=re.M)  # a heading ending {#anchor}


def _data_change(value: str) -> str:
    if not _DATA_CHANGE.match(value):
        raise ValueError("name a data set (indicators, legal, resources or glossary) or one of "
                         "its items by id, such as indicators/fear")
    return value


DataChange = Annotated[str, AfterValidator(_data_change)]
KIND_WORDS = {"guidance": "Change to the guidance", "editorial": "Editorial correction"}


class Amendment(Record):
    date: Date
    summary: Text
    section: Id | None = None  # anchor of the section changed, where there is one
    # What kind of change: `guidance` changes what the guidance tells the reader (the law,
    # what to do, who to tell); `editorial` corrects the text without changing that (typos,
    # names, headings, links, layout). Required in the current edition
    # (current_edition_problems); an archived edition's front matter, written before the
    # field existed, may leave it out, and its amendments are then shown without a kind.
    kind: AmendmentKind | None = None
    # The data this amendment changed, when the guidance changed in data/ rather than in the
    # chapter's text: a data set (`indicators`, `legal`, `resources`, `glossary`) or one of
    # its items by id (`indicators/fear`, or with its group `indicators/coercion/fear`;
    # `legal/position-of-trust`). `make check` warns
    # about an item added, changed or removed since the previous edition that no amendment
    # since names (handbook/checks/data_changes.py).
    data: list[DataChange] = []


class PageMeta(Record):
    """Front matter of a handbook page (home, glossary, ...)."""

    title: Text
    summary: Text
    hide: list[Literal["navigation", "toc", "footer", "path"]] = []
    # Where the page sits in the navigation: a section title, and an order within it
    # (sections come in the order of their lowest number). The home page has neither.
    nav_section: Text | None = None
    nav_order: int = 0


class ChapterMeta(Record):
    """Front matter of a chapter of guidance."""

    title: Text
    summary: Text
    # Where the chapter comes in the navigation, on Home and in the PDFs (1 first); each
    # chapter has its own. Chapters without one come after those with one, by title.
    order: Annotated[int, Field(ge=1)] | None = None
    owner: Text
    # Whether the partnership has confirmed `owner`: a chapter that names its owner is taken
    # at its word unless it says `owner_confirmed: false`, which shows "owner not yet
    # confirmed by the partnership" instead of the name (and `make check` reports it).
    owner_confirmed: bool = True
    last_reviewed: Date
    review_interval_months: Months | None = None
    review_due: Date | None = None
    amendments: list[Amendment]
    # The anchor of the section that says what to do (e.g. protection-and-action): the box
    # at the top of the chapter links to it. Required in the current edition; it must be an
    # anchor of the chapter (handbook.checks.links).
    action_section: Id | None = None
    tags: list[Text] = []
    related: list[Text] = []
    resources: list[Id] = []

    @model_validator(mode="after")
    def _one_way_to_say_due(self):
        if self.review_interval_months is not None and self.review_due is not None:
            raise ValueError("give review_interval_months or review_due, not both")
        if not self.amendments:
            raise ValueError("a chapter needs at least one amendment (its first publication)")
        return self


@dataclass
class Page:
    src: str            # path inside docs/, with forward slashes
    path: str           # path to show an editor (docs/...)
    meta: PageMeta | ChapterMeta
    body: str           # markdown after the front matter
    body_first_line: int
    front_matter: object = None  # the YamlSource, for the line of each field
    # Mistakes in the front matter (page_from_text): the page is kept so that its text is still
    # checked in the same run; `stand_in` when the front matter could not be read at all,
    # and the checks of front matter leave the page alone.
    problems: list[Problem] = field(default_factory=list)
    stand_in: bool = False

    def field_line(self, *loc) -> int | None:
        return self.front_matter.line_of(loc) if self.front_matter else None

    @property
    def is_chapter(self) -> bool:
        return isinstance(self.meta, ChapterMeta)

    def section_title(self, anchor: str) -> str | None:
        """The heading text of the section whose anchor is `anchor` ({#anchor})."""
        return self._section_titles.get(anchor)

    @cached_property
    def _section_titles(self) -> dict[str, str]:
        """Each anchor a heading names ({#anchor} ending the heading), with the heading's
        text; the first such heading, for an anchor named twice. Found in one pass: the
        chapters' openings and amendment notes ask for several on every page."""
        titles: dict[str, str] = {}
        for match in _ANCHORED_HEADING.finditer(self.body):
            titles.setdefault(match.group(2), match.group(1))
        return titles

    def line_of(self, needle: str) -> int | None:
        """File line of the first body line containing `needle`."""
        for number, line in enumerate(self.body.splitlines(), start=self.body_first_line):
            if needle in line:
                return number
        return None


def page_from_text(src: str, shown_as: str, text: str) -> Page:
    """The page `src` (inside docs/) whose file holds `text`, with the mistakes in its front
    matter in `problems`. A page whose front matter has mistakes is still returned, so that
    its text (links, anchors, headings) is checked in the same run: with its front matter
    read as far as it can be without guessing, or else a stand-in (`stand_in`) that the
    front-matter checks skip."""
    lines = text.split("\n")
    model = ChapterMeta if src.startswith(CHAPTER_FOLDER) else PageMeta
    if not lines or lines[0].strip() != "---":
        return _stand_in(src, shown_as, model, {}, "\n".join(lines), 1,
                         [Problem(shown_as, 1, "error", "the page must start with front matter between '---' lines")])
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return _stand_in(src, shown_as, model, {}, "\n".join(lines[1:]), 2,
                         [Problem(shown_as, 1, "error", "front matter is not closed by a '---' line")])
    body, body_first_line = "\n".join(lines[end + 1:]), end + 2
    try:
        source = parse_yaml("\n".join(lines[1:end]), shown_as, first_line=2)
    except HandbookError as exc:
        return _stand_in(src, shown_as, model, {}, body, body_first_line, exc.problems)
    if not isinstance(source.data, dict):
        return _stand_in(src, shown_as, model, {}, body, body_first_line,
                         [Problem(shown_as, 2, "error", "front matter must be a set of 'field: value' lines")])
    meta, problems = validate_leniently(model, source)
    if meta is None:
        return _stand_in(src, shown_as, model, source.data, body, body_first_line, problems, source)
    return Page(src=src, path=shown_as, meta=meta, body=body, body_first_line=body_first_line,
                front_matter=source, problems=problems)


def _stand_in(src: str, shown_as: str, model, data: dict, body: str, body_first_line: int,
              problems: list[Problem], source=None) -> Page:
    """A page whose front matter could not be read: each field that is right on its own is
    kept, the rest is empty (the title is the file's name), so that the page's text can be
    checked and the front matter's mistakes reported beside it."""
    values = {}
    for name, info in model.model_fields.items():
        if name in data:
            try:
                values[name] = pydantic.TypeAdapter(info.annotation).validate_python(data[name])
                continue
            except pydantic.ValidationError:
                pass
        values[name] = [] if typing.get_origin(info.annotation) is list else (
            None if info.is_required() else info.get_default())
    values["title"] = values.get("title") or Path(src).stem.replace("-", " ").capitalize()
    values["summary"] = values.get("summary") or values["title"]
    return Page(src=src, path=shown_as, meta=model.model_construct(**values), body=body,
                body_first_line=body_first_line, front_matter=source, problems=problems,
                stand_in=True)


def in_order(chapters: list[Page]) -> list[Page]:
    """Chapters in the editor's order (`order`), then those without one by title."""
    return sorted(chapters, key=lambda page: (page.meta.order is None, page.meta.order or 0,
                                              page.meta.title.lower(), page.src))


def order_problems(chapters: list[Page]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) about the chapters' order: two chapters with one number is an
    error; a chapter without one, when others have one, a warning (it comes after them)."""
    errors, warnings = [], []
    first: dict[int, Page] = {}
    for page in sorted(chapters, key=lambda p: p.src):
        order = page.meta.order
        if order is None:
            continue
        if order in first:
            errors.append(Problem(page.path, page.field_line("order"), "error",
                                  f"order {order} is also the order of {first[order].path}: give each "
                                  "chapter its own number (the navigation, Home and the PDFs follow it)"))
        else:
            first[order] = page
    if first:
        for page in chapters:
            if page.meta.order is None and not page.stand_in:
                warnings.append(Problem(page.path, page.field_line("title"), "warning",
                                        "the chapter has no order: it comes after the chapters that "
                                        "have one, by title; add order: N to place it"))
    return errors, warnings


def review_due(meta: ChapterMeta, default_months: int | None) -> PartialDate | None:
    """When the chapter's next review is due: its own review_due, or its last review plus
    its own interval or the partnership's. None when neither the chapter nor the
    partnership sets one: then no review date is set, and nothing is ever overdue."""
    if meta.review_due:
        return meta.review_due
    months = meta.review_interval_months or default_months
    return meta.last_reviewed.add_months(months) if months else None


def unconfirmed_owners(pages: list[Page]) -> list[Problem]:
    """Chapters whose owner the partnership has not confirmed (`owner_confirmed: false`):
    the page says so instead of naming a role that may not exist here. One warning each,
    at the flag."""
    return [Problem(page.path, page.field_line("owner_confirmed"), "warning",
                    f"owner '{page.meta.owner}' is not confirmed by the partnership: the chapter "
                    "shows 'owner not yet confirmed by the partnership'; set owner_confirmed: true "
                    "(or name the right owner) once the partnership confirms who owns it")
            for page in pages if page.is_chapter and not page.meta.owner_confirmed]


def current_edition_problems(pages: list[Page]) -> list[Problem]:
    """Front matter the current edition requires of every chapter, which an archived
    edition (written before these fields existed) may lack: the action section, and the
    kind of each amendment."""
    problems = []
    for page in pages:
        if not page.is_chapter or page.stand_in:
            continue
        if page.meta.action_section is None:
            problems.append(Problem(page.path, page.field_line("title") or 2, "error",
                                    "the chapter has no action_section: name the anchor of the section "
                                    "that says what to do (e.g. action_section: protection-and-action); "
                                    "the box at the top of the chapter links to it"))
        for index, amendment in enumerate(page.meta.amendments):
            if amendment.kind is None:
                problems.append(Problem(page.path, page.field_line("amendments", index) or 2, "error",
                                        "amendment has no kind: write kind: guidance (it changes what the "
                                        "guidance says) or kind: editorial (a correction that leaves the "
                                        "guidance as it was)"))
    return problems


def newest_first(amendments: list[Amendment]) -> list[Amendment]:
    return sorted(amendments, key=lambda a: a.date, reverse=True)


def latest_guidance_change(amendments: list[Amendment]) -> Amendment | None:
    """The newest amendment that changed the guidance (the first written, among several on
    that day)."""
    return next((a for a in newest_first(amendments) if a.kind == "guidance"), None)


def where_changed(page: Page, amendment: Amendment) -> str:
    """The section an amendment changed, by its title, or the whole chapter."""
    title = page.section_title(amendment.section) if amendment.section else None
    return title or "the whole chapter"


OWNER_UNCONFIRMED = "Owner: not yet confirmed by the partnership."
NO_REVIEW_DATE = "no review date set"


def amendment_note(page: Page, default_months: int | None, *, built: dt.date | None = None,
                   more: str = "") -> str:
    """The quiet line under a chapter's "what to do" box: one line naming the latest change
    to the guidance, which opens on request to the review dates and owner, every amendment
    (newest first, changes to the guidance apart from editorial corrections, each naming its
    section by title) and `more` (the links to earlier editions and to the PDF).

    The review warning is in the page, hidden: the page's before-drawing.js shows it when
    the reader's own date is past the due date (so the page does not move once drawn).
    When the next review was due before `built` (the build's date, handed in by the
    adapter; None for an archived edition), a dated note says so for paper: hidden on
    screen and printed (handbook.css) and in the PDFs, which are made from these pages."""
    meta = page.meta
    due = review_due(meta, default_months)
    amendments = newest_first(meta.amendments)
    if due is None:
        review = f"Last reviewed **{meta.last_reviewed.human()}**; {NO_REVIEW_DATE}."
    else:
        review = (f"Last reviewed **{meta.last_reviewed.human()}**; next review due "
                  f'<span class="hb-review-due" data-due="{due.last_day.isoformat()}">**{due.human()}**</span>.')
    owner = f"Owner: {text(meta.owner)}." if meta.owner_confirmed else OWNER_UNCONFIRMED
    latest = latest_guidance_change(amendments)
    if latest is not None:
        headline = (f"Guidance last changed {latest.date.human()}: "
                    f"{text(where_changed(page, latest))}")
    else:
        headline = f"Last amended {amendments[0].date.human()}"
    lines = [
        '<details class="hb-about hb-no-search" markdown>',
        f'<summary><span class="hb-about__headline">{headline}</span> '
        f'<span class="hb-about__more">(review dates, owner, {len(amendments)} '
        f'amendment{"s" if len(amendments) != 1 else ""})</span></summary>',
        "",
        '<div class="hb-chapter-status" markdown>',
        f"{review} {owner}",
        "</div>",
        "",
    ]
    groups = [("Changes to the guidance", [a for a in amendments if a.kind == "guidance"]),
              ("Editorial corrections", [a for a in amendments if a.kind == "editorial"]),
              ("Amendments", [a for a in amendments if a.kind is None])]
    for heading, items in groups:
        if not items:
            continue
        lines += [f'<p class="hb-about__heading">{heading} ({len(items)}), newest first</p>', ""]
        for amendment in items:
            lines.append(f"- **{amendment.date.human()}**, {_section_link(page, amendment)}: "
                         f"{text(amendment.summary)}")
        lines.append("")
    if more:
        lines += [more, ""]
    lines += ["</details>", ""]
    if due is not None:
        lines += [overdue_warning(due), ""]
        if built is not None and built > due.last_day:
            lines += [overdue_at_build(due, built), ""]
    return "\n".join(lines) + "\n"


def _section_link(page: Page, amendment: Amendment) -> str:
    where = text(where_changed(page, amendment))
    return f"[{where}](#{amendment.section})" if amendment.section and where != "the whole chapter" else where


def overdue_warning(due: PartialDate) -> str:
    """The review warning on screen, hidden until before-drawing.js finds the reader's date
    past `due` (it reads the date from the page's head, so the page does not move once
    drawn)."""
    return (f'<div class="admonition warning hb-review-overdue hb-no-search" role="note" '
            f'data-due="{due.last_day.isoformat()}">\n'
            f'<p class="admonition-title">Review overdue</p>\n'
            f"<p>This chapter was due for review by {due.human()} and has not been reviewed since. "
            "It may be out of date: check with your safeguarding lead before relying on it.</p>\n"
            "</div>")


def overdue_at_build(due: PartialDate, built: dt.date) -> str:
    """The review warning as of the build date, for printed copies and PDFs (see
    amendment_note). The same words as the on-screen warning, dated."""
    when = f"{built.day} {built:%B %Y}"
    return (f'<div class="admonition warning hb-review-overdue-built hb-no-search" role="note">\n'
            f'<p class="admonition-title">Review overdue</p>\n'
            f"<p>As of {when} (the date of this copy's source), this chapter was overdue for "
            f"review: it was due for review by {due.human()}. It may be out of date: check with "
            "your safeguarding lead before relying on it.</p>\n"
            "</div>")


def amendments_register(pages: list[Page], editions: EditionData, *, here: str) -> str:
    """Every chapter's amendments grouped by the edition that first carried them, newest
    edition first, each linked to the section it changed and saying whether it changed the
    guidance or corrected the text."""
    groups: dict[str, list] = {}
    for page in pages:
        if page.is_chapter:
            for amendment in page.meta.amendments:
                edition = editions.edition_of(amendment.date)
                target = relative_link(here, page.src, amendment.section or "")
                where = page.section_title(amendment.section) if amendment.section else None
                groups.setdefault(edition.anchor if edition else "", []).append(
                    (amendment.date, page.meta.title, where, target, amendment.summary, amendment.kind))
    headed = [("", "Since the current edition (not yet in a dated edition)")]
    headed += [(edition.anchor, edition.title) for edition in editions.editions]
    out = []
    for key, heading_words in headed:
        rows = sorted(groups.get(key, []), key=lambda row: (row[0].first_day, row[1]), reverse=True)
        if not rows and not key:
            continue
        out += [f"## {heading_words}" + (f" {{#{key}}}" if key else ""), ""]
        if not rows:
            out += ["No chapter was amended in this edition.", ""]
            continue
        out += [caption(f"Amendments: {heading_words}"),
                "| Date | Chapter | Kind | What changed |", "| --- | --- | --- | --- |"]
        for date, title, where, target, summary, kind in rows:
            label = f"{title}: {where}" if where else title
            out.append(f"| {date.human()} "
                       f"| [{escape_cell(label)}]({target}) | {KIND_WORDS.get(kind, 'Not recorded')} "
                       f"| {escape_cell(summary)} |")
        out.append("")
    return "\n".join(out)


def amended_in(page: Page, editions: EditionData, edition) -> bool:
    """Whether the chapter has an amendment first carried by `edition`."""
    return page.is_chapter and any(editions.edition_of(a.date) == edition for a in page.meta.amendments)


@dataclass(frozen=True)
class OverdueChapter:
    page: Page
    due: PartialDate


def overdue_chapters(pages: list[Page], default_months: int | None, as_of: dt.date) -> list[OverdueChapter]:
    """Chapters whose next review was due before `as_of` (a month-precision due date is due
    until its last day), most overdue first. A chapter with no review date set is never
    overdue (the partnership data's missing interval is reported instead)."""
    overdue = [OverdueChapter(page, review_due(page.meta, default_months))
               for page in pages if page.is_chapter]
    overdue = [item for item in overdue if item.due is not None and item.due.last_day < as_of]
    return sorted(overdue, key=lambda item: (item.due.last_day, item.page.src))


def action_box(page: Page, emergency, contacts_page: str | None) -> str:
    """What every chapter opens with, from data: the emergency number (tap to call, only a
    confirmed one), a link to the chapter's action section (`action_section`, by its title)
    and a link to who to call (the page listing the contacts, `contacts_page`)."""
    lines = ['<div class="hb-act hb-no-search" role="note" aria-label="What to do" markdown>', ""]
    if emergency is not None and emergency.phone and emergency.verified:
        number = text(emergency.phone)
        lines += [f'<p class="hb-act__danger">In immediate danger call '
                  f'<a href="tel:{number.replace(" ", "")}">{number}</a></p>', ""]
    action = page.meta.action_section
    title = page.section_title(action) if action else None
    if title:
        lines += [f"**What to do:** [{text(title)}](#{action})", ""]
    if contacts_page:
        lines += [f"**Who to call:** [Contacts]({relative_link(page.src, contacts_page)})", ""]
    lines += ["</div>", ""]
    return "\n".join(lines)


_SECTION_HEADING = re.compile(r"^##\s+(.+?)\s*\{#([A-Za-z0-9_-]+)\}\s*$", flags=re.M)


def on_this_page(markdown: str) -> str:
    """The chapter's sections (its `##` headings with anchors), listed under the opening so
    that a phone shows them without opening the drawer (handbook.css hides the list where
    Material's table of contents is on screen, and on paper)."""
    sections = _SECTION_HEADING.findall(markdown)
    if not sections:
        return ""
    lines = ['<nav class="hb-on-this-page hb-no-search" aria-label="On this page" markdown>', "",
             '<p class="hb-on-this-page__title">On this page</p>', ""]
    lines += [f"- [{title}](#{anchor})" for title, anchor in sections]
    lines += ["", "</nav>", ""]
    return "\n".join(lines)


def contacts_page(pages: dict[str, Page]) -> str | None:
    """The page that lists who to call: the one showing the contacts table ({{ contacts() }}),
    preferring a page of its own over the home page."""
    showing = [src for src, page in pages.items() if "contacts()" in page.body and not page.is_chapter]
    return min(showing, key=lambda src: (src == "index.md", src)) if showing else None
