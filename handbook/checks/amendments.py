"""Changes to guidance text that no amendment records.

Every change to a chapter's guidance is an amendment (the note at the top of the chapter,
the Amendments page, the feed). This check finds the changes that have none: each chapter
is compared with the same chapter in the previous edition (data/editions.yml; its content
read through handbook.content.edition_sources), section by section. A section is a
level-2 heading with its {#anchor} and everything up to the next level-2 heading (its
level-3 subsections included). What is compared is the text a reader gets: each edition's
macros carried out with that edition's own data (so a changed resource description in
data/ counts as a change to the chapter that lists it), without HTML comments, with
whitespace and the numbers of headings ("5." becoming "6." when a section is inserted)
ignored.

A changed section needs an amendment dated after the previous edition that names it:
`section:` its anchor, or the anchor of a heading inside it. Without one, a warning at the
section's heading. Text before the first section, and a section that was removed, need an
amendment dated after the previous edition with no `section` (the anchor is gone).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from handbook.checks.data_changes import unrecorded_data_changes
from handbook.content.edition_sources import edition_project, shown_as
from handbook.content.editions import Edition
from handbook.content.model import Handbook, load_handbook
from handbook.content.pages import Page
from handbook.problems import HandbookError, Problem
from handbook.templating.renderer import PageRenderer

_LEVEL_2 = re.compile(r"^##(?!#)\s+(?P<title>.*?)\s*(?:\{#(?P<anchor>[^}\s]+)\})?\s*$")
_ANY_ANCHOR = re.compile(r"^#{2,6}(?!#)\s+.*?\{#(?P<anchor>[^}\s]+)\}\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING_NUMBER = re.compile(r"^(##\s+)\d+(?:\.\d+)*\.?\s+", re.M)
PREAMBLE = ""  # the key of the text before the first section


@dataclass
class Section:
    key: str                 # the anchor; "title:<heading>" without one; PREAMBLE before the first
    title: str               # the heading as written, without its anchor
    line: int | None         # file line of the heading (of the first text, for the preamble)
    anchors: set[str] = field(default_factory=set)  # its own and its subsections' anchors
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The section's text as compared: no HTML comments, no heading numbers, whitespace
        collapsed."""
        joined = _HEADING_NUMBER.sub(r"\1", "\n".join(self.lines))
        return " ".join(_COMMENT.sub(" ", joined).split())


def split_sections(markdown: str, first_line: int = 1, keys: set[str] | None = None) -> dict[str, Section]:
    """`markdown` cut at its level-2 headings, by key. `keys`, if given, are the only
    headings that start a section (those of the page's source: a heading that a macro
    wrote stays inside the section that called it)."""
    sections = {PREAMBLE: Section(PREAMBLE, "text before the first section", None)}
    current = sections[PREAMBLE]
    for number, line in enumerate(markdown.split("\n"), start=first_line):
        match = _LEVEL_2.match(line)
        key = None
        if match:
            key = match.group("anchor") or f"title:{match.group('title')}"
            if keys is not None and key not in keys:
                key = None
        if key is not None and key not in sections:
            current = sections[key] = Section(key, match.group("title"), number)
        elif current.line is None and line.strip():
            current.line = number
        if anchor := _ANY_ANCHOR.match(line):
            current.anchors.add(anchor.group("anchor"))
        current.lines.append(line)
    return sections


def chapter_sections(page: Page, renderer: PageRenderer) -> tuple[dict[str, Section], dict[str, str]]:
    """The page's sections with their source lines, and the rendered text of each."""
    source = split_sections(page.body, page.body_first_line)
    rendered = split_sections(renderer.render(page).markdown, keys=set(source))
    return source, {key: section.text for key, section in rendered.items()}


