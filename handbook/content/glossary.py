"""Abbreviations and terms: the Glossary page and a tooltip for every abbreviation."""
from __future__ import annotations

import re

from handbook.addresses import file_slug
from handbook.content.fields import Record, Text
from handbook.escaping import text

FILE = "glossary.yml"


class Abbreviation(Record):
    abbr: Text
    expansion: Text

    @property
    def id(self) -> str:
        return file_slug(self.abbr)

    @property
    def tooltip_key(self) -> str:
        """What the tooltip attaches to: Markdown's abbr matches whole words only, so
        'LGBTQ+' is explained on 'LGBTQ' (the '+' stays beside it)."""
        return re.sub(r"^\W+|\W+$", "", self.abbr)


class Term(Record):
    term: Text
    definition: Text

    @property
    def id(self) -> str:
        return file_slug(self.term)


class Glossary(Record):
    abbreviations: list[Abbreviation]
    terms: list[Term]

    def id_locations(self):
        for index, item in enumerate(self.abbreviations):
            yield f"abbr-{item.id}", ("abbreviations", index, "abbr")  # its anchor on the Glossary
        for index, item in enumerate(self.terms):
            yield f"term-{item.id}", ("terms", index, "term")


def abbreviation_definitions(glossary: Glossary) -> str:
    """Markdown `abbr` definitions, appended to every page to give tooltips."""
    return "\n".join(f"*[{item.tooltip_key}]: {item.expansion}" for item in glossary.abbreviations)


def glossary_page(glossary: Glossary) -> str:
    abbreviations = sorted(glossary.abbreviations, key=lambda item: item.abbr.lower())
    terms = sorted(glossary.terms, key=lambda item: item.term.lower())
    parts = ["## Abbreviations {#abbreviations}", ""]
    parts += [f'<span id="abbr-{a.id}"></span>**{text(a.abbr)}**\n:   {text(a.expansion)}\n' for a in abbreviations]
    parts += ["## Terms {#terms}", ""]
    parts += [f'<span id="term-{t.id}"></span>**{text(t.term)}**\n:   {text(t.definition)}\n' for t in terms]
    return "\n".join(parts)
