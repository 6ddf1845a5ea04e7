from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from shared.kernel import (
    Enrolment,
    MarkError,
    check_mark_context,
    latest_marks,
    parse_mark,
    supersedes,
)
from tests.unit.kernel.builders import SCHOOL, UPN, mark


def record(**changes: Any) -> dict[str, Any]:
    base = {"school_urn": SCHOOL, "upn": UPN, "date": "2024-09-02", "session": "AM",
            "code": "/", "recorded_at": "2024-09-02T08:55:00+01:00"}
    return {**base, **changes}


def test_a_csv_record_of_strings_becomes_a_normalised_mark() -> None:
    parsed = parse_mark(record(upn=UPN.lower(), session="pm", code="y 1", minutes_late="",
                               comment="  "))
    assert parsed.date == date(2024, 9, 2)
    assert parsed.session == "PM"
    assert parsed.code == "Y1"
    assert parsed.upn == UPN
    assert parsed.recorded_at == datetime(2024, 9, 2, 7, 55, tzinfo=UTC)
    assert parsed.minutes_late is None and parsed.comment is None
    assert parsed.key == (date(2024, 9, 2), "PM")


def test_minutes_late_and_comment_are_kept() -> None:
    parsed = parse_mark(record(code="L", minutes_late="12", comment="bus late"))
    assert (parsed.minutes_late, parsed.comment) == (12, "bus late")


def test_every_bad_field_is_listed_at_once() -> None:
    with pytest.raises(MarkError) as refused:
        parse_mark({"school_urn": "12345", "upn": "A801200005001", "date": "2024-02-30",
                    "session": "EVE", "code": "ZZ", "minutes_late": "-1",
                    "recorded_at": "2024-02-01T09:00:00"})
    fields = [error.field for error in refused.value.errors]
    assert fields == ["school_urn", "upn", "date", "code", "session", "minutes_late",
                      "recorded_at"]


def test_a_recorded_at_without_offset_is_refused_with_how_to_fix_it() -> None:
    with pytest.raises(MarkError) as refused:
        parse_mark(record(recorded_at="2024-09-02T08:55:00"))
    assert "offset" in refused.value.errors[0].message


def test_a_missing_recorded_at_is_refused() -> None:
    with pytest.raises(MarkError) as refused:
        parse_mark(record(recorded_at=""))
    assert refused.value.errors[0].field == "recorded_at"


def test_legacy_code_is_checked_against_the_marks_own_date() -> None:
    assert parse_mark(record(date="2024-07-01", code="H")).code == "H"
    with pytest.raises(MarkError) as refused:
        parse_mark(record(date="2024-09-02", code="H"))
    assert "'H'" in str(refused.value)


def test_a_future_mark_is_refused_in_context() -> None:
    errors = check_mark_context(mark(date(2024, 9, 3), "AM", "/"), None, date(2024, 9, 2))
    assert [error.field for error in errors] == ["date"]
    assert "future" in errors[0].message


def test_a_mark_outside_the_pupils_roll_is_refused_in_context() -> None:
    enrolment = Enrolment(admission_date=date(2024, 9, 4), leaving_date=date(2024, 9, 10))
    today = date(2024, 12, 1)
    assert "admission" in check_mark_context(mark(date(2024, 9, 3), "AM", "/"), enrolment,
                                             today)[0].message
    assert "left" in check_mark_context(mark(date(2024, 9, 11), "AM", "/"), enrolment,
                                        today)[0].message
    assert check_mark_context(mark(date(2024, 9, 4), "AM", "/"), enrolment, today) == []
    assert check_mark_context(mark(date(2024, 9, 10), "PM", "\\"), enrolment, today) == []


def test_only_a_strictly_later_recorded_at_supersedes() -> None:
    first = mark(date(2024, 9, 2), "AM", "N")
    assert supersedes(first, None)
    assert supersedes(replace(first, code="I", recorded_at=first.recorded_at
                              + timedelta(seconds=1)), first)
    assert not supersedes(replace(first, code="I"), first)
    assert not supersedes(replace(first, recorded_at=first.recorded_at - timedelta(hours=1)),
                          first)


def test_recorded_at_compares_instants_across_offsets() -> None:
    first = mark(date(2024, 9, 2), "AM", "N")
    same_instant = replace(first, code="I", recorded_at=first.recorded_at.astimezone(
        timezone(timedelta(hours=1))))
    assert not supersedes(same_instant, first)


def test_latest_marks_keeps_one_mark_per_session_and_am_pm_never_collide() -> None:
    day = date(2024, 9, 2)
    marks = [mark(day, "AM", "N"), mark(day, "AM", "I", minutes=60), mark(day, "PM", "\\")]
    latest = latest_marks(marks)
    assert {key: m.code for key, m in latest.items()} == {(day, "AM"): "I", (day, "PM"): "\\"}


def test_latest_marks_breaks_a_tie_the_same_way_whatever_the_order() -> None:
    day = date(2024, 9, 2)
    a, b = mark(day, "AM", "I"), mark(day, "AM", "M")
    assert latest_marks([a, b]) == latest_marks([b, a])
