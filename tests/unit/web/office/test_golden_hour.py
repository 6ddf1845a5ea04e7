"""The golden hour's nudge cohort, its text-or-call rule and each family's caller."""

from __future__ import annotations

from datetime import date

from services.web.office.callers import caller_for, families
from services.web.office.golden_hour import golden_hour
from services.web.office.inputs import OfficePupil
from tests.unit.web.office.builders import (
    call,
    mark,
    office_day,
    parent,
    present_days,
    pupil,
    school_days_before,
)

THURSDAY_17 = date(2026, 9, 17)
FRIDAY_18 = date(2026, 9, 18)
MONDAY_21 = date(2026, 9, 21)
UPN, SISTER, OTHER = "A801100026001", "A801100026002", "A801100026003"


def absent_once_in(upn: str, days: list[date], *absent_days: date,
                   phone: str = "07700 900123") -> OfficePupil:
    marks = [m for m in present_days(upn, days) if m.date not in absent_days]
    marks += [mark(upn, day, s, "I") for day in absent_days for s in ("AM", "PM")]
    return pupil(upn, marks, [parent("mum", phone)])


def test_a_pupil_absent_yesterday_gets_a_nudge_text() -> None:
    days = school_days_before(MONDAY_21)
    rows = golden_hour([absent_once_in(UPN, days, FRIDAY_18)], office_day(MONDAY_21, "07:30"),
                       [])
    assert [(r.pupil.upn, r.channel) for r in rows] == [(UPN, "text")]
    assert "absent on Friday 18 September" in rows[0].reasons


def test_a_pupil_with_full_attendance_gets_no_nudge() -> None:
    days = school_days_before(MONDAY_21)
    assert golden_hour([pupil(UPN, present_days(UPN, days), [parent("mum")])],
                       office_day(MONDAY_21, "07:30"), []) == []


def test_a_pupil_below_90_percent_gets_a_call_not_a_text() -> None:
    days = school_days_before(MONDAY_21)
    marks = present_days(UPN, days[2:]) + [mark(UPN, d, s, "O") for d in days[:2]
                                           for s in ("AM", "PM")]
    rows = golden_hour([pupil(UPN, marks, [parent("mum")])], office_day(MONDAY_21, "07:30"), [])
    assert (rows[0].channel, rows[0].channel_reason) == ("call", "attendance below 90%")


def test_a_family_not_reached_by_recent_calls_gets_a_call() -> None:
    days = school_days_before(MONDAY_21)
    rows = golden_hour([absent_once_in(UPN, days, FRIDAY_18)], office_day(MONDAY_21, "07:30"),
                       [call(UPN, "no_answer", day=FRIDAY_18)])
    assert (rows[0].channel, rows[0].channel_reason) == ("call", "not reached by recent calls")


def test_a_monday_pattern_puts_a_pupil_in_the_cohort() -> None:
    days = school_days_before(MONDAY_21)
    mondays = [d for d in days if d.weekday() == 0]
    marks = [m for m in present_days(UPN, days) if m.date not in mondays]
    marks += [mark(UPN, d, "AM", "O") for d in mondays]
    rows = golden_hour([pupil(UPN, marks, [parent("mum")])], office_day(MONDAY_21, "07:30"),
                       [], )
    assert "Monday pattern" in rows[0].reasons


def test_the_cohort_rule_is_the_schools_own() -> None:
    days = school_days_before(MONDAY_21)
    rows = golden_hour([absent_once_in(UPN, days, FRIDAY_18)],
                       office_day(MONDAY_21, "07:30", nudge_absent_yesterday=False,
                                  nudge_below_pct=80), [])
    assert rows == []


def test_the_same_family_keeps_its_caller_across_days() -> None:
    callers = ("Mrs Patel", "Mr Jones", "Ms Achebe")
    days = school_days_before(MONDAY_21)
    pupils = [absent_once_in(upn, days, THURSDAY_17, FRIDAY_18, phone=f"07700 900{n}")
              for n, upn in enumerate((UPN, SISTER, OTHER), start=100)]
    friday = golden_hour(pupils, office_day(FRIDAY_18, "07:30", callers=callers), [])
    monday = golden_hour(pupils, office_day(MONDAY_21, "07:30", callers=callers), [])
    assert len(friday) == len(monday) == 3
    assert {r.pupil.upn: r.caller for r in friday} == {r.pupil.upn: r.caller for r in monday}
    assert len({r.caller for r in monday}) > 1


def test_pupils_sharing_a_phone_are_one_family_with_one_caller() -> None:
    brother = pupil(UPN, contacts=[parent("mum", "07700 900123"), parent("dad", "07700 900456")])
    sister = pupil(SISTER, contacts=[parent("dad", "07700900456")])
    other = pupil(OTHER, contacts=[parent("mum", "07700 900789")])
    family_of = families([brother, sister, other])
    assert family_of[UPN] == family_of[SISTER] == "tel:07700900123"
    assert family_of[OTHER] != family_of[UPN]


def test_adding_a_caller_moves_only_the_families_the_new_caller_takes() -> None:
    keys = [f"tel:07700900{n:03d}" for n in range(200)]
    before = {key: caller_for(key, ("Office 1", "Office 2")) for key in keys}
    after = {key: caller_for(key, ("Office 1", "Office 2", "Office 3")) for key in keys}
    assert all(after[key] in (before[key], "Office 3") for key in keys)
    assert set(before.values()) == {"Office 1", "Office 2"}
