"""A pupil's state survives the trip to its stored document, and updates stay small."""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime, timedelta

from services.risk.documents import (
    fields_text,
    pack_marks,
    state_document,
    state_from_document,
    text_fields,
    unpack_marks,
    update_between,
)
from services.risk.pupil import PupilState, Roster, mark_line, parse_line
from services.risk.rules import SchoolContext, record_mark
from shared.kernel.marks import Mark
from shared.kernel.pupils import Enrolment
from tests.unit.risk.builders import MONDAY, SCHOOL, UPN, days_marked, mark, school_days

DAYS = school_days(MONDAY, 12)


def pupil_after(marks: list[Mark]) -> PupilState:
    state = PupilState(SCHOOL, UPN, roster=Roster(
        Enrolment(date(2026, 9, 1), None, date(2015, 5, 4)), True,
        datetime(2026, 9, 1, 8, tzinfo=UTC)))
    for m in marks:
        state, _ = record_mark(state, m, SchoolContext())
    return state


def test_a_state_read_back_from_its_document_is_the_same_state() -> None:
    marks = [*days_marked(DAYS[:6]), *days_marked(DAYS[6:9], "N"),
             mark(DAYS[9], "AM", "L", minutes_late=7), mark(DAYS[8], "PM", "I", minutes=300)]
    state = pupil_after(marks)
    again = state_from_document(state_document(state))
    assert again == state


def test_marks_keep_microseconds_so_a_resend_stays_a_resend() -> None:
    precise = Mark(SCHOOL, UPN, DAYS[0], "AM", "/",
                   datetime(2026, 9, 7, 8, 50, 1, 123456, tzinfo=UTC))
    packed = pack_marks({precise.key: mark_line(precise)}, [precise.key])
    assert zlib.decompress(packed).decode() == (
        f"{DAYS[0].isoformat()}_AM / 2026-09-07T08:50:01.123456+00:00")
    lines = unpack_marks(packed)
    assert lines == {precise.key: mark_line(precise)}
    assert parse_line(SCHOOL, UPN, precise.key, lines[precise.key]) == precise


def test_an_update_sets_only_what_changed() -> None:
    before = pupil_after(days_marked(DAYS[:5]))
    after = pupil_after(days_marked(DAYS[:5]) + days_marked(DAYS[5:6]))
    update = update_between(state_document(before), state_document(after), {})
    assert set(update["$set"]) == {"years.2026", "tracking", "signal_ids"}


def test_a_new_pupils_document_is_set_whole_with_its_outbox() -> None:
    state = pupil_after(days_marked(DAYS[:1], "N"))
    entry = {"message": "{}", "staged_at": datetime(2026, 9, 7, tzinfo=UTC), "sequence": 0}
    update = update_between(None, state_document(state), {"abc": entry})
    assert {"school_urn", "upn", "roster", "years.2026", "tracking", "signal_ids",
            "outbox.abc"} <= set(update["$set"])


def test_marks_of_two_academic_years_are_kept_apart() -> None:
    summer = mark(date(2026, 7, 20), "AM", "/")  # before this pupil's admission on 1 Sept
    autumn = mark(MONDAY + timedelta(days=1), "AM", "/")
    doc = state_document(pupil_after([summer, autumn]))
    assert set(doc["years"]) == {"2025", "2026"}
    assert unpack_marks(doc["years"]["2025"]["marks"]) == {summer.key: mark_line(summer)}
    assert doc["years"]["2025"]["figures"].startswith("possible=0 ")
    assert doc["years"]["2026"]["figures"].startswith("possible=1 ")


def test_the_document_reads_as_text_a_person_can_check() -> None:
    state = pupil_after([*days_marked(DAYS[:9], "/"), mark(DAYS[9], "AM", "N"),
                         mark(DAYS[9], "PM", "O")])
    doc = state_document(state)
    year = doc["years"]["2026"]
    assert year["figures"] == ("possible=20 present=18 aea=0 authorised=0 unauthorised=2 "
                               "missing=0")
    assert year["codes"] == "/=9 N=1 O=1 \\=9"
    assert year["flags"] == "below_leaflet below_letter below_meeting persistent_absence"
    assert doc["roster"] == ("admission=2026-09-01 leaving=- born=2015-05-04 travels_alone=yes "
                             "updated=2026-09-01T08:00:00+00:00")
    assert doc["tracking"].startswith(f"latest_day={DAYS[9].isoformat()} ")
    assert text_fields(fields_text({"a": None, "b": 3})) == {"a": None, "b": "3"}