def check_amendments(handbook: Handbook) -> list[Problem]:
    """One warning per section changed since the previous edition that no amendment dated
    after that edition names, and per item of guidance data (data_changes.py) likewise."""
    previous = handbook.editions.previous
    chapters = [page for page in handbook.chapters if not page.stand_in]
    if previous is None or not chapters:
        return []
    try:
        with edition_project(handbook.root, previous) as root:
            old = load_handbook(root, archived=True)
            old_renderer = PageRenderer(old)
            old_texts = {page.src: chapter_sections(page, old_renderer) for page in old.chapters}
    except HandbookError as exc:
        source = handbook.sources["editions"]
        index = handbook.editions.editions.index(previous)
        return [Problem(source.path, source.line_of(("editions", index)), "warning",
                        f"the chapters could not be compared with the {previous.title}, so changes "
                        f"without an amendment are not found: {shown_as(previous)}"
                        f"{exc.problems[0] if exc.problems else 'unreadable'}")]
    renderer = PageRenderer(handbook)
    found: list[Problem] = []
    reported: list[str] = []  # the text of the sections reported, before and after
    for page in chapters:
        if page.src in old_texts:
            try:
                found += _unrecorded(page, renderer, *old_texts[page.src], previous, reported)
            except HandbookError:
                continue  # the page does not render: reported as an error already
    # A change in data that already shows as a section reported above is one mistake,
    # reported once (at the section, where the amendment goes).
    return unrecorded_data_changes(handbook, old, previous, already_reported=" ".join(reported)) + found


def _unrecorded(page: Page, renderer: PageRenderer, old_sections: dict[str, Section],
                old: dict[str, str], previous: Edition, reported: list[str]) -> list[Problem]:
    """The warnings for one chapter; the text (before and after) of each section reported
    is added to `reported`."""
    since = [a for a in page.meta.amendments if a.date.first_day > previous.date.last_day]
    named = {a.section for a in since}
    chapter_wide = any(a.section is None for a in since)
    sections, texts = chapter_sections(page, renderer)
    found: list[Problem] = []
    for key, section in sections.items():
        if texts.get(key, "") == old.get(key, ""):
            continue
        before = len(found)
        if key == PREAMBLE:
            if not chapter_wide:
                found.append(Problem(page.path, section.line or page.body_first_line, "warning",
                                     f"the text before the first section changed since the "
                                     f"{previous.title} and no amendment since records it: add an "
                                     "amendment (date and summary) saying what changed"))
        elif not section.anchors & named:
            if key.startswith("title:"):
                how = ("give the heading an {#anchor}, then add an amendment (date, summary and "
                       "section: the anchor) saying what changed")
            else:
                how = f"add an amendment (date, summary and section: {key}) saying what changed"
            found.append(Problem(page.path, section.line, "warning",
                                 f"section '{section.title}' changed since the {previous.title} and "
                                 f"no amendment since names it: {how}"))
        if len(found) > before:
            reported += [texts.get(key, ""), old.get(key, "")]
    for key, gone in old_sections.items():
        if key not in sections and key != PREAMBLE and not chapter_wide:
            title = gone.title
            found.append(Problem(page.path, page.field_line("amendments"), "warning",
                                 f"section '{title}' of the {previous.title} is no longer in the "
                                 "chapter and no amendment since records it: add an amendment (date "
                                 "and summary, no section) saying what was removed"))
    return found


def check_amendment_dates(handbook: Handbook, today: dt.date) -> list[Problem]:
    """An amendment dated after `today` is an error (a slip of the year or month: the
    change is not in the future); one dated before the amendment above it is a warning
    (amendments are listed oldest first, so a new one goes at the end)."""
    found = []
    for page in handbook.chapters:
        if page.stand_in:
            continue
        for index, amendment in enumerate(page.meta.amendments):
            line = page.field_line("amendments", index, "date")
            if amendment.date.first_day > today:
                found.append(Problem(page.path, line, "error",
                                     f"amendment dated {amendment.date.human()}, after today "
                                     f"({today.day} {today:%B %Y}): date it the day the change was made"))
            elif index and amendment.date < page.meta.amendments[index - 1].date:
                before = page.meta.amendments[index - 1]
                found.append(Problem(page.path, line, "warning",
                                     f"amendment dated {amendment.date.human()}, before the amendment "
                                     f"above it ({before.date.human()}, line "
                                     f"{page.field_line('amendments', index - 1, 'date')}): amendments "
                                     "are listed oldest first; check the date, or move it"))
    return found
