"""Changes to guidance made in data/ that no amendment records.

The indicators, the law, the resources and the glossary are guidance kept as data: a row
added to `data/indicators.yml` changes what practitioners are told as surely as a sentence
of a chapter. Each item of these data sets (by its id) is compared with the same item in
the previous edition's data: added, changed (any of its own fields; a group is compared
without its items, which are compared one by one) or removed.

The rule for "an amendment names it": an amendment of any chapter, dated after the
previous edition, whose `data` list holds the item (`indicators/fear`, the item's own id
after the data set's name) or its whole data set (`indicators`: for a list introduced or
revised as a whole). Without one, a warning at the item's line in the data file, unless
the change already shows in a chapter's section that the amendments check reports as
changed with no amendment (one mistake, one warning: at the section).

An added item whose words were already in the previous edition's chapters (a list moved
from a chapter's text into data/, as this handbook's indicators were: each text a whole
line there, or a passage of three words or more) tells the reader nothing new: it needs no
amendment of its own.
"""
from __future__ import annotations

import re

from handbook.content.editions import Edition
from handbook.content.model import Handbook
from handbook.content.pages import GUIDANCE_DATA_SETS
from handbook.problems import Problem

_NOUN = {"indicators": "indicator", "legal": "provision", "resources": "resource", "glossary": "entry"}


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def data_items(handbook: Handbook, name: str) -> dict[str, tuple[dict, int]]:
    """Each item of a data set by id: its own fields as written, and its line."""
    source = handbook.sources.get(name)
    items = {}
    if source is None:
        return items
    for item_id, loc in getattr(handbook, name).id_locations():
        record = source.data
        for part in loc[:-1]:
            record = record[part]
        if item_id.startswith("topic "):
            continue  # the headings the resources are listed under, not guidance
        if any(isinstance(value, list) and value and isinstance(value[0], dict) for value in record.values()):
            continue  # a group of items (indicators' groups): its items are compared one by one
        items[item_id] = (record, source.line_of(loc[:-1]))
    return items


def _shown_before(record: dict, old_lines: set[str], old_text: str) -> bool:
    """Whether the item's words were all in the previous edition's chapters: each of its
    texts (other than its id) a whole line there (a list item), or a passage of three words
    or more found in their text."""
    texts = [_words(value) for key, value in record.items() if key != "id" and isinstance(value, str)]
    return bool(texts) and all(text in old_lines or (len(text.split()) >= 3 and text in old_text)
                               for text in texts)


def _shown_in(record: dict, text: str) -> bool:
    """Whether one of the item's texts (of three words or more) is in `text`."""
    return any(len(words.split()) >= 3 and words in text
               for words in (_words(value) for key, value in record.items()
                             if key != "id" and isinstance(value, str)))


def _named(data_set: str, item_id: str, named: set[str]) -> bool:
    """Whether an amendment's `data` names the item, by its whole id or its own part."""
    return bool({f"{data_set}/{item_id}", f"{data_set}/{item_id.rsplit('/', 1)[-1]}"} & named)


def unrecorded_data_changes(handbook: Handbook, old: Handbook, previous: Edition, *,
                            already_reported: str = "") -> list[Problem]:
    """One warning per item of guidance data added, changed or removed since `previous`
    that no amendment since names; an item whose text is in `already_reported` (a changed
    section of a chapter, reported by the amendments check) is left to that warning."""
    reported = _words(already_reported)
    since = [amendment for page in handbook.chapters if not page.stand_in
             for amendment in page.meta.amendments if amendment.date.first_day > previous.date.last_day]
    named = {entry for amendment in since for entry in amendment.data}
    old_text = _words(" ".join(page.body for page in old.chapters))
    old_lines = {_words(line) for page in old.chapters for line in page.body.split("\n")}
    found = []
    for name in GUIDANCE_DATA_SETS:
        if name in named:
            continue
        now, before = data_items(handbook, name), data_items(old, name)
        source = handbook.sources[name]
        noun = _NOUN[name]

        for item_id, (record, line) in now.items():
            if _named(name, item_id, named):
                continue
            if item_id not in before:
                if _shown_before(record, old_lines, old_text):
                    continue  # moved from a chapter's text into data: the reader is told nothing new
                what = "added"
            elif record != before[item_id][0]:
                what = "changed"
            else:
                continue
            if _shown_in(record, reported):
                continue
            found.append(Problem(source.path, line, "warning",
                                 f"{noun} '{item_id}' was {what} since the {previous.title} and no "
                                 "amendment since names it: this changes the guidance; add an "
                                 "amendment to the chapter that shows it, saying what changed, with "
                                 f"data: [{name}/{item_id.rsplit('/', 1)[-1]}]"))
        for item_id in before:
            if item_id not in now and not _named(name, item_id, named) and not _shown_in(before[item_id][0], reported):
                found.append(Problem(source.path, source.first_line, "warning",
                                     f"{noun} '{item_id}' of the {previous.title} was removed and no "
                                     "amendment since names it: this changes the guidance; add an "
                                     "amendment to the chapter that showed it, saying what was "
                                     f"removed, with data: [{name}/{item_id.rsplit('/', 1)[-1]}]"))
    return found
