
import pytest

from handbook.content.legal import LegalData, consent_summary, legal_statement
from handbook.content.yaml_source import parse_yaml, validate
from handbook.problems import HandbookError
from tests.support import REPO

DATA = REPO / "data" / "legal.yml"


def load():
    return validate(LegalData, parse_yaml(DATA.read_text(), "data/legal.yml"))


def test_summary_covers_every_age_band():
    summary = consent_summary(load())
    for band in ("| Under 13 |", "| 13 to 15 |", "| 16 and 17 |", "| Any age |"):
        assert band in summary


def test_superseded_law_appears_only_as_history_next_to_the_law_in_force():
    summary = consent_summary(load())
    table, history = summary.split("History: law no longer in force")
    assert "ss.66B-66D" in table and "31 January 2024" in table
    assert "Criminal Justice and Courts Act 2015 s.33" not in table
    assert "Criminal Justice and Courts Act 2015 s.33" in history
    assert "Replaced by Sexual Offences Act 2003 ss.66B-66D" in history


def test_statement_of_current_law_carries_its_history():
    data = load()
    text = legal_statement(data, data.provision("sharing-intimate-images"))
    assert text.index("ss.66B-66D") < text.index("History")
    assert "no longer in force" in text and "Domestic Abuse Act 2021 s.69" in text


def test_unconfirmed_source_is_flagged():
    data = load()
    assert "source address not confirmed" in legal_statement(data, data.provision("consent-any-age"))


def test_a_superseded_provision_must_say_what_replaced_it():
    text = DATA.read_text().replace("    superseded_by: sharing-intimate-images\n", "")
    with pytest.raises(HandbookError, match="superseded_by"):
        validate(LegalData, parse_yaml(text, "data/legal.yml"))
