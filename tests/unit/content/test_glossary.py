
from handbook.content.glossary import Glossary, abbreviation_definitions, glossary_page
from handbook.content.yaml_source import parse_yaml, validate
from tests.support import REPO

DATA = REPO / "data" / "glossary.yml"
USED_IN_THE_CHAPTER = ["CSE", "CEOP", "CPS", "NCA", "MSHTU", "BAVEX", "IWF", "NSPCC", "DfE", "LGBTQ+", "BME"]


def test_every_abbreviation_the_text_uses_is_defined():
    glossary = validate(Glossary, parse_yaml(DATA.read_text(), "data/glossary.yml"))
    defined = {item.abbr for item in glossary.abbreviations}
    assert set(USED_IN_THE_CHAPTER) <= defined


def test_tooltips_and_page_come_from_the_same_data():
    glossary = validate(Glossary, parse_yaml(DATA.read_text(), "data/glossary.yml"))
    tooltips = abbreviation_definitions(glossary)
    page = glossary_page(glossary)
    for item in glossary.abbreviations:
        assert f"*[{item.tooltip_key}]: {item.expansion}" in tooltips
        assert f"**{item.abbr}**" in page


def test_abbreviation_ending_in_a_symbol_gets_its_tooltip_on_the_word():
    glossary = validate(Glossary, parse_yaml(DATA.read_text(), "data/glossary.yml"))
    assert "*[LGBTQ]: Lesbian, gay" in abbreviation_definitions(glossary)
