"""Office records on office.records.v1: a lead's answer to a concern joined version 1
without changing what was already on the topic."""

import json

import pytest
from pydantic import ValidationError

from shared.contracts.office_v1 import ConcernResponseV1, ConcernV1, OfficeRecordMessageV1

UPN = "R330123426001"
BASE = {"schema_version": 1, "school_urn": "100001", "upn": UPN, "school_day": "2026-09-08",
        "recorded_at": "2026-09-08T09:10:00+01:00", "recorded_by": "teacher"}
# A concern exactly as the web published it before answers existed.
CONCERN = {**BASE, "kind": "concern", "record_id": "concern-0001", "barrier": "anxiety",
           "routed_to": ["attendance_lead", "safeguarding"], "note": "Quiet all week"}
ANSWER = {**BASE, "kind": "concern_response", "record_id": "answer-0001",
          "recorded_by": "lead", "concern_id": "concern-0001", "response": "acted_on",
          "routes": ["attendance_lead"], "note": "Rang home; meeting booked"}


def test_a_concern_published_before_answers_existed_still_reads_the_same() -> None:
    concern = OfficeRecordMessageV1.model_validate_json(json.dumps(CONCERN)).root
    assert isinstance(concern, ConcernV1)
    assert json.loads(concern.model_dump_json()) == CONCERN


def test_an_answer_to_a_concern_reads_back_as_one() -> None:
    answer = OfficeRecordMessageV1.model_validate_json(json.dumps(ANSWER)).root
    assert isinstance(answer, ConcernResponseV1)
    assert (answer.concern_id, answer.response, answer.routes) == (
        "concern-0001", "acted_on", ["attendance_lead"])


@pytest.mark.parametrize(("change", "field"), [
    ({"note": ""}, "note"), ({"routes": []}, "routes"), ({"response": "closed"}, "response"),
    ({"concern_id": "c1"}, "concern_id")])
def test_an_answer_without_a_note_a_route_or_a_known_response_is_refused(
        change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        OfficeRecordMessageV1.model_validate({**ANSWER, **change})
    assert caught.value.errors()[0]["loc"][-1] == field
