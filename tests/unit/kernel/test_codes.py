from datetime import date

import pytest

from shared.kernel import Category, MarkError, category_of, normalise_code

AFTER_2024 = date(2024, 9, 2)


@pytest.mark.parametrize(("raw", "canonical"), [
    ("/", "/"), ("\\", "\\"), (" l ", "L"), ("v", "V"), ("Y 1", "Y1"), ("y-1", "Y1"),
    ("Y:7", "Y7"), ("c 2", "C2"), ("j1", "J1"), ("#", "#"), ("", "-"), ("  ", "-"), ("-", "-"),
])
def test_mis_variants_of_a_code_become_the_canonical_code(raw: str, canonical: str) -> None:
    assert normalise_code(raw, AFTER_2024) == canonical


@pytest.mark.parametrize(("code", "category"), [
    ("/", Category.PRESENT), ("L", Category.PRESENT), ("V", Category.AEA),
    ("I", Category.AUTHORISED), ("C2", Category.AUTHORISED), ("J1", Category.AUTHORISED),
    ("G", Category.UNAUTHORISED), ("U", Category.UNAUTHORISED), ("N", Category.UNAUTHORISED),
    ("D", Category.NOT_POSSIBLE), ("X", Category.NOT_POSSIBLE), ("Y1", Category.NOT_POSSIBLE),
    ("#", Category.NOT_POSSIBLE), ("-", Category.MISSING),
])
def test_each_code_counts_in_its_dfe_category(code: str, category: Category) -> None:
    assert category_of(code) is category


def test_an_unknown_code_is_refused_with_a_message_naming_it() -> None:
    with pytest.raises(MarkError) as refused:
        normalise_code("Q9", AFTER_2024)
    assert refused.value.errors[0].field == "code"
    assert "'Q9'" in refused.value.errors[0].message


def test_legacy_holiday_code_is_accepted_for_a_date_before_the_2024_rules() -> None:
    assert normalise_code("h", date(2024, 7, 1)) == "H"
    assert category_of("H") is Category.AUTHORISED
    assert category_of("J") is Category.AEA
    assert category_of("Y") is Category.NOT_POSSIBLE


def test_legacy_holiday_code_is_refused_after_the_2024_rules_naming_the_code_and_the_fix() -> None:
    with pytest.raises(MarkError) as refused:
        normalise_code("H", AFTER_2024)
    message = refused.value.errors[0].message
    assert "'H'" in message and "19 Aug 2024" in message and "'G'" in message


def test_legacy_codes_are_refused_from_the_cutoff_day_itself() -> None:
    for code in ("H", "F", "J", "Y"):
        with pytest.raises(MarkError):
            normalise_code(code, date(2024, 8, 19))
        assert normalise_code(code, date(2024, 8, 18)) == code
