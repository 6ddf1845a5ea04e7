"""Apply one mark (or the register closing) to a pupil's state and collect its signals. Pure.

The pupil's calendar is the school's when it is set; otherwise it is the days holding
the pupil's own marks, so the signals of a pupil depend only on that pupil's marks in
arrival order, never on other pupils or on where batch boundaries fell.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property

from services.risk.pupil import (
    Emitted,
    PupilState,
    Tracking,
    YearState,
    emit,
    with_mark,
    year_key,
    year_label,
)
from shared.kernel.calendar import SchoolCalendar, week_start
from shared.kernel.codes import Category, category_of
from shared.kernel.marks import Mark
from shared.kernel.signals import (
    SessionKey,
    Signal,
    consecutive_unauthorised,
    daily_signals,
    full_attendance_week,
    no_morning_mark,
    penalty_threshold,
    threshold_crossings,
    unauthorised_run,
    unresolved_n,
)
from shared.kernel.thresholds import Thresholds
from shared.kernel.windows import last_school_weeks

_HOLIDAY_LOOKBACK = timedelta(days=21)  # covers a half-term between two holiday days


@dataclass(frozen=True)
class SchoolContext:
    """What a pupil's rules need from the school: thresholds and the calendar if set."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    calendar: SchoolCalendar | None = None


class PupilCalendar:
    """The school's calendar, or one made of the pupil's own marked days; built on demand."""

    def __init__(self, state: PupilState, school: SchoolContext) -> None:
        self._state, self._school = state, school

    @cached_property
    def calendar(self) -> SchoolCalendar:
        if self._school.calendar is not None:
            return self._school.calendar
        return SchoolCalendar(terms=(), marked_days=frozenset(self._state.days))

    def days_on_roll(self, start: date, end: date) -> list[date]:
        """School days from start to end (inclusive) on which the pupil was on roll."""
        on_roll = self._state.roster.enrolment.on_roll
        return [day for day in self.calendar.school_days(start, end) if on_roll(day)]


def record_mark(state: PupilState, mark: Mark,
                school: SchoolContext) -> tuple[PupilState, list[Emitted]]:
    """The pupil's state after `mark`, and the signals it newly causes (deduplicated)."""
    updated = with_mark(state, mark)
    if updated is None:
        return state, []
    calendar, thresholds = PupilCalendar(updated, school), school.thresholds
    years, signals = _year_rules(updated, mark, thresholds, calendar)
    signals += _week_rule(state.tracking.latest_day, mark, updated, calendar)
    tracking = replace(state.tracking, latest_day=max(mark.date,
                                                      state.tracking.latest_day or mark.date),
                       open_n=_open_n(updated, mark))
    if category_of(mark.code) is Category.UNAUTHORISED and \
            updated.roster.enrolment.on_roll(mark.date):
        tracking, more = _unauthorised_rules(updated, tracking, mark, thresholds, calendar)
        signals += more
    if any(key[0] < (tracking.latest_day or mark.date) for key in tracking.open_n):
        tracking, more = unresolved_after(updated, tracking, calendar.calendar, thresholds)
        signals += more
    return emit(replace(updated, years=years, tracking=tracking), signals)


def _year_rules(state: PupilState, mark: Mark, thresholds: Thresholds,
                calendar: PupilCalendar) -> tuple[dict[str, YearState], list[Signal]]:
    key = year_key(mark.date)
    year = state.years.get(key, YearState())
    flags, signals = threshold_crossings(year.figures, year.flags, thresholds, mark,
                                         year_label(key))
    signals += daily_signals(mark, independent_travel=state.roster.independent_travel,
                             holiday_continues=_holiday_continues(state, mark, calendar),
                             figures=year.figures)
    return {**state.years, key: YearState(year.figures, flags)}, signals


def _holiday_continues(state: PupilState, mark: Mark, calendar: PupilCalendar) -> bool:
    if mark.code != "G":
        return False
    before = calendar.calendar.school_days(mark.date - _HOLIDAY_LOOKBACK,
                                           mark.date - timedelta(days=1))
    return bool(before) and any(
        (before[-1], session) in state.marks and state.marks[(before[-1], session)].code == "G"
        for session in ("AM", "PM"))


def _week_rule(latest_before: date | None, mark: Mark, state: PupilState,
               calendar: PupilCalendar) -> list[Signal]:
    # A week completes when the pupil's first mark of a later week arrives.
    if latest_before is None or week_start(mark.date) <= week_start(latest_before):
        return []
    monday = week_start(latest_before)
    week_days = calendar.days_on_roll(monday, monday + timedelta(days=6))
    signal = full_attendance_week(week_days, state.marks, mark)
    return [] if signal is None else [signal]


def _unauthorised_rules(state: PupilState, tracking: Tracking, mark: Mark,
                        thresholds: Thresholds, calendar: PupilCalendar,
                        ) -> tuple[Tracking, list[Signal]]:
    as_of = tracking.latest_day or mark.date
    window = last_school_weeks(calendar.calendar, as_of, thresholds.penalty_window_school_weeks)
    used, penalty = penalty_threshold(state.marks, calendar.days_on_roll(window.start, as_of),
                                      tracking.penalty_used_through, thresholds, mark)
    run = unauthorised_run(calendar.calendar.school_days(date.min, as_of), mark.date,
                           state.marks)
    consecutive = consecutive_unauthorised(run, tracking.unauthorised_run_start, thresholds,
                                           mark)
    run_start = run[0] if consecutive is not None else tracking.unauthorised_run_start
    tracking = replace(tracking, penalty_used_through=used, unauthorised_run_start=run_start)
    return tracking, [s for s in (penalty, consecutive) if s is not None]


def _open_n(state: PupilState, mark: Mark) -> frozenset[SessionKey]:
    if mark.code == "N" and state.roster.enrolment.on_roll(mark.date):
        return state.tracking.open_n | {mark.key}
    if mark.key in state.tracking.open_n:
        return state.tracking.open_n - {mark.key}
    return state.tracking.open_n


def unresolved_after(state: PupilState, tracking: Tracking, calendar: SchoolCalendar,
                     thresholds: Thresholds, as_of: date | None = None,
                     ) -> tuple[Tracking, list[Signal]]:
    """N marks still unresolved after N school days up to as_of (default: the latest day)."""
    as_of = as_of or tracking.latest_day
    if as_of is None:
        return tracking, []
    waiting = {key: len(calendar.school_days(key[0] + timedelta(days=1), as_of))
               for key in tracking.open_n if key[0] < as_of}
    if not waiting:
        return tracking, []
    open_n, signals = unresolved_n(tracking.open_n, state.marks, waiting, thresholds, as_of)
    return (replace(tracking, open_n=open_n), signals) if signals else (tracking, [])


def register_closed(state: PupilState, day: date, calendar: SchoolCalendar,
                    thresholds: Thresholds) -> tuple[PupilState, list[Emitted]]:
    """The morning register of `day` has closed: no AM mark means unexplained absence.

    Also checks the pupil's open N marks against the school's calendar up to `day`.
    """
    signals: list[Signal] = []
    if calendar.is_school_day(day):
        missing = no_morning_mark(day, state.marks, state.roster.enrolment.on_roll(day))
        signals += [] if missing is None else [missing]
    tracking, more = unresolved_after(state, state.tracking, calendar, thresholds, day)
    if tracking is not state.tracking:
        state = replace(state, tracking=tracking)
    return emit(state, signals + more)
