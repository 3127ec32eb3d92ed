
from handbook.content.partnership import Partnership, contacts_table
from handbook.content.yaml_source import parse_yaml, validate
from tests.support import REPO

DATA = REPO / "data" / "partnership.yml"


def load():
    source = parse_yaml(DATA.read_text(), "data/partnership.yml")
    return validate(Partnership, source), source


def test_national_numbers_are_the_checked_ones():
    partnership, _ = load()
    numbers = {c.id: c.phone for c in partnership.contacts if c.phone}
    assert numbers == {"emergency": "999", "police-non-emergency": "101",
                       "nspcc-helpline": "0808 800 5000", "childline": "0800 1111"}


def test_local_numbers_are_unset_reported_and_never_invented():
    partnership, source = load()
    warnings = partnership.unset_values(source)
    unset = [w for w in warnings if "no phone number" in w.message]
    assert len(unset) == 3 and all(w.line for w in unset)
    table = contacts_table(partnership)
    assert table.count("Not yet confirmed by the partnership") == 3


def test_the_three_areas():
    partnership, _ = load()
    assert partnership.areas == ["Bedford Borough", "Central Bedfordshire", "Luton"]
