"""What a pupil's marks make the risk service signal, rule by rule, in the order they arrive."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from services.risk.pupil import Emitted, PupilState, Roster
from services.risk.rules import SchoolContext, record_mark
from shared.kernel.calendar import SchoolCalendar, Term
from shared.kernel.marks import Mark
from shared.kernel.pupils import Enrolment
from shared.kernel.thresholds import Thresholds
from tests.unit.risk.builders import MONDAY, SCHOOL, UPN, days_marked, mark, school_days


def run(marks: Iterable[Mark], school: SchoolContext | None = None,
        roster: Roster | None = None) -> tuple[PupilState, list[Emitted]]:
    state = PupilState(SCHOOL, UPN, roster=roster or Roster())
    emitted: list[Emitted] = []
    for m in marks:
        state, new = record_mark(state, m, school or SchoolContext())
        emitted += new
    return state, emitted


def kinds(emitted: list[Emitted]) -> list[str]:
    return [str(e.signal.kind) for e in emitted]


TWO_WEEKS = school_days(MONDAY, 10)
WEEK_3 = school_days(MONDAY + timedelta(days=14), 5)


def test_a_pupil_crossing_below_95_is_signalled_once_not_once_per_later_absence() -> None:
    marks = days_marked(TWO_WEEKS[:9]) + days_marked(TWO_WEEKS[9:], "I") + days_marked(
        WEEK_3, "I")
    _, emitted = run(marks)
    assert kinds(emitted).count("attendance_below_95") == 1
    below = next(e.signal for e in emitted if e.signal.kind == "attendance_below_95")
    assert below.occurred_on == TWO_WEEKS[9]
    assert below.detail["attendance_pct"] == 94.7 and below.detail["possible"] == 19
    assert below.detail["threshold_pct"] == 95


def test_an_amended_n_to_present_takes_the_pupil_back_above_95_and_signals_the_rise() -> None:
    marks = [*days_marked(TWO_WEEKS), mark(WEEK_3[0], "AM", "/"), mark(WEEK_3[0], "PM", "N")]
    amended = mark(WEEK_3[0], "PM", "\\", minutes=120)
    state, emitted = run([*marks, amended])
    assert kinds(emitted).count("attendance_below_96") == 1
    assert kinds(emitted).count("attendance_back_above_96") == 1
    assert state.years["2026"].figures.unauthorised == 0
    assert state.years["2026"].figures.present == 22


def test_an_amended_n_to_i_moves_the_session_from_unauthorised_to_authorised() -> None:
    marks = [*days_marked(TWO_WEEKS), mark(WEEK_3[0], "AM", "N")]
    state, _ = run([*marks, mark(WEEK_3[0], "AM", "I", minutes=90)])
    figures = state.years["2026"].figures
    assert (figures.authorised, figures.unauthorised, figures.possible) == (1, 0, 21)
    assert figures.codes.get("N") is None and figures.codes["I"] == 1
    assert state.tracking.open_n == frozenset()


def test_a_resent_mark_is_counted_once_and_signals_nothing_new() -> None:
    marks = [*days_marked(TWO_WEEKS), mark(WEEK_3[0], "AM", "N")]
    first, emitted = run(marks)
    again, more = run([*marks, mark(WEEK_3[0], "AM", "N"), mark(WEEK_3[0], "AM", "/",
                                                                 minutes=-5)])
    assert again.years == first.years and again.marks == first.marks
    assert kinds(more) == kinds(emitted)


def test_persistent_absence_is_entered_at_exactly_90_percent_and_left_above_it() -> None:
    marks = days_marked(TWO_WEEKS[:9]) + days_marked(TWO_WEEKS[9:], "O")
    _, emitted = run([*marks, *days_marked(WEEK_3)])
    entered = [e.signal for e in emitted if e.signal.kind == "persistent_absence_entered"]
    assert len(entered) == 1 and entered[0].detail["attendance_pct"] == 90.0
    assert kinds(emitted).count("persistent_absence_left") == 1


def test_severe_absence_is_signalled_when_half_the_sessions_are_missed() -> None:
    _, emitted = run(days_marked(TWO_WEEKS[:2]) + days_marked(TWO_WEEKS[2:4], "I"))
    assert kinds(emitted).count("severe_absence_entered") == 1


def test_a_week_at_100_percent_is_signalled_when_the_next_week_starts() -> None:
    _state, emitted = run(days_marked(TWO_WEEKS[:5]))
    assert "full_attendance_week" not in kinds(emitted)
    _, emitted = run(days_marked(TWO_WEEKS[:6]))
    week = next(e.signal for e in emitted if e.signal.kind == "full_attendance_week")
    assert week.detail["week_start"] == "2026-09-07" and week.occurred_on == date(2026, 9, 11)


def test_a_week_with_an_absence_or_a_missing_session_is_not_full_attendance() -> None:
    absent = days_marked(TWO_WEEKS[:4]) + days_marked(TWO_WEEKS[4:5], "/", "M")
    unmarked = [*days_marked(TWO_WEEKS[:4]), mark(TWO_WEEKS[4], "AM", "/")]
    for marks in (absent, unmarked):
        _, emitted = run([*marks, *days_marked(TWO_WEEKS[5:6])])
        assert "full_attendance_week" not in kinds(emitted)


def test_an_n_mark_is_signalled_once_for_the_day_as_absent_without_reason() -> None:
    _, emitted = run(days_marked(TWO_WEEKS[:1], "N"))
    absent = [e.signal for e in emitted if e.signal.kind == "absent_without_reason_today"]
    assert len(absent) == 1 and absent[0].occurred_on == TWO_WEEKS[0]


def test_u_today_and_late_for_an_independent_traveller_are_signalled() -> None:
    day = TWO_WEEKS[0]
    traveller = Roster(independent_travel=True)
    _, emitted = run([mark(day, "AM", "U", minutes_late=40)], roster=traveller)
    assert kinds(emitted)[-1] == "unauthorised_late_today"
    _, emitted = run([mark(day, "AM", "L", minutes_late=10)], roster=traveller)
    assert "late_independent_traveller" in kinds(emitted)
    _, emitted = run([mark(day, "AM", "L", minutes_late=10)])
    assert "late_independent_traveller" not in kinds(emitted)


def test_a_term_time_holiday_is_signalled_once_not_once_per_day_of_it() -> None:
    _, emitted = run(days_marked(TWO_WEEKS[:5]) + days_marked(TWO_WEEKS[5:10], "G"))
    holidays = [e.signal for e in emitted if e.signal.kind == "term_time_holiday"]
    assert [h.occurred_on for h in holidays] == [TWO_WEEKS[5]]


def test_the_penalty_threshold_is_reached_at_10_unauthorised_sessions_and_marks_are_not_reused(
) -> None:
    marks = days_marked(TWO_WEEKS[:5]) + days_marked(TWO_WEEKS[5:9], "/", "O")
    _, emitted = run(marks)
    assert "penalty_threshold_reached" not in kinds(emitted)
    _, emitted = run([*marks, *days_marked(WEEK_3[:3], "/", "O")])
    assert kinds(emitted).count("penalty_threshold_reached") == 0
    more_weeks = school_days(MONDAY + timedelta(days=21), 11)
    _, emitted = run([*marks, *days_marked(WEEK_3, "/", "O"),
                      *days_marked(more_weeks, "/", "O")])
    notices = [e.signal for e in emitted if e.signal.kind == "penalty_threshold_reached"]
    assert len(notices) == 2
    assert not set(notices[0].detail["sessions"]) & set(notices[1].detail["sessions"])


def test_ten_consecutive_days_of_unauthorised_absence_are_signalled_once() -> None:
    _, emitted = run(days_marked(TWO_WEEKS, "O") + days_marked(WEEK_3, "O"))
    runs = [e.signal for e in emitted if e.signal.kind == "consecutive_unauthorised_days"]
    assert len(runs) == 1 and runs[0].detail["days"] == 10
    assert runs[0].detail["first_day"] == TWO_WEEKS[0].isoformat()


def test_fifteen_days_of_illness_are_signalled_once_in_the_year() -> None:
    days = school_days(MONDAY, 16)
    _, emitted = run([*days_marked(days[:14], "I"), mark(days[14], "AM", "I")])
    assert "illness_days_reached" not in kinds(emitted)
    _, emitted = run(days_marked(days, "I"))
    illness = [e.signal for e in emitted if e.signal.kind == "illness_days_reached"]
    assert len(illness) == 1 and illness[0].detail["illness_sessions"] == 30


def test_an_n_still_unresolved_after_3_school_days_is_signalled_once() -> None:
    n_day = [mark(TWO_WEEKS[0], "AM", "N"), mark(TWO_WEEKS[0], "PM", "\\")]
    _, emitted = run(n_day + days_marked(TWO_WEEKS[1:3]))
    assert "unresolved_n" not in kinds(emitted)
    _, emitted = run(n_day + days_marked(TWO_WEEKS[1:6]))
    unresolved = [e.signal for e in emitted if e.signal.kind == "unresolved_n"]
    assert len(unresolved) == 1 and unresolved[0].occurred_on == TWO_WEEKS[3]


def test_an_n_resolved_in_time_is_not_signalled_as_unresolved() -> None:
    marks = [mark(TWO_WEEKS[0], "AM", "N"), mark(TWO_WEEKS[0], "AM", "I", minutes=600)]
    _, emitted = run(marks + days_marked(TWO_WEEKS[1:6]))
    assert "unresolved_n" not in kinds(emitted)


def test_a_school_that_sets_its_own_thresholds_is_signalled_at_them() -> None:
    strict = SchoolContext(Thresholds(leaflet_below_pct=99))
    _, emitted = run([*days_marked(TWO_WEEKS), mark(WEEK_3[0], "AM", "M")], strict)
    leaflet = next(e.signal for e in emitted if e.signal.kind == "attendance_below_96")
    assert leaflet.detail["threshold_pct"] == 99


def test_a_set_calendar_decides_which_days_are_school_days() -> None:
    # A closure on Wednesday: the week is complete without it.
    calendar = SchoolCalendar((Term("autumn", MONDAY, MONDAY + timedelta(days=60)),),
                              frozenset({TWO_WEEKS[2]}))
    week = [d for d in TWO_WEEKS[:5] if d != TWO_WEEKS[2]]
    _, emitted = run(days_marked(week) + days_marked(TWO_WEEKS[5:6]),
                     SchoolContext(calendar=calendar))
    assert "full_attendance_week" in kinds(emitted)


def test_marks_before_admission_are_kept_but_not_counted() -> None:
    roster = Roster(Enrolment(admission_date=TWO_WEEKS[5]))
    state, _ = run(days_marked(TWO_WEEKS), roster=roster)
    assert state.years["2026"].figures.possible == 10
    assert len(state.marks) == 20


def test_signals_name_the_mark_that_caused_them() -> None:
    n = mark(TWO_WEEKS[0], "AM", "N")
    _, emitted = run([n])
    assert all(e.signal.caused_by == n for e in emitted)
    assert len({e.signal_id for e in emitted}) == len(emitted)
