"""POST /v1/pupils and PUT /v1/schools/{urn}: roster and settings reach their topics."""

from __future__ import annotations

from shared.contracts.pupils_v1 import PupilMessageV1
from shared.contracts.schools_v1 import SchoolSettingsMessageV1
from tests.unit.ingest.conftest import Intake
from tests.unit.ingest.records import SCHOOL_A, SCHOOL_B, make_upn, pupil, school


def test_pupils_are_accepted_and_published_keyed_by_pupil(intake: Intake) -> None:
    response = intake.post("/v1/pupils", json={"pupils": [pupil(), pupil(upn=make_upn(2))]})
    assert response.status_code == 202 and response.json()["accepted"] == 2
    [first, _] = intake.publisher.on(intake.topics.pupils)
    assert first.key == f"{SCHOOL_A}:{make_upn(1)}"
    message = PupilMessageV1.model_validate(first.value)
    assert message.schema_version == 1 and message.flags.fsm
    assert message.contacts[0].phone == "07700 900123"


def test_a_bad_pupil_is_refused_with_the_path_of_each_bad_field(intake: Intake) -> None:
    bad = pupil(year_group=15, contacts=[{"contact_id": "c1", "name": "Grace Example",
                                          "relationship": "mother", "priority": 0}])
    response = intake.post("/v1/pupils", json={"pupils": [pupil(), bad]})
    assert response.status_code == 202
    [refused] = response.json()["rejected"]
    assert refused["index"] == 1
    assert {e["field"] for e in refused["errors"]} == {"year_group", "contacts.0.priority"}
    [reject] = intake.values(intake.topics.rejects)
    assert reject["kind"] == "pupil"


def test_a_pupil_with_a_misspelt_field_is_refused_naming_it(intake: Intake) -> None:
    response = intake.post("/v1/pupils", json={"pupils": [pupil(leave_date="2027-07-20")]})
    assert response.status_code == 422
    [error] = response.json()["rejected"][0]["errors"]
    assert error["field"] == "leave_date" and "spelling" in error["message"]


def test_a_pupil_of_another_school_is_refused(intake: Intake) -> None:
    response = intake.post("/v1/pupils", json={"pupils": [pupil(school_urn=SCHOOL_B)]})
    assert response.status_code == 403
    assert intake.publisher.on(intake.topics.pupils) == []


def test_school_settings_are_published_keyed_by_urn_with_default_thresholds(
        intake: Intake) -> None:
    response = intake.put(f"/v1/schools/{SCHOOL_A}", json=school())
    assert response.status_code == 202 and response.json() == {"accepted": 1, "rejected": []}
    [published] = intake.publisher.on(intake.topics.schools)
    assert published.key == SCHOOL_A
    settings = SchoolSettingsMessageV1.model_validate(published.value)
    assert settings.thresholds.letter_below_pct == 95 and settings.schema_version == 1


def test_school_settings_may_leave_the_urn_to_the_address(intake: Intake) -> None:
    body = school()
    del body["school_urn"]
    assert intake.put(f"/v1/schools/{SCHOOL_A}", json=body).status_code == 202


def test_school_settings_for_a_different_urn_than_the_address_are_422(intake: Intake) -> None:
    response = intake.put(f"/v1/schools/{SCHOOL_A}", json=school(school_urn=SCHOOL_B))
    assert response.status_code == 422
    assert response.json()["rejected"][0]["errors"][0]["field"] == "school_urn"


def test_settings_for_a_school_outside_the_token_are_403(intake: Intake) -> None:
    response = intake.put(f"/v1/schools/{SCHOOL_B}", json=school(school_urn=SCHOOL_B))
    assert response.status_code == 403
    assert intake.values(intake.topics.rejects)[0]["kind"] == "school_settings"


def test_settings_with_a_term_ending_before_it_starts_are_422(intake: Intake) -> None:
    terms = [{"name": "Autumn", "start": "2026-12-18", "end": "2026-09-02"}]
    response = intake.put(f"/v1/schools/{SCHOOL_A}", json=school(terms=terms))
    assert response.status_code == 422
    assert "ends" in response.json()["rejected"][0]["errors"][0]["message"]


def test_settings_that_are_not_json_are_422(intake: Intake) -> None:
    response = intake.put(f"/v1/schools/{SCHOOL_A}", content=b"name=Oakfield")
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["message"]
