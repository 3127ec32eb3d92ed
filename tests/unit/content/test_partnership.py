
import pytest

from handbook.content.partnership import UNCONFIRMED_PRINTING, Partnership, PrintingPolicy, contacts_table
from handbook.content.yaml_source import parse_yaml, validate
from handbook.problems import HandbookError
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


def line_of(text: str) -> int:
    (number,) = [i for i, line in enumerate(DATA.read_text().splitlines(), start=1) if line.startswith(text)]
    return number


def test_no_review_interval_is_invented_and_its_absence_is_one_warning():
    partnership, source = load()
    assert partnership.review_interval_months is None
    (warning,) = [w for w in partnership.unset_values(source) if "review" in w.message]
    assert str(warning).startswith(f"data/partnership.yml:{line_of('review_interval_months:')}: "
                                   "warning: no review date set")


def test_a_review_interval_the_partnership_sets_is_used_without_a_warning():
    source = parse_yaml(DATA.read_text().replace("review_interval_months: null", "review_interval_months: 6"),
                        "data/partnership.yml")
    partnership = validate(Partnership, source)
    assert partnership.review_interval_months == 6
    assert not [w for w in partnership.unset_values(source) if "review" in w.message]


def test_the_printing_policy_is_not_the_partnerships_until_confirmed():
    partnership, source = load()
    policy = partnership.printing_policy
    assert policy.confirmed is False
    # The fields the print stamp reads are still there.
    assert policy.valid_for_hours == 72 and "72 hours" in policy.statement
    # What the pages say: no period, no claim that it is the partnership's policy.
    assert policy.notice == UNCONFIRMED_PRINTING
    assert "72" not in policy.notice and "not yet confirmed" in policy.notice
    (warning,) = [w for w in partnership.unset_values(source) if "printing policy" in w.message]
    assert warning.line == line_of("  confirmed: false") and warning.severity == "warning"


def test_a_confirmed_printing_policy_is_shown_as_written():
    policy = PrintingPolicy.model_validate({"valid_for_hours": 24, "statement": "Valid for a day."})
    assert policy.confirmed and policy.notice == "Valid for a day."
    with pytest.raises(ValueError, match="notice"):  # worked out, never written in the data
        PrintingPolicy.model_validate({"valid_for_hours": 24, "statement": "S", "notice": "N"})


def test_the_short_name_fits_under_a_phone_icon():
    import re as _re

    text = DATA.read_text()
    long_name = _re.sub(r"^short_name: .*$", "short_name: Bedfordshire handbook", text, flags=_re.M)
    with pytest.raises(HandbookError, match="short_name"):
        validate(Partnership, parse_yaml(long_name, "data/partnership.yml"))
