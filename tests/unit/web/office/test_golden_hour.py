"""The golden hour's nudge cohort, its text-or-call rule and each family's caller."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.web.office.callers import caller_for, families
from services.web.office.golden_hour import by_family, golden_hour
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


def test_a_family_whose_number_replied_stop_is_on_the_golden_hour_list_as_a_call() -> None:
    days = school_days_before(MONDAY_21)
    marks = [m for m in present_days(UPN, days) if m.date != FRIDAY_18]
    marks += [mark(UPN, FRIDAY_18, s, "I") for s in ("AM", "PM")]
    stopped = pupil(UPN, marks, [parent("mum", "07700 900123")], opted_out=["+447700900123"])
    [family] = by_family(golden_hour([stopped], office_day(MONDAY_21, "07:30"), []))
    assert (family.channel, family.channel_reason) == ("call", "no contact may receive texts")
    [mum] = family.to_dict()["contacts"]
    assert (mum["opted_out"], mum["may_be_texted"]) == (True, False)


def test_a_family_with_another_number_still_texted_keeps_its_text_after_one_stop() -> None:
    days = school_days_before(MONDAY_21)
    marks = [m for m in present_days(UPN, days) if m.date != FRIDAY_18]
    marks += [mark(UPN, FRIDAY_18, s, "I") for s in ("AM", "PM")]
    one_stopped = pupil(UPN, marks, [parent("mum", "07700 900123"),
                                     parent("dad", "07700 900456", priority=2)],
                        opted_out=["07700900123"])
    [row] = golden_hour([one_stopped], office_day(MONDAY_21, "07:30"), [])
    assert row.channel == "text"
    assert [(c.contact_id, c.opted_out) for c in row.contacts] == [("mum", True),
                                                                   ("dad", False)]


def test_a_pupil_on_a_school_trip_today_is_not_on_the_golden_hour_list() -> None:
    days = school_days_before(MONDAY_21)
    on_trip = absent_once_in(UPN, days, FRIDAY_18)
    on_trip = replace(on_trip, marks=(*on_trip.marks, mark(UPN, MONDAY_21, "AM", "V")))
    assert golden_hour([on_trip], office_day(MONDAY_21, "07:30"), []) == []


def test_a_family_sharing_a_phone_is_one_row_with_all_its_pupils_and_one_call() -> None:
    days = school_days_before(MONDAY_21)
    brother = pupil(UPN, [m for m in present_days(UPN, days[2:])]
                    + [mark(UPN, d, s, "O") for d in days[:2] for s in ("AM", "PM")],
                    [parent("mum", "07700 900123"), parent("dad", "07700 900456", 2)])
    sister = absent_once_in(SISTER, days, FRIDAY_18, phone="07700900456")
    other = absent_once_in(OTHER, days, FRIDAY_18, phone="07700 900789")
    families_listed = by_family(golden_hour([sister, other, brother],
                                            office_day(MONDAY_21, "07:30"), []))
    assert len(families_listed) == 2
    [family] = [f for f in families_listed if f.key == "tel:07700900123"]
    assert sorted(row.pupil.upn for row in family.pupils) == [UPN, SISTER]
    assert family.channel == "call"
    assert family.channel_reason == "Pupil 001: attendance below 90%"
    assert [c.phone_key for c in family.contacts] == ["07700900123", "07700900456"]
    assert [p["upn"] for p in family.to_dict()["pupils"]] == [
        row.pupil.upn for row in family.pupils]
