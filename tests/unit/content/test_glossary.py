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


def test_two_abbreviations_that_would_share_an_anchor_are_an_error(project_copy):
    from handbook.content.model import load_handbook
    from handbook.problems import HandbookError

    path = project_copy / "data" / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - abbr: CSE\n", "  - abbr: CSE+\n    expansion: Other\n  - abbr: CSE\n", 1),
                    encoding="utf-8")
    try:
        load_handbook(project_copy)
    except HandbookError as exc:
        assert any(p.path == "data/glossary.yml" and p.line and "duplicate id 'abbr-cse'" in p.message
                   for p in exc.problems), exc.problems
    else:
        raise AssertionError("CSE and CSE+ both make id='abbr-cse' and must be refused")


def test_glossary_text_is_shown_as_text_not_markup():
    glossary = Glossary.model_validate({"abbreviations": [{"abbr": "X<b>", "expansion": "<script>y</script>"}],
                                        "terms": [{"term": "T & U", "definition": "<img src=x onerror=z>"}]})
    page = glossary_page(glossary)
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;y&lt;/script&gt;" in page and "T &amp; U" in page
