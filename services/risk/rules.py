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
    calendar = PupilCalendar(updated, school)
    updated, signals = _year_rules(updated, mark, school.thresholds, calendar)
    signals += _week_rule(state.tracking.latest_day, mark, updated, calendar)
    latest = max(mark.date, state.tracking.latest_day or mark.date)
    updated = replace(updated, tracking=replace(updated.tracking, latest_day=latest))
    if category_of(mark.code) is Category.UNAUTHORISED and \
            updated.roster.enrolment.on_roll(mark.date):
        updated, more = _unauthorised_rules(updated, mark, school.thresholds, calendar)
        signals += more
    updated, more = _unresolved_n_rule(updated, mark, school.thresholds, calendar)
    return emit(updated, signals + more)


def _year_rules(state: PupilState, mark: Mark, thresholds: Thresholds,
                calendar: PupilCalendar) -> tuple[PupilState, list[Signal]]:
    key = year_key(mark.date)
    year = state.years.get(key, YearState())
    flags, signals = threshold_crossings(year.figures, year.flags, thresholds, mark,
                                         year_label(key))
    years = {**state.years, key: replace(year, flags=flags)}
    signals += daily_signals(mark, independent_travel=state.roster.independent_travel,
                             holiday_continues=_holiday_continues(state, mark, calendar),
                             figures=year.figures)
    return replace(state, years=years), signals


def _holiday_continues(state: PupilState, mark: Mark, calendar: PupilCalendar) -> bool:
    if mark.code != "G":
        return False
    before = calendar.calendar.school_days(mark.date - _HOLIDAY_LOOKBACK,
                                           mark.date - timedelta(days=1))
    return bool(before) and any(
        state.marks.get((before[-1], session)) is not None
        and state.marks[(before[-1], session)].code == "G" for session in ("AM", "PM"))


def _week_rule(latest_before: date | None, mark: Mark, state: PupilState,
               calendar: PupilCalendar) -> list[Signal]:
    # A week completes when the pupil's first mark of a later week arrives.
    if latest_before is None or week_start(mark.date) <= week_start(latest_before):
        return []
    monday = week_start(latest_before)
    week_days = calendar.days_on_roll(monday, monday + timedelta(days=6))
    signal = full_attendance_week(week_days, state.marks, mark)
    return [] if signal is None else [signal]


def _unauthorised_rules(state: PupilState, mark: Mark, thresholds: Thresholds,
                        calendar: PupilCalendar) -> tuple[PupilState, list[Signal]]:
    as_of = state.tracking.latest_day or mark.date
    window = last_school_weeks(calendar.calendar, as_of, thresholds.penalty_window_school_weeks)
    used, penalty = penalty_threshold(state.marks, calendar.days_on_roll(window.start, as_of),
                                      state.tracking.penalty_used_through, thresholds, mark)
    run = unauthorised_run(calendar.calendar.school_days(date.min, as_of), mark.date,
                           state.marks)
    consecutive = consecutive_unauthorised(run, state.tracking.unauthorised_run_start,
                                           thresholds, mark)
    run_start = run[0] if consecutive is not None else state.tracking.unauthorised_run_start
    tracking = replace(state.tracking, penalty_used_through=used,
                       unauthorised_run_start=run_start)
    signals = [s for s in (penalty, consecutive) if s is not None]
    return replace(state, tracking=tracking), signals


def _track_open_n(state: PupilState, mark: Mark) -> PupilState:
    open_n = set(state.tracking.open_n)
    if mark.code == "N" and state.roster.enrolment.on_roll(mark.date):
        open_n.add(mark.key)
    else:
        open_n.discard(mark.key)
    return replace(state, tracking=replace(state.tracking, open_n=frozenset(open_n)))


def _unresolved_n_rule(state: PupilState, mark: Mark, thresholds: Thresholds,
                       calendar: PupilCalendar) -> tuple[PupilState, list[Signal]]:
    state = _track_open_n(state, mark)
    as_of = state.tracking.latest_day or mark.date
    return unresolved_after(state, calendar.calendar, thresholds, as_of)


def unresolved_after(state: PupilState, calendar: SchoolCalendar, thresholds: Thresholds,
                     as_of: date) -> tuple[PupilState, list[Signal]]:
    """Signals for the pupil's N marks still unresolved after N school days up to as_of."""
    waiting = {key: len(calendar.school_days(key[0] + timedelta(days=1), as_of))
               for key in state.tracking.open_n if key[0] < as_of}
    if not waiting:
        return state, []
    open_n, signals = unresolved_n(state.tracking.open_n, state.marks, waiting, thresholds,
                                   as_of)
    if not signals:
        return state, []
    return replace(state, tracking=replace(state.tracking, open_n=open_n)), signals


def register_closed(state: PupilState, day: date, calendar: SchoolCalendar,
                    thresholds: Thresholds) -> tuple[PupilState, list[Emitted]]:
    """The morning register of `day` has closed: no AM mark means unexplained absence.

    Also checks the pupil's open N marks against the school's calendar up to `day`.
    """
    signals: list[Signal] = []
    if calendar.is_school_day(day):
        missing = no_morning_mark(day, state.marks, state.roster.enrolment.on_roll(day))
        signals += [] if missing is None else [missing]
    state, more = unresolved_after(state, calendar, thresholds, day)
    return emit(state, signals + more)
