"""The kernel's signal rules, each as the expectation a school would state."""

from __future__ import annotations

from datetime import date, timedelta, timezone

from shared.kernel.figures import Figures
from shared.kernel.marks import Mark
from shared.kernel.signals import (
    SignalKind,
    YearFlags,
    consecutive_unauthorised,
    daily_signals,
    full_attendance_week,
    mark_basis,
    no_morning_mark,
    penalty_threshold,
    signal_id,
    threshold_crossings,
    unauthorised_run,
    unresolved_n,
)
from shared.kernel.thresholds import Thresholds
from tests.unit.risk.builders import MONDAY, SCHOOL, UPN, days_marked, mark, school_days

DAYS = school_days(MONDAY, 15)
CAUSE = mark(DAYS[0], "AM", "N")


def figures(present: int, authorised: int = 0, unauthorised: int = 0, illness: int = 0,
            ) -> Figures:
    codes = {"/": present, "I": illness} if illness else {"/": present}
    return Figures(present + authorised + unauthorised, present, 0, authorised, unauthorised, 0,
                   codes)


def keyed(marks: list[Mark]) -> dict[tuple[date, str], Mark]:
    return {m.key: m for m in marks}


def test_falling_below_96_and_95_at_once_gives_a_signal_for_each_rung() -> None:
    flags, signals = threshold_crossings(figures(18, 1), YearFlags(), Thresholds(), CAUSE,
                                         "2026/27")
    assert [s.kind for s in signals] == [SignalKind.ATTENDANCE_BELOW_96,
                                         SignalKind.ATTENDANCE_BELOW_95]
    assert flags.below == {"leaflet", "letter"}
    assert signals[0].detail["attendance_pct"] == 94.7


def test_staying_below_a_rung_signals_nothing_more() -> None:
    flags, _ = threshold_crossings(figures(19, 1), YearFlags(), Thresholds(), CAUSE, "2026/27")
    _, signals = threshold_crossings(figures(38, 2), flags, Thresholds(), CAUSE, "2026/27")
    assert signals == []


def test_rising_back_above_a_rung_is_signalled() -> None:
    flags = YearFlags(below=frozenset({"leaflet"}))
    flags, signals = threshold_crossings(figures(96, 4), flags, Thresholds(), CAUSE, "2026/27")
    assert [s.kind for s in signals] == [SignalKind.ATTENDANCE_BACK_ABOVE_96]
    assert flags.below == frozenset()


def test_persistent_and_severe_absence_are_entered_and_left() -> None:
    flags, signals = threshold_crossings(figures(1, 1), YearFlags(), Thresholds(), CAUSE, "y")
    kinds = {s.kind for s in signals}
    assert {SignalKind.PERSISTENT_ABSENCE_ENTERED, SignalKind.SEVERE_ABSENCE_ENTERED} <= kinds
    _, signals = threshold_crossings(figures(10, 1), flags, Thresholds(), CAUSE, "y")
    kinds = {s.kind for s in signals}
    assert {SignalKind.PERSISTENT_ABSENCE_LEFT, SignalKind.SEVERE_ABSENCE_LEFT} <= kinds


def test_the_illness_duty_is_signalled_once_a_year_with_a_year_basis() -> None:
    flags, signals = threshold_crossings(figures(100, 30, illness=30), YearFlags(), Thresholds(),
                                         CAUSE, "2026/27")
    illness = [s for s in signals if s.kind == SignalKind.ILLNESS_DAYS_REACHED]
    assert len(illness) == 1 and illness[0].basis == "year:2026/27" and flags.illness_reached
    _, again = threshold_crossings(figures(100, 31, illness=31), flags, Thresholds(), CAUSE,
                                   "2026/27")
    assert not [s for s in again if s.kind == SignalKind.ILLNESS_DAYS_REACHED]


def test_the_days_codes_each_raise_their_own_daily_signal() -> None:
    empty = Figures.empty()

    def kind(code: str, travel: bool = False) -> list[SignalKind]:
        return [s.kind for s in daily_signals(mark(DAYS[0], "AM", code), independent_travel=travel,
                                              holiday_continues=False, figures=empty)]

    assert kind("N") == [SignalKind.ABSENT_WITHOUT_REASON_TODAY]
    assert kind("U") == [SignalKind.UNAUTHORISED_LATE_TODAY]
    assert kind("L", travel=True) == [SignalKind.LATE_INDEPENDENT_TRAVELLER]
    assert kind("L") == [] and kind("/") == [] and kind("I") == []
    assert kind("G") == [SignalKind.TERM_TIME_HOLIDAY]


