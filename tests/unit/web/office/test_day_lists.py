"""Gate and office lists, home-visit decisions, registers at 15:00 and the school's rules."""

from __future__ import annotations

from datetime import date

from services.web.office.greeting import gate_list, office_list
from services.web.office.home_visits import home_visit_decisions
from services.web.office.inputs import OfficePupil
from services.web.office.registers import incomplete_registers
from services.web.office.rules import rules_from_settings
from tests.unit.web.office.builders import (
    TUESDAY,
    call,
    mark,
    office_day,
    parent,
    present_days,
    pupil,
    school_days_before,
)

UPN, OTHER = "A801100026001", "A801100026002"
THURSDAY_10 = date(2026, 9, 10)


def absent_from(upn: str, first: date, until: date, **flags: bool) -> OfficePupil:
    days = [*school_days_before(until), until]
    marks = [mark(upn, d, s, "O" if d >= first else "/") for d in days for s in ("AM", "PM")]
    return pupil(upn, marks, [parent("mum")], "3B", **flags)


def test_parents_of_a_pupil_absent_yesterday_are_on_the_gate_list() -> None:
    days = school_days_before(TUESDAY)
    marks = [m for m in present_days(UPN, days) if m.date != date(2026, 9, 7)]
    marks.append(mark(UPN, date(2026, 9, 7), "AM", "I"))
    rows = gate_list([pupil(UPN, marks, [parent("mum")])], office_day(at="08:30"))
    assert "absent on Monday 7 September" in rows[0].reasons


def test_a_pupil_whose_morning_is_a_school_trip_is_not_on_the_gate_list() -> None:
    days = school_days_before(TUESDAY)
    marks = [m for m in present_days(UPN, days) if m.date != date(2026, 9, 7)]
    marks += [mark(UPN, date(2026, 9, 7), "AM", "I"), mark(UPN, TUESDAY, "AM", "V")]
    assert gate_list([pupil(UPN, marks, [parent("mum")])], office_day(at="08:30")) == []


def test_an_afternoon_fixture_leaves_the_pupil_on_the_morning_gate_list() -> None:
    days = school_days_before(TUESDAY)
    marks = [m for m in present_days(UPN, days) if m.date != date(2026, 9, 7)]
    marks += [mark(UPN, date(2026, 9, 7), "AM", "I"), mark(UPN, TUESDAY, "PM", "P")]
    rows = gate_list([pupil(UPN, marks, [parent("mum")])], office_day(at="08:30"))
    assert [r.pupil.upn for r in rows] == [UPN]


def test_the_roster_encouragement_flag_wins_over_the_attendance_rule() -> None:
    days = school_days_before(TUESDAY)
    rows = gate_list([pupil(UPN, present_days(UPN, days), needs_encouragement=True),
                      pupil(OTHER, [mark(OTHER, days[0], "AM", "O")],
                            needs_encouragement=False)], office_day(at="08:30"))
    assert [(r.pupil.upn, r.reasons) for r in rows] == [
        (UPN, ("needs regular encouragement (roster)",))]


def test_an_old_n_mark_puts_the_parent_on_the_office_list() -> None:
    days = school_days_before(TUESDAY)
    marks = [*present_days(UPN, days[1:]), mark(UPN, days[0], "AM", "N")]
    rows = office_list([pupil(UPN, marks)], office_day(at="08:30"), [])
    assert rows[0].reasons == ("no reason yet for the absence on Wednesday 2 September",)


def test_three_days_absent_without_reaching_anyone_needs_a_home_visit_decision() -> None:
    rows = home_visit_decisions([absent_from(UPN, date(2026, 9, 8), THURSDAY_10)],
                                office_day(THURSDAY_10, "09:30"),
                                [call(UPN, "no_answer", day=date(2026, 9, 9))])
    assert rows[0].absent_since == date(2026, 9, 8)
    assert "absent 3 school days in a row" in rows[0].reasons[0]


def test_a_reached_parent_in_those_days_means_no_home_visit() -> None:
    rows = home_visit_decisions([absent_from(UPN, date(2026, 9, 8), THURSDAY_10)],
                                office_day(THURSDAY_10, "09:30"),
                                [call(UPN, "reached", day=date(2026, 9, 9))])
    assert rows == []


def test_a_pupil_with_a_social_worker_absent_today_is_listed_at_once() -> None:
    rows = home_visit_decisions([absent_from(UPN, THURSDAY_10, THURSDAY_10, social_worker=True)],
                                office_day(THURSDAY_10, "09:30"), [])
    assert rows[0].reasons == ("has a social worker: tell them about the absence",)


def test_registers_are_not_checked_until_1500() -> None:
    pupils = [pupil(UPN, [mark(UPN, TUESDAY, "AM", "/")])]
    assert incomplete_registers(pupils, office_day(at="14:59")) is None
    classes = incomplete_registers(pupils, office_day(at="15:00"))
    assert classes is not None
    assert [(c.reg_group, [m.sessions for m in c.missing]) for c in classes] == [
        ("3B", [("PM",)])]


def test_registers_group_missing_marks_by_class() -> None:
    pupils = [pupil(UPN, reg_group="4A"), pupil(OTHER, present_days(OTHER, [TUESDAY]),
                                               reg_group="4B")]
    classes = incomplete_registers(pupils, office_day(at="15:30"))
    assert classes is not None and [c.reg_group for c in classes] == ["4A"]


def test_the_schools_settings_set_callers_times_and_thresholds() -> None:
    rules = rules_from_settings({"register_close": {"AM": "09:00", "PM": "13:45"},
                                 "message_schedule": {"office": {
                                     "callers": ["Mrs Patel"], "first_call_deadline": "10:15",
                                     "nudge_below_pct": 94}}})
    assert (rules.callers, rules.register_close_am.isoformat(),
            rules.first_call_deadline.isoformat(), rules.nudge_below_pct) == (
        ("Mrs Patel",), "09:00:00", "10:15:00", 94)


def test_an_unreadable_setting_keeps_its_default_and_says_which() -> None:
    rules = rules_from_settings({"message_schedule": {"office": {"callers": "Mrs Patel",
                                                                 "call_below_pct": 120}}})
    assert rules.callers == ("Office 1", "Office 2") and rules.call_below_pct == 90
    assert any("callers" in p for p in rules.problems)
    assert any("call_below_pct" in p and "120" in p for p in rules.problems)
