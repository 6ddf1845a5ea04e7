"""Topic messages become pupil events; what cannot be read is skipped, never fatal."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from services.risk.events import decoded, json_values, mark_events, roster_events
from tests.unit.risk.builders import MONDAY, SCHOOL, UPN, mark, message


def test_raw_messages_that_are_not_json_are_skipped_and_the_rest_kept() -> None:
    good = json.dumps(message(mark(MONDAY, "AM", "/"))).encode()
    assert len(decoded([b"{not json", good, b"\xff\xfe", "[]"])) == 2


def test_raw_messages_are_decoded_one_at_a_time_not_all_held_as_json_at_once() -> None:
    good = json.dumps(message(mark(MONDAY, "AM", "/"))).encode()
    read: list[bytes] = []

    def batch() -> Iterator[bytes]:
        for value in (good, good, good):
            read.append(value)
            yield value

    decoding = json_values(batch())
    assert next(decoding)["code"] == "/"
    assert len(read) == 1


def test_a_mark_message_becomes_a_mark_event_keyed_by_pupil() -> None:
    (event,) = mark_events([message(mark(MONDAY, "AM", "N"), "2026-09-07T08:51:00+00:00")])
    assert event.key == f"{SCHOOL}:{UPN}" and event.mark is not None
    assert event.mark.code == "N" and event.ingested_at == "2026-09-07T08:51:00+00:00"


def test_a_skipped_message_is_logged_without_the_pupils_upn(
        caplog: pytest.LogCaptureFixture) -> None:
    bad = {**message(mark(MONDAY, "AM", "/")), "code": "??"}
    with caplog.at_level(logging.WARNING):
        assert mark_events([bad]) == []
    assert "code" in caplog.text and UPN not in caplog.text


def test_a_pupil_record_becomes_a_roster_event_with_enrolment_and_travel() -> None:
    (event,) = roster_events([{"school_urn": SCHOOL, "upn": UPN.lower(),
                               "admission_date": "2026-09-01", "leaving_date": None,
                               "date_of_birth": "2015-03-02",
                               "flags": {"independent_travel": True},
                               "updated_at": "2026-09-01T08:00:00+01:00"}])
    assert event.key == f"{SCHOOL}:{UPN}" and event.roster is not None
    assert event.roster.independent_travel
    assert event.roster.enrolment.admission_date == MONDAY.replace(day=1)
    assert roster_events([{"school_urn": SCHOOL, "upn": "nonsense"}]) == []
