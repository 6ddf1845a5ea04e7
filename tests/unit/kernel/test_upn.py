import pytest
from stdnum.gb.upn import calc_check_digit

from shared.kernel import MarkError, normalise_upn
from tests.unit.kernel.builders import make_upn


def test_a_valid_upn_is_stripped_and_upper_cased() -> None:
    assert normalise_upn(" b801200005001 ") == "B801200005001"


def test_a_temporary_upn_ending_in_a_letter_is_accepted() -> None:
    body = "80120000501A"
    temporary = calc_check_digit(body) + body
    assert normalise_upn(temporary.lower()) == temporary


@pytest.mark.parametrize(("raw", "reason"), [
    ("A801200005001", "check letter"),
    ("B80120000500", "13 characters"),
    ("E000200005001", "local-authority"),
    ("", "missing"),
])
def test_an_invalid_upn_is_refused_saying_why_without_repeating_it(raw: str, reason: str) -> None:
    with pytest.raises(MarkError) as refused:
        normalise_upn(raw)
    error = refused.value.errors[0]
    assert error.field == "upn"
    assert reason in error.message
    assert raw.strip() == "" or raw not in error.message


def test_synthetic_upns_of_the_test_builders_are_valid() -> None:
    assert normalise_upn(make_upn(42)) == make_upn(42)