def test_a_holiday_continuing_from_the_day_before_is_not_a_new_holiday() -> None:
    signals = daily_signals(mark(DAYS[1], "AM", "G"), independent_travel=False,
                            holiday_continues=True, figures=Figures.empty())
    assert signals == []


def test_a_full_week_needs_every_session_attended_or_not_possible() -> None:
    week = DAYS[:5]
    marks = keyed(days_marked(week[:4]) + days_marked(week[4:], "#"))
    signal = full_attendance_week(week, marks, CAUSE)
    assert signal is not None and signal.basis == f"week:{week[0].isoformat()}"
    assert signal.detail["sessions_attended"] == 8
    assert full_attendance_week(week, keyed(days_marked(week, "#")), CAUSE) is None
    assert full_attendance_week(week, keyed(days_marked(week[:4])), CAUSE) is None


def test_the_penalty_threshold_counts_only_unauthorised_sessions_not_used_before() -> None:
    marks = keyed(days_marked(DAYS[:5], "/", "O") + days_marked(DAYS[5:10], "/", "G"))
    used, signal = penalty_threshold(marks, DAYS[:10], None, Thresholds(), CAUSE)
    assert signal is not None and signal.detail["unauthorised_sessions"] == 10
    assert used == (DAYS[9], "PM")
    used_again, none = penalty_threshold(marks, DAYS[:10], used, Thresholds(), CAUSE)
    assert none is None and used_again == used


def test_a_run_of_unauthorised_days_passes_over_days_with_nothing_possible() -> None:
    marks = keyed(days_marked(DAYS[:3], "O") + days_marked(DAYS[3:4], "Y1")
                  + days_marked(DAYS[4:6], "U") + days_marked(DAYS[6:7]))
    run = unauthorised_run(DAYS, DAYS[1], marks)
    assert run == [*DAYS[:3], *DAYS[4:6]]
    assert unauthorised_run(DAYS, DAYS[6], marks) == []


def test_a_run_is_signalled_once_it_reaches_the_threshold_and_only_once() -> None:
    thresholds = Thresholds(consecutive_unauthorised_days=3)
    assert consecutive_unauthorised(DAYS[:2], None, thresholds, CAUSE) is None
    signal = consecutive_unauthorised(DAYS[:3], None, thresholds, CAUSE)
    assert signal is not None and signal.detail["days"] == 3
    assert consecutive_unauthorised(DAYS[:4], DAYS[0], thresholds, CAUSE) is None


def test_an_n_unresolved_for_3_school_days_is_signalled_and_leaves_the_open_list() -> None:
    n_mark = mark(DAYS[0], "AM", "N")
    open_n = frozenset({n_mark.key})
    still_open, signals = unresolved_n(open_n, keyed([n_mark]), {n_mark.key: 2}, Thresholds(),
                                       DAYS[2])
    assert signals == [] and still_open == open_n
    closed, signals = unresolved_n(open_n, keyed([n_mark]), {n_mark.key: 3}, Thresholds(),
                                   DAYS[3])
    assert closed == frozenset() and [s.kind for s in signals] == [SignalKind.UNRESOLVED_N]
    assert signals[0].caused_by == n_mark and signals[0].occurred_on == DAYS[3]


def test_no_morning_mark_after_the_register_closed_is_unexplained_absence() -> None:
    signal = no_morning_mark(DAYS[0], {}, on_roll=True)
    assert signal is not None and signal.kind == SignalKind.ABSENT_WITHOUT_REASON_TODAY
    assert no_morning_mark(DAYS[0], keyed([mark(DAYS[0], "AM", "/")]), on_roll=True) is None
    assert no_morning_mark(DAYS[0], {}, on_roll=False) is None


def test_signal_ids_are_deterministic_and_differ_by_pupil_kind_and_basis() -> None:
    one = signal_id(SCHOOL, UPN, "unresolved_n", "session:2026-09-07_AM")
    assert one == signal_id(SCHOOL, UPN, "unresolved_n", "session:2026-09-07_AM")
    assert one != signal_id(SCHOOL, UPN, "unresolved_n", "session:2026-09-07_PM")
    assert one != signal_id(SCHOOL, "A" + UPN[1:], "unresolved_n", "session:2026-09-07_AM")


def test_a_mark_basis_is_the_same_instant_whatever_the_offset_it_was_sent_with() -> None:
    utc = mark(DAYS[0], "AM", "N")
    bst = timezone(timedelta(hours=1))
    same_instant = Mark(SCHOOL, UPN, DAYS[0], "AM", "N", utc.recorded_at.astimezone(bst))
    assert mark_basis(utc) == mark_basis(same_instant)
