"""The wire models accept what integrators send and explain what they refuse."""

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from shared.contracts.marks_v1 import NormalisedMarkV1, normalised_mark
from shared.contracts.pupils_v1 import PupilMessageV1, PupilV1
from shared.contracts.schools_v1 import SchoolSettingsV1
from shared.kernel import parse_mark

UPN = "R330123426001"


def _pupil(**changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "school_urn": "100001", "upn": UPN.lower(), "given_name": "Ada",
        "family_name": "Example", "date_of_birth": "2015-03-04", "year_group": 6,
        "reg_group": "6B", "admission_date": "2019-09-04",
        "updated_at": "2026-09-01T08:00:00+01:00",
    }
    record.update(changes)
    return record


def test_a_pupil_record_is_normalised_and_gets_default_flags() -> None:
    pupil = PupilV1.model_validate(_pupil())
    assert pupil.upn == UPN
    assert pupil.flags.sen == "none"
    assert pupil.contacts == []


def test_a_pupil_with_an_invalid_upn_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        PupilV1.model_validate(_pupil(upn="A330123426001"))
    assert caught.value.errors()[0]["loc"] == ("upn",)


def test_a_pupil_leaving_before_admission_is_refused() -> None:
    with pytest.raises(ValidationError, match="before admission_date"):
        PupilV1.model_validate(_pupil(leaving_date="2019-01-01"))


def test_a_pupil_message_carries_the_schema_version() -> None:
    message = PupilMessageV1.model_validate(_pupil()).model_dump(mode="json")
    assert message["schema_version"] == 1


def test_school_settings_fill_in_the_default_thresholds() -> None:
    settings = SchoolSettingsV1.model_validate({
        "school_urn": "100001", "name": "Oakfield Primary", "phase": "primary",
        "thresholds": {"leaflet_below_pct": 97}, "updated_at": "2026-09-01T08:00:00Z"})
    assert settings.thresholds.leaflet_below_pct == 97
    assert settings.thresholds.letter_below_pct == 95
    assert settings.register_close.AM == "09:00"


def test_a_normalised_mark_round_trips_through_the_kernel() -> None:
    mark = parse_mark({"school_urn": "100001", "upn": UPN, "date": "2026-09-02",
                       "session": "am", "code": "y 1", "recorded_at": "2026-09-02T08:50:00+01:00"})
    message = normalised_mark(mark, "http", datetime(2026, 9, 2, 8, 0, tzinfo=UTC))
    assert message["code"] == "Y1"
    assert message["ingested_at"] == "2026-09-02T08:00:00+00:00"
    assert NormalisedMarkV1.model_validate(message).date == date(2026, 9, 2)
    assert parse_mark(message) == mark
