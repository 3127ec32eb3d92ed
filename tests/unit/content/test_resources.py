
from handbook.content.resources import ResourceData, resource_entry, resources_by_topic
from handbook.content.yaml_source import parse_yaml, validate
from tests.support import REPO

DATA = REPO / "data" / "resources.yml"


def load():
    source = parse_yaml(DATA.read_text(), "data/resources.yml")
    return validate(ResourceData, source), source


def test_every_resource_is_listed_once_under_a_topic():
    data, _ = load()
    page = resources_by_topic(data)
    for resource in data.resources:
        assert page.count(f"]({resource.url})") == 1, resource.id


def test_unconfirmed_address_is_said_next_to_the_link_and_reported():
    data, source = load()
    entry = resource_entry(data.resource("dfe-cse-guide"))
    assert "address not confirmed" in entry
    assert "Department for Education" in entry
    warnings = data.unconfirmed(source)
    assert {w.message.split("'")[1] for w in warnings} == {
        r.id for r in data.resources if not r.url_confirmed}
    assert all(w.line for w in warnings)


def test_confirmed_address_has_no_caveat():
    data, _ = load()
    assert "not confirmed" not in resource_entry(data.resource("iwf"))


def test_the_national_crime_agency_unit_is_named_as_the_agency_writes_it():
    data, _ = load()
    assert data.resource("nca-mshtu").title == "Modern Slavery Human Trafficking Unit (MSHTU)"
    assert "Modern Slavery and Human Trafficking" not in DATA.read_text()


def test_the_further_information_texts_corrected_since_the_seed():
    data, _ = load()
    assert "parents and carers of children who are, or are at risk of being," in data.resource("pace").description
    assert "support services for sexually abused and exploited children" in data.resource(
        "barnardos-csae").description
