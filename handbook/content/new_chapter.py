"""`python -m handbook new-chapter "Title"` (`make new-chapter TITLE="..."`): a new chapter
written from a template, with its front matter filled in and a comment on each field, so
that an editor starts from a chapter that already passes `make check`.

Nothing is invented: the owner is marked not confirmed, the sections are empty (a comment
in each says what goes there), and the first amendment says only that the chapter is new.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from handbook.addresses import file_slug
from handbook.content.pages import CHAPTER_FOLDER
from handbook.content.yaml_source import parse_yaml
from handbook.problems import HandbookError, Problem

TEMPLATE = """\
---
# The chapter's title, as it appears in the navigation, on Home and at the top of the page.
title: {title}
# One or two sentences saying what the chapter covers: shown on Home (its list of chapters),
# as the page's description and in search results. Replace the title with them.
summary: {summary}
# Where the chapter comes in the navigation, on Home and in the PDFs (1 comes first).
# Every chapter has its own number.
order: {order}
# Who owns the chapter (a role, not a person). Until the partnership confirms it, the
# chapter says "owner not yet confirmed by the partnership" and `make check` reminds you.
owner: To be confirmed by the partnership
owner_confirmed: false
# When the chapter was last reviewed: a date (2026-11-29) or a month (2026-11).
last_reviewed: {today}
# The anchor of the section that says what to do: the box at the top of the chapter links
# to it. It must be the {{#anchor}} of one of the headings below.
action_section: what-to-do
# Every change to what the guidance says is an amendment, oldest first: a new one goes at
# the end, dated the day of the change, with kind (guidance: what readers are told changed;
# editorial: a correction that leaves the guidance as it was), the section's anchor, a
# summary, and for a change made in data/ (indicators, legal, resources, glossary)
# data: [indicators/the-id].
amendments:
  - date: {today}
    kind: guidance
    summary: New chapter.
# Optional: words for search (tags), other chapters' paths (related, such as
# chapters/other-chapter.md) and ids from data/resources.yml (resources).
tags: []
related: []
resources: []
---

<!-- Write the chapter in sections. Each heading ends with its anchor in braces: the anchor
     stays the same when a section is renumbered, so bookmarks and links keep working.
     Do not add a "# Title" line: the title comes from the front matter above. -->

## 1. Introduction {{#introduction}}

<!-- What the chapter is about and who it is for. -->

## 2. What to do {{#what-to-do}}

<!-- What a practitioner should do, step by step: the box at the top of the chapter links
     here (action_section). -->

## Further Information {{#further-information}}

<!-- Other chapters, and resources from data/resources.yml (the macros resource_link and
     chapter_resources: see guides/editing.md). -->
"""


def chapter_path(title: str) -> str:
    """Where a chapter of this title is written, inside docs/."""
    return f"{CHAPTER_FOLDER}{file_slug(title)}.md"


def next_order(docs: Path) -> int:
    """One more than the highest `order` of the chapters already there."""
    highest = 0
    for file in sorted((docs / CHAPTER_FOLDER).rglob("*.md")):
        text = file.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---\n") and "\n---" in text[4:]:
            try:
                data = parse_yaml(text[4:text.index("\n---", 4)], str(file)).data
            except HandbookError:
                continue
            if isinstance(data, dict) and isinstance(data.get("order"), int):
                highest = max(highest, data["order"])
    return highest + 1


def write_new_chapter(project: Path, title: str, *, today: dt.date) -> str:
    """Write the chapter; the path written, as an editor would type it. Refuses (one error
    line) to overwrite a file, or to make a chapter with no usable title."""
    title = " ".join(title.split())
    slug = file_slug(title)
    if not slug:
        raise HandbookError([Problem("new-chapter", None, "error",
                                     f"the title {title!r} has no letters or digits to name the file by")])
    src = chapter_path(title)
    target = project / "docs" / src
    shown = f"docs/{src}"
    if target.exists():
        raise HandbookError([Problem(shown, 1, "error", "the file already exists: nothing was written "
                                     "(choose another title, or edit the chapter that is there)")])
    quoted = json.dumps(title, ensure_ascii=False)  # a YAML string, whatever the title holds
    text = TEMPLATE.format(title=quoted, summary=quoted, order=next_order(project / "docs"),
                           today=today.isoformat())
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:  # "x": never over a file made meanwhile
        out.write(text)
    return shown
