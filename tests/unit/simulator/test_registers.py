"""Register marks of the synthetic trust: when they fall, when they are recorded, and
how they are corrected."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from shared.kernel import Enrolment, check_mark_context
from shared.simulator import RegisterDay, SyntheticMark, Trust, school_settings
from shared.simulator.school_year import SchoolYear
from tests.unit.simulator.kernel_view import calendar_from_settings, kernel_marks

Key = tuple[str, str, date, str]


def _all_marks(days: list[RegisterDay]) -> list[SyntheticMark]:
    return [mark for day in days for mark in day.marks]


def _history(days: list[RegisterDay]) -> dict[Key, list[SyntheticMark]]:
    history: dict[Key, list[SyntheticMark]] = defaultdict(list)
    for mark in _all_marks(days):
        history[(mark.school_urn, mark.upn, mark.date, mark.session)].append(mark)
    return history


def test_no_mark_falls_on_a_non_school_day_or_outside_the_pupils_roll(
        small_trust: Trust) -> None:
    calendars = {s.urn: calendar_from_settings(school_settings(s, small_trust.settings_updated_at))
                 for s in small_trust.schools}
    pupils = {(p.school_urn, p.upn): p for p in small_trust.pupils}
    for key, marks in kernel_marks(small_trust).items():
        pupil = pupils[key]
        enrolment = Enrolment(pupil.admission_date, pupil.leaving_date, pupil.date_of_birth)
        for mark in marks:
            assert calendars[mark.school_urn].is_school_day(mark.date)
            assert check_mark_context(mark, enrolment, small_trust.last_day) == []


def test_every_pupil_on_roll_gets_one_am_and_one_pm_register_mark_each_school_day(
        small_trust: Trust, small_days: list[RegisterDay]) -> None:
    registers = Counter((m.school_urn, m.upn, m.date, m.session)
                        for m in _all_marks(small_days) if not m.is_correction)
    schools = {s.urn: s for s in small_trust.schools}
    expected = {
        (p.school_urn, p.upn, day, session)
        for p in small_trust.pupils
        for day in schools[p.school_urn].calendar.school_days(small_trust.first_day,
                                                              small_trust.last_day)
        if p.on_roll(day) for session in ("AM", "PM")
    }
    assert set(registers) == expected
    assert set(registers.values()) == {1}


def test_no_marks_in_october_half_term_or_on_inset_days(small_trust: Trust,
                                                        small_days: list[RegisterDay]) -> None:
    for school in small_trust.schools:
        autumn = school.calendar.terms[0]
        closed = {c.date for c in school.calendar.closures}
        days = {m.date for m in _all_marks(small_days) if m.school_urn == school.urn}
        assert not any(autumn.half_term_start <= day <= autumn.half_term_end for day in days)
        assert not days & closed


def test_marks_arrive_in_recorded_at_order(small_days: list[RegisterDay]) -> None:
    moments = [mark.recorded_at for mark in _all_marks(small_days)]
    assert moments == sorted(moments)
    assert all(mark.recorded_at.date() == day.date for day in small_days for mark in day.marks)


def test_a_register_is_recorded_at_its_register_time_in_london(
        small_trust: Trust, small_days: list[RegisterDay]) -> None:
    schools = {s.urn: s for s in small_trust.schools}
    for mark in _all_marks(small_days):
        if mark.code in ("/", "\\") and not mark.is_correction:
            times = schools[mark.school_urn].am if mark.session == "AM" else \
                schools[mark.school_urn].pm
            assert times.starts <= mark.recorded_at.time() <= times.register_closes
        # British Summer Time ends on 25 October 2026.
        summer = mark.recorded_at.date() < date(2026, 10, 25)
        assert mark.recorded_at.utcoffset() == timedelta(hours=1 if summer else 0)


def test_late_arrivals_carry_minutes_inside_or_after_the_register_window(
        small_trust: Trust, small_days: list[RegisterDay]) -> None:
    schools = {s.urn: s for s in small_trust.schools}
    late = [m for m in _all_marks(small_days) if m.code in ("L", "U")]
    assert {m.code for m in late} == {"L", "U"}
    for mark in late:
        times = schools[mark.school_urn].am if mark.session == "AM" else \
            schools[mark.school_urn].pm
        window = (datetime.combine(mark.date, times.register_closes)
                  - datetime.combine(mark.date, times.starts)).seconds // 60
        assert mark.minutes_late is not None
        assert (0 < mark.minutes_late <= window) if mark.code == "L" else (
            mark.minutes_late > window)
    assert all(m.minutes_late is None for m in _all_marks(small_days)
               if m.code not in ("L", "U"))


def test_some_n_marks_are_resent_days_later_as_illness_appointment_or_unexplained(
        small_days: list[RegisterDay]) -> None:
    settled_later = Counter[str]()
    for marks in _history(small_days).values():
        first, last = marks[0], marks[-1]
        if len(marks) > 1 and first.code == "N":
            assert last.recorded_at > first.recorded_at and last.comment
            if last.recorded_at.date() > first.date:
                settled_later[last.code] += 1
    assert settled_later["I"] > 0 and settled_later["O"] > 0 and settled_later["M"] > 0


def test_some_trip_days_are_first_marked_n_or_o_then_recoded_v(
        small_days: list[RegisterDay]) -> None:
    recoded = Counter(marks[0].code for marks in _history(small_days).values()
                      if len(marks) > 1 and marks[-1].code == "V")
    assert recoded["N"] + recoded["O"] > 0
    assert set(recoded) <= {"N", "O"}


def test_a_few_n_marks_stay_unresolved(small_days: list[RegisterDay]) -> None:
    settled = [marks[-1].code for marks in _history(small_days).values()]
    assert 0 < settled.count("N") < 0.01 * len(settled)


def test_term_time_holidays_stretch_a_break(small_trust: Trust,
                                            small_days: list[RegisterDay]) -> None:
    schools = {s.urn: s for s in small_trust.schools}
    holidays = {(m.school_urn, m.date) for marks in _history(small_days).values()
                for m in marks[-1:] if m.code == "G"}
    assert holidays
    for urn, day in holidays:
        # Within a week of the first or last day of a stretch of teaching.
        edges = [edge for stretch in schools[urn].calendar.half_terms() for edge in stretch]
        assert min(abs((day - edge).days) for edge in edges) <= 7


def test_each_school_has_its_own_calendar_for_2026_27(small_trust: Trust) -> None:
    for school in small_trust.schools:
        calendar: SchoolYear = school.calendar
        autumn, spring, summer = calendar.terms
        assert date(2026, 9, 1) <= autumn.start <= date(2026, 9, 4)
        assert autumn.half_term_start.month == 10 and autumn.half_term_start.weekday() == 0
        assert (autumn.half_term_end - autumn.half_term_start).days == 4
        assert spring.start.year == summer.end.year == 2027
        inset = [c for c in calendar.closures if c.reason.startswith("INSET")]
        assert len(inset) == 5
        assert 189 <= len(calendar.school_days(date(2026, 9, 1), date(2027, 8, 31))) <= 192
