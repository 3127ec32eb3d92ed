"""Settings of the editorial checks (`python -m handbook check`): limits the partnership
chooses and the small word lists the wording checks use, kept as data."""
from __future__ import annotations

from pydantic import model_validator

from handbook.content.fields import Record, Text

FILE = "editorial.yml"


class Readability(Record):
    max_grade: float  # Flesch-Kincaid grade per chapter above which the check warns


class Repetition(Record):
    min_words: int  # a run of this many words seen twice in a chapter is reported

    @model_validator(mode="after")
    def _long_enough(self):
        if self.min_words < 4:
            raise ValueError("min_words below 4 would report ordinary phrases")
        return self


class VerbForms(Record):
    """One verb's base form, -s form and past participle: 'involve, involves, involved'."""

    base: Text
    third_person: Text
    participle: Text


class Editorial(Record):
    readability: Readability
    repetition: Repetition
    # Words that show a sentence ending in a colon announces a list ("the following").
    list_cues: list[Text]
    # Words a heading may use without its section repeating them: function words, and
    # words that name the kind of text ("Definition") rather than its subject.
    heading_words_ignored: list[Text]
    verb_forms: list[VerbForms]
    # Words ending in -s that are not plurals ("it always includes"), for the verb check.
    not_plurals: list[Text]
