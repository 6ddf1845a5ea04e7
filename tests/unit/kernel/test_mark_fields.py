"""Field names of a mark: an unknown field is a warning naming it; a misspelt required
field is an error naming the field the sender meant."""

from __future__ import annotations

from typing import Any

import pytest

from shared.kernel import MarkError, intended_field, parse_mark, unknown_field_warnings
from tests.unit.kernel.builders import SCHOOL, UPN


def record(**changes: Any) -> dict[str, Any]:
    base = {"school_urn": SCHOOL, "upn": UPN, "date": "2024-09-02", "session": "AM",
            "code": "/", "recorded_at": "2024-09-02T08:55:00+01:00"}
    return {**base, **changes}


def test_a_mark_with_only_its_own_fields_has_no_warnings() -> None:
    assert unknown_field_warnings(record(minutes_late="", comment="")) == []


def test_a_misspelt_field_is_a_warning_naming_the_field_the_likely_one_and_every_field() -> None:
    [warning] = unknown_field_warnings(record(minutes_lat="5"))
    assert warning.field == "minutes_lat"
    assert "'minutes_lat' is not a field of a mark" in warning.message
    assert "its value was ignored" in warning.message
    assert "did you mean 'minutes_late'?" in warning.message
    assert ("the fields are school_urn, upn, date, session, code, minutes_late, "
            "recorded_at, comment") in warning.message


def test_a_vendors_own_field_is_a_warning_without_a_guess() -> None:
    [warning] = unknown_field_warnings(record(vendor_ref="A-17"))
    assert warning.field == "vendor_ref"
    assert "did you mean" not in warning.message
    assert "check its spelling" in warning.message


def test_the_guess_is_left_out_when_the_record_already_has_that_field() -> None:
    [warning] = unknown_field_warnings(record(reason_code="I"))
    assert "did you mean" not in warning.message


def test_a_warning_never_repeats_the_fields_value() -> None:
    [warning] = unknown_field_warnings(record(pupil_name="Ada Example"))
    assert "Ada" not in warning.message


@pytest.mark.parametrize(("name", "meant"), [
    ("reason_code", "code"), ("recorded", "recorded_at"), ("sesion", "session"),
    ("Code", "code"), ("upn ", "upn"), ("SessionDate", "date"), ("AttendanceMark", "code"),
    ("MinutesLate", "minutes_late"), ("Comments", "comment"), ("vendor_ref", None),
])
def test_the_intended_field_of_common_misspellings_and_mis_names(name: str,
                                                                  meant: str | None) -> None:
    assert intended_field(name) == meant


def test_a_missing_code_sent_as_reason_code_is_refused_naming_the_field_to_rename() -> None:
    sent = record(reason_code="I")
    del sent["code"]
    with pytest.raises(MarkError) as refused:
        parse_mark(sent)
    [error] = refused.value.errors
    assert error.field == "code"
    assert "the code is missing" in error.message
    assert ("the record has 'reason_code', which is not a field of a mark - rename it to "
            "'code'") in error.message


def test_a_missing_recorded_at_sent_as_recorded_names_recorded() -> None:
    sent = record(recorded="2024-09-02T08:55:00+01:00")
    del sent["recorded_at"]
    with pytest.raises(MarkError) as refused:
        parse_mark(sent)
    assert "rename it to 'recorded_at'" in refused.value.errors[0].message
    assert "'recorded'" in refused.value.errors[0].message


def test_a_mark_without_a_code_is_refused_not_taken_as_no_mark() -> None:
    sent = record()
    del sent["code"]
    with pytest.raises(MarkError) as refused:
        parse_mark(sent)
    assert refused.value.errors[0].field == "code"
    assert "or '-' for no mark" in refused.value.errors[0].message


def test_an_empty_code_is_still_no_mark() -> None:
    assert parse_mark(record(code="")).code == "-"
