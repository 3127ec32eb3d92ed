"""The law on consent: provisions as data, summarised by age band with their sources."""
from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from handbook.content.dates import Date
from handbook.content.fields import Id, Record, Text, Url, find_by_id
from handbook.escaping import escape_cell, text

FILE = "legal.yml"

AGE_BANDS = {
    "under_13": "Under 13",
    "13_to_15": "13 to 15",
    "16_and_17": "16 and 17",
    "any_age": "Any age",
    "definition": "Who is a child",
}


class Citation(Record):
    act: Text
    sections: Text


class Provision(Record):
    id: Id
    age_band: Literal["under_13", "13_to_15", "16_and_17", "any_age", "definition"]
    statement: Text
    act: Text
    sections: Text
    in_force_from: Date
    status: Literal["in_force", "superseded"]
    superseded_on: Date | None = None
    superseded_by: Id | None = None
    source: Url
    source_confirmed: bool
    verified: bool
    # Other citations texts use for the same law, such as the amending Act's section:
    # the editorial check finds a superseded provision by any of them.
    cited_as: list[Citation] = []

    @model_validator(mode="after")
    def _superseded_says_by_what(self):
        if self.status == "superseded" and not (self.superseded_by and self.superseded_on):
            raise ValueError("a superseded provision needs superseded_by and superseded_on")
        if self.status == "in_force" and (self.superseded_by or self.superseded_on):
            raise ValueError("a provision in force cannot have superseded_by or superseded_on")
        return self

    @property
    def citation(self) -> str:
        return f"{self.act} {self.sections}"

    @property
    def citations(self) -> list[Citation]:
        return [Citation(act=self.act, sections=self.sections), *self.cited_as]


class LegalData(Record):
    provisions: list[Provision]

    def provision(self, provision_id: str) -> Provision:
        return find_by_id(self.provisions, provision_id, "legal provision")

    def id_locations(self):
        for index, provision in enumerate(self.provisions):
            yield provision.id, ("provisions", index, "id")

    def references(self):
        """(referring location, referenced id) pairs to check exist."""
        for index, provision in enumerate(self.provisions):
            if provision.superseded_by:
                yield ("provisions", index, "superseded_by"), provision.superseded_by

    def history_of(self, provision: Provision) -> list[Provision]:
        return [p for p in self.provisions if p.superseded_by == provision.id]


def _caveats(provision: Provision) -> str:
    notes = []
    if not provision.verified:
        notes.append("not verified")
    if not provision.source_confirmed:
        notes.append("source address not confirmed")
    return f" *({'; '.join(notes)})*" if notes else ""


def _cite(provision: Provision) -> str:
    return (f"[{escape_cell(provision.citation)}]({provision.source}), in force from "
            f"{provision.in_force_from.human()}{_caveats(provision)}")


def _history_line(old: Provision) -> str:
    return (f"Until {old.superseded_on.human()}: {text(old.statement)} "
            f"([{text(old.citation)}]({old.source}); no longer in force){_caveats(old)}")


def consent_summary(data: LegalData) -> str:
    """The law by age band, in force provisions only, then superseded law as history."""
    rows = ["| Age | What the law says | Provision |", "| --- | --- | --- |"]
    for band, label in AGE_BANDS.items():
        for provision in data.provisions:
            if provision.age_band == band and provision.status == "in_force":
                rows.append(f"| {label} | {escape_cell(provision.statement)} | {_cite(provision)} |")
    history = [p for p in data.provisions if p.status == "superseded"]
    out = "\n".join(rows)
    if history:
        out += "\n\n**History: law no longer in force**\n\n" + "\n".join(
            f"- {_history_line(p)} Replaced by "
            f"{text(data.provision(p.superseded_by).citation)}." for p in history)
    return out


def legal_statement(data: LegalData, provision: Provision) -> str:
    """One provision as a paragraph with its citation, and what it replaced as history."""
    if provision.status != "in_force":
        current = data.provision(provision.superseded_by)
        return (f"{_history_line(provision)} The law now in force: {text(current.statement)} "
                f"({_cite(current)}).")
    out = f"{text(provision.statement)} ({_cite(provision)}.)"
    for old in data.history_of(provision):
        out += f"\n\n> **History.** {_history_line(old)}"
    return out
