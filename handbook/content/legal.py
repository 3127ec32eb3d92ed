"""The law on consent: provisions as data, summarised by age band with their sources."""
from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from handbook.content.dates import Date
from handbook.content.fields import Id, Record, Text, Url, find_by_id
from handbook.content.tables import caption
from handbook.escaping import escape_cell, text

FILE = "legal.yml"

AGE_BANDS = {
    "under_13": "Under 13",
    "13_to_15": "13 to 15",
    "16_and_17": "16 and 17",
    "under_18": "Any child under 18",
    "any_age": "Any age",
    "definition": "Who is a child",
}


class Citation(Record):
    act: Text
    sections: Text


class Provision(Record):
    id: Id
    age_band: Literal["under_13", "13_to_15", "16_and_17", "under_18", "any_age", "definition"]
    statement: Text
    act: Text
    sections: Text
    # When the provision came into force; null where the date is not confirmed, with
    # `in_force_note` saying what is known instead.
    in_force_from: Date | None
    in_force_note: Text | None = None
    status: Literal["in_force", "superseded"]
    superseded_on: Date | None = None
    superseded_by: Id | None = None
    source: Url
    source_confirmed: bool
    verified: bool
    # Other citations texts use for the same law, such as the amending Act's section:
    # the editorial check finds a superseded provision by any of them.
    cited_as: list[Citation] = []
    # Provisions that must be read with this one (both ways): wherever this provision is
    # summarised or stated, they are shown beside it, so that no summary leaves out the
    # rule that changes its meaning (consent-based image law beside the law on images of
    # children, whatever the child agreed to).
    read_with: list[Id] = []

    @model_validator(mode="after")
    def _superseded_says_by_what(self):
        if self.status == "superseded" and not (self.superseded_by and self.superseded_on):
            raise ValueError("a superseded provision needs superseded_by and superseded_on")
        if self.status == "in_force" and (self.superseded_by or self.superseded_on):
            raise ValueError("a provision in force cannot have superseded_by or superseded_on")
        if self.in_force_from is None and not self.in_force_note:
            raise ValueError("without in_force_from, say what is known in in_force_note")
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
        """(referring location, field, referenced id) for every reference to check exists."""
        for index, provision in enumerate(self.provisions):
            if provision.superseded_by:
                yield ("provisions", index, "superseded_by"), "superseded_by", provision.superseded_by
            for item, wanted in enumerate(provision.read_with):
                yield ("provisions", index, "read_with", item), "read_with", wanted

    def read_together(self, provision: Provision) -> list[Provision]:
        """The provisions in force to read with `provision`: those it names and those that
        name it, in the order of the data."""
        return [p for p in self.provisions
                if p.id != provision.id and p.status == "in_force"
                and (p.id in provision.read_with or provision.id in p.read_with)]

    def history_of(self, provision: Provision) -> list[Provision]:
        return [p for p in self.provisions if p.superseded_by == provision.id]


def _caveats(provision: Provision) -> str:
    notes = []
    if not provision.verified:
        notes.append("not verified")
    if not provision.source_confirmed:
        notes.append("source address not confirmed")
    return f" *({'; '.join(notes)})*" if notes else ""


def _in_force(provision: Provision) -> str:
    if provision.in_force_from is None:
        return text(provision.in_force_note)
    return f"in force from {provision.in_force_from.human()}"


def _cite(provision: Provision) -> str:
    return f"[{escape_cell(provision.citation)}]({provision.source}), {_in_force(provision)}{_caveats(provision)}"


def _history_line(old: Provision) -> str:
    return (f"Until {old.superseded_on.human()}: {text(old.statement)} "
            f"([{text(old.citation)}]({old.source}); no longer in force){_caveats(old)}")


def consent_summary(data: LegalData) -> str:
    """The law by age band, in force provisions only (each naming the provisions to read
    with it). Superseded law is not in it: `consent_history` lists it, under a heading the
    page gives it."""
    rows = [caption("What the law says about consent, by age"),
            "| Age | What the law says | Provision |", "| --- | --- | --- |"]
    for band, label in AGE_BANDS.items():
        for provision in data.provisions:
            if provision.age_band == band and provision.status == "in_force":
                read_with = "".join(f" **Read with {escape_cell(other.citation)}** (in this table)."
                                    for other in data.read_together(provision))
                rows.append(f"| {label} | {escape_cell(provision.statement)}{read_with} | {_cite(provision)} |")
    return "\n".join(rows)


def consent_history(data: LegalData) -> str:
    """Superseded law, as history: each provision, until when it was in force and what
    replaced it."""
    history = [p for p in data.provisions if p.status == "superseded"]
    if not history:
        return "No provision of this summary has been replaced."
    return "\n".join(f"- {_history_line(p)} Replaced by "
                     f"{text(data.provision(p.superseded_by).citation)}." for p in history)


def legal_statement(data: LegalData, provision: Provision) -> str:
    """One provision as a paragraph with its citation, the provisions to read with it, and
    what it replaced as history."""
    if provision.status != "in_force":
        current = data.provision(provision.superseded_by)
        return (f"{_history_line(provision)} The law now in force: {text(current.statement)} "
                f"({_cite(current)}).")
    out = f"{text(provision.statement)} ({_cite(provision)}.)"
    for other in data.read_together(provision):
        out += f"\n\n**Read with this:** {text(other.statement)} ({_cite(other)}.)"
    for old in data.history_of(provision):
        out += f"\n\n> **History.** {_history_line(old)}"
    return out
