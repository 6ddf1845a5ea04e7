"""Recording through the JSON API: staff sessions only, the pupil's school, valid fields."""

from __future__ import annotations

from tests.unit.web.conftest import READ_TOKEN
from tests.unit.web.office_records.conftest import Desk
from tests.unit.web.records import BEN, OTHER_URN, URN

PATH = f"/api/v1/schools/{URN}/pupils/{BEN}/records"
CONCERN = {"kind": "concern", "record_id": "api-concern-0001", "school_day": "2026-09-08",
           "barrier": "bullying", "routed_to": ["safeguarding"], "note": "Upset at the gate"}


async def test_a_concern_posted_as_json_is_published_for_the_signed_in_member_of_staff(
        desk: Desk) -> None:
    answer = await desk.client.post(PATH, json=CONCERN,
                                    headers={"X-CSRF-Token": await desk.csrf()})
    assert answer.status_code == 202
    assert answer.json() == {"record_id": "api-concern-0001", "kind": "concern",
                             "school_day": "2026-09-08"}
    [record] = desk.sent.records
    assert (record.upn, record.recorded_by, record.kind) == (BEN, "office", "concern")


async def test_a_json_record_without_the_csrf_header_is_refused(desk: Desk) -> None:
    answer = await desk.client.post(PATH, json=CONCERN)
    assert answer.status_code == 403 and desk.sent.records == []


async def test_a_read_token_may_not_record(desk: Desk) -> None:
    desk.client.cookies.clear()
    answer = await desk.client.post(PATH, json=CONCERN,
                                    headers={"Authorization": f"Bearer {READ_TOKEN}"})
    assert answer.status_code == 403 and "staff session" in answer.json()["detail"]


async def test_a_record_about_another_schools_pupil_is_refused(desk: Desk) -> None:
    answer = await desk.client.post(PATH, json={**CONCERN, "school_urn": OTHER_URN},
                                    headers={"X-CSRF-Token": await desk.csrf()})
    assert answer.status_code == 403 and desk.sent.records == []


async def test_an_unknown_pupil_is_a_404_and_a_bad_field_a_422_naming_it(desk: Desk) -> None:
    token = {"X-CSRF-Token": await desk.csrf()}
    unknown = await desk.client.post(f"/api/v1/schools/{URN}/pupils/Z999999999999/records",
                                     json=CONCERN, headers=token)
    assert unknown.status_code == 404
    bad = await desk.client.post(PATH, json={**CONCERN, "barrier": "weather"}, headers=token)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "barrier"
