import pytest

from handbook.content.legal import LegalData, consent_history, consent_summary, legal_statement
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
    table, history = consent_summary(load()), consent_history(load())
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


# --- What a careful legal read found (checked against shared/reference/legal-facts.md) ----

def test_indecent_images_of_children_are_in_the_law_summary():
    summary = consent_summary(load())
    row = next(line for line in summary.splitlines() if "Protection of Children Act 1978 s.1" in line)
    assert row.startswith("| Any child under 18 |")
    for words in ("anyone under 18", "whatever the child agreed to", "images children take of themselves",
                  "Criminal Justice Act 1988 s.160", "s.1A", "s.1B", "1 May 2004"):
        assert words in row, words


def test_image_law_based_on_consent_is_never_shown_without_the_law_on_images_of_children():
    """s.66B turns on consent: wherever it is stated or summarised, the rule that a child's
    agreement makes no difference stands beside it (linked in the data, shown both ways)."""
    data = load()
    statement = legal_statement(data, data.provision("sharing-intimate-images"))
    assert "Read with this:" in statement and "Protection of Children Act 1978 s.1" in statement
    assert statement.index("ss.66B-66D") < statement.index("Protection of Children Act 1978")
    row = next(line for line in consent_summary(data).splitlines() if "ss.66B-66D" in line and "| Any age |" in line)
    assert "Read with Protection of Children Act 1978 s.1" in row
    images = legal_statement(data, data.provision("indecent-images-of-children"))
    assert "ss.66B-66D" in images  # the link works both ways


def test_offences_without_consent_are_named_exactly():
    data = load()
    statement = data.provision("consent-any-age").statement
    assert "Sex without consent is rape, whatever" not in statement
    for words in ("rape (s.1, penetration with the penis)", "assault by penetration (s.2)",
                  "sexual assault (s.3", "without consent (s.4)"):
        assert words in statement, words
    assert data.provision("consent-any-age").sections == "ss.1-4, 74-76"


def test_positions_of_trust_apply_to_adults_and_cite_every_section():
    data = load()
    trust = data.provision("position-of-trust")
    assert "aged 18 or over" in trust.statement and "ss.21, 22 and 22A" in trust.statement
    assert not trust.source.endswith("/section/22A")  # the ss.16-24 row no longer links to s.22A
    glossary = (REPO / "data" / "glossary.yml").read_text()
    entry = glossary[glossary.index("term: Position of trust"):].split("  - term:")[0]
    assert "18 or over" in entry and "ss.21, 22 and 22A" in " ".join(entry.split())


def test_revenge_porn_offence_dates_from_2015_and_threats_from_2021():
    old = load().provision("revenge-porn-2015")
    assert str(old.in_force_from) == "2015-04-13"
    assert "13 April 2015" in old.statement and "29 June 2021" in old.statement


def test_read_with_must_name_a_provision(project_copy):
    from handbook.content.model import load_handbook

    path = project_copy / "data" / "legal.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("read_with: [indecent-images-of-children]", "read_with: [indecent-images]"),
                    encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        load_handbook(project_copy)
    line = path.read_text().splitlines().index("    read_with: [indecent-images]") + 1
    assert [str(p) for p in raised.value.problems] == [
        f"data/legal.yml:{line}: error: read_with names 'indecent-images', which is not a provision here"]


def test_a_provision_with_no_date_in_force_says_what_is_known():
    text = DATA.read_text().replace("    in_force_note: >-\n      in force since 1978 (commencement date not confirmed); for anyone under 18 from\n      1 May 2004\n", "")
    with pytest.raises(HandbookError, match="in_force_note"):
        validate(LegalData, parse_yaml(text, "data/legal.yml"))
    shown = legal_statement(load(), load().provision("indecent-images-of-children"))
    assert "commencement date not confirmed" in shown and "in force from" not in shown.split("Read with")[0]
