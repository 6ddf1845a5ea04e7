"""Signals: the moments the action plan reacts to, detected from one pupil's marks.

Pure rules over a pupil's latest marks, figures and calendar; no I/O, no clock ("today"
is the date of the mark or an `as_of` argument). Every signal has a `basis` that makes
it unique for the pupil (a mark, a day, a week, a session or a year), so its id is the
same whenever the same history is replayed and a crossing is signalled once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date
from enum import StrEnum
from typing import Any

from shared.kernel.codes import Category, category_of
from shared.kernel.figures import Figures
from shared.kernel.marks import SESSIONS, Mark
from shared.kernel.thresholds import (
    Thresholds,
    absence_at_least,
    attendance_below,
    illness_sessions,
)

SessionKey = tuple[date, str]


class SignalKind(StrEnum):
    """What happened. Attendance kinds keep the seed plan's numbers as stable names."""

    ATTENDANCE_BELOW_96 = "attendance_below_96"
    ATTENDANCE_BACK_ABOVE_96 = "attendance_back_above_96"
    ATTENDANCE_BELOW_95 = "attendance_below_95"
    ATTENDANCE_BACK_ABOVE_95 = "attendance_back_above_95"
    ATTENDANCE_BELOW_92 = "attendance_below_92"
    ATTENDANCE_BACK_ABOVE_92 = "attendance_back_above_92"
    PERSISTENT_ABSENCE_ENTERED = "persistent_absence_entered"
    PERSISTENT_ABSENCE_LEFT = "persistent_absence_left"
    SEVERE_ABSENCE_ENTERED = "severe_absence_entered"
    SEVERE_ABSENCE_LEFT = "severe_absence_left"
    FULL_ATTENDANCE_WEEK = "full_attendance_week"
    ABSENT_WITHOUT_REASON_TODAY = "absent_without_reason_today"
    UNAUTHORISED_LATE_TODAY = "unauthorised_late_today"
    LATE_INDEPENDENT_TRAVELLER = "late_independent_traveller"
    TERM_TIME_HOLIDAY = "term_time_holiday"
    PENALTY_THRESHOLD_REACHED = "penalty_threshold_reached"
    CONSECUTIVE_UNAUTHORISED_DAYS = "consecutive_unauthorised_days"
    ILLNESS_DAYS_REACHED = "illness_days_reached"
    UNRESOLVED_N = "unresolved_n"


# Attendance rung -> (kind when falling below, kind when rising back). A school that moves
# a threshold keeps the kind; the threshold it set is in detail["threshold_pct"].
LEVEL_KINDS: Mapping[str, tuple[SignalKind, SignalKind]] = {
    "leaflet": (SignalKind.ATTENDANCE_BELOW_96, SignalKind.ATTENDANCE_BACK_ABOVE_96),
    "letter": (SignalKind.ATTENDANCE_BELOW_95, SignalKind.ATTENDANCE_BACK_ABOVE_95),
    "meeting": (SignalKind.ATTENDANCE_BELOW_92, SignalKind.ATTENDANCE_BACK_ABOVE_92),
}

_ATTENDED = (Category.PRESENT, Category.AEA)
_NO_ABSENCE = (Category.PRESENT, Category.AEA, Category.NOT_POSSIBLE)


@dataclass(frozen=True)
class Signal:
    """A domain event about one pupil: a crossing, a day's mark, a week, a duty."""

    kind: SignalKind
    occurred_on: date
    basis: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    caused_by: Mark | None = None


def signal_id(school_urn: str, upn: str, kind: str, basis: str) -> str:
    """Deterministic id: the same pupil, kind and basis always give the same id."""
    text = "|".join((school_urn, upn, kind, basis))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def session_text(key: SessionKey) -> str:
    """'2026-09-02_AM': a session as text (safe as a MongoDB key)."""
    return f"{key[0].isoformat()}_{key[1]}"


def mark_basis(mark: Mark) -> str:
    """A mark's identity: its session and (instant of) recording."""
    recorded = mark.recorded_at.astimezone(UTC).isoformat()
    return f"mark:{session_text(mark.key)}@{recorded}"


def day_basis(day: date) -> str:
    """Once per day: every signal about the same day shares this basis."""
    return f"day:{day.isoformat()}"


def figures_detail(figures: Figures) -> dict[str, Any]:
    """The year-to-date figures behind a crossing, in the kernel's shared field names."""
    detail = figures.to_dict()
    detail["attended"] = figures.present + figures.aea
    return detail


@dataclass(frozen=True)
class YearFlags:
    """Where a pupil stands this academic year, so each crossing is signalled once."""

    below: frozenset[str] = frozenset()
    persistent_absence: bool = False
    severe_absence: bool = False
    illness_reached: bool = False


def _level_crossings(figures: Figures, below: frozenset[str], thresholds: Thresholds,
                     cause: Mark) -> tuple[frozenset[str], list[Signal]]:
    attended, signals, now_below = figures.present + figures.aea, [], set(below)
    for level in thresholds.attendance_levels():
        is_below = attendance_below(attended, figures.possible, level.below_pct)
        if is_below == (level.name in below):
            continue
        now_below.symmetric_difference_update({level.name})
        kind = LEVEL_KINDS[level.name][0 if is_below else 1]
        detail = {**figures_detail(figures), "level": level.name,
                  "threshold_pct": level.below_pct}
        signals.append(Signal(kind, cause.date, mark_basis(cause), detail, cause))
    return (below if not signals else frozenset(now_below)), signals


def _absence_crossing(now: bool, was: bool, kinds: tuple[SignalKind, SignalKind], pct: float,
                      figures: Figures, cause: Mark) -> list[Signal]:
    if now == was:
        return []
    detail = {**figures_detail(figures), "threshold_pct": pct}
    return [Signal(kinds[0 if now else 1], cause.date, mark_basis(cause), detail, cause)]


def _illness_reached(figures: Figures, flags: YearFlags, thresholds: Thresholds, cause: Mark,
                     academic_year: str) -> list[Signal]:
    illness = figures.codes.get("I", 0)
    if flags.illness_reached or illness < illness_sessions(thresholds):
        return []
    detail = {"illness_sessions": illness, "illness_days": illness / 2,
              "threshold_days": thresholds.illness_days, "academic_year": academic_year}
    # Once per year: the duty to tell the local authority does not repeat.
    return [Signal(SignalKind.ILLNESS_DAYS_REACHED, cause.date, f"year:{academic_year}",
                   detail, cause)]


def threshold_crossings(figures: Figures, flags: YearFlags, thresholds: Thresholds,
                        cause: Mark, academic_year: str) -> tuple[YearFlags, list[Signal]]:
    """Crossings of the attendance rungs, PA, SA and the illness duty, year to date.

    `figures` are the year's figures after `cause` was applied; `flags` where the pupil
    stood before. Returns the new flags and one signal per crossing (none per mark).
    """
    below, signals = _level_crossings(figures, flags.below, thresholds, cause)
    persistent = absence_at_least(figures.absent, figures.possible,
                                  thresholds.persistent_absence_pct)
    severe = absence_at_least(figures.absent, figures.possible, thresholds.severe_absence_pct)
    signals += _absence_crossing(
        persistent, flags.persistent_absence, (SignalKind.PERSISTENT_ABSENCE_ENTERED,
                                               SignalKind.PERSISTENT_ABSENCE_LEFT),
        thresholds.persistent_absence_pct, figures, cause)
    signals += _absence_crossing(
        severe, flags.severe_absence, (SignalKind.SEVERE_ABSENCE_ENTERED,
                                       SignalKind.SEVERE_ABSENCE_LEFT),
        thresholds.severe_absence_pct, figures, cause)
    illness = _illness_reached(figures, flags, thresholds, cause, academic_year)
    if not signals and not illness:
        return flags, []
    return YearFlags(below, persistent, severe, flags.illness_reached or bool(illness)), \
        signals + illness


def daily_signals(mark: Mark, *, independent_travel: bool, holiday_continues: bool,
                  figures: Figures) -> list[Signal]:
    """Signals about the day of a newly recorded mark: N, U, L for independent travellers, G.

    One per pupil per day and kind (a day basis), however many sessions carry the code.
    A G continuing a holiday from the previous school day is not a new holiday.
    """
    basis = day_basis(mark.date)
    detail: dict[str, Any] = {"session": mark.session, "code": mark.code}
    if mark.code == "N":
        kind = SignalKind.ABSENT_WITHOUT_REASON_TODAY
        detail["reason"] = "n_mark"
    elif mark.code == "U":
        kind = SignalKind.UNAUTHORISED_LATE_TODAY
        detail["minutes_late"] = mark.minutes_late
    elif mark.code == "L" and independent_travel:
        kind = SignalKind.LATE_INDEPENDENT_TRAVELLER
        detail["minutes_late"] = mark.minutes_late
    elif mark.code == "G" and not holiday_continues:
        kind = SignalKind.TERM_TIME_HOLIDAY
        detail["holiday_sessions_this_year"] = figures.codes.get("G", 0)
    else:
        return []
    return [Signal(kind, mark.date, basis, detail, mark)]


def day_categories(day: date, marks: Mapping[SessionKey, Mark]) -> list[Category]:
    """The categories of the day's marked sessions (AM first)."""
    return [category_of(marks[(day, s)].code) for s in SESSIONS if (day, s) in marks]


def full_attendance_week(week_days: Sequence[date], marks: Mapping[SessionKey, Mark],
                         cause: Mark) -> Signal | None:
    """A completed school week with every session attended (or not possible).

    `week_days` are the week's school days on which the pupil was on roll. A session
    with no mark, or any absence, spoils the week; so does a week with nothing possible.
    """
    if not week_days:
        return None
    categories = [category_of(marks[(day, s)].code) if (day, s) in marks else Category.MISSING
                  for day in week_days for s in SESSIONS]
    if any(c not in _NO_ABSENCE for c in categories) or not any(
            c in _ATTENDED for c in categories):
        return None
    detail = {"week_start": week_days[0].isoformat(), "week_end": week_days[-1].isoformat(),
              "sessions_attended": sum(1 for c in categories if c in _ATTENDED)}
    return Signal(SignalKind.FULL_ATTENDANCE_WEEK, week_days[-1],
                  f"week:{week_days[0].isoformat()}", detail, cause)


def penalty_threshold(marks: Mapping[SessionKey, Mark], window_days: Sequence[date],
                      used_through: SessionKey | None, thresholds: Thresholds,
                      cause: Mark) -> tuple[SessionKey | None, Signal | None]:
    """The penalty-notice threshold: enough unauthorised sessions in the rolling window.

    `window_days` are the school days on roll in the last N school weeks. Sessions up to
    `used_through` were counted for an earlier notice and are not reused; when the
    threshold is reached, the sessions counted become used and the signal names them.
    """
    counted = [key for day in window_days for key in ((day, s) for s in SESSIONS)
               if key in marks and (used_through is None or key > used_through)
               and category_of(marks[key].code) is Category.UNAUTHORISED]
    if len(counted) < thresholds.penalty_unauthorised_sessions:
        return used_through, None
    detail = {"unauthorised_sessions": len(counted),
              "threshold_sessions": thresholds.penalty_unauthorised_sessions,
              "window_school_weeks": thresholds.penalty_window_school_weeks,
              "window_start": window_days[0].isoformat(),
              "window_end": window_days[-1].isoformat(),
              "sessions": [f"{session_text(key)} {marks[key].code}" for key in counted]}
    signal = Signal(SignalKind.PENALTY_THRESHOLD_REACHED, cause.date, mark_basis(cause),
                    detail, cause)
    return counted[-1], signal


def _unauthorised_day(day: date, marks: Mapping[SessionKey, Mark]) -> bool | None:
    # True: absent without authority all day; None: nothing possible (does not break a run).
    possible = [c for c in day_categories(day, marks) if c is not Category.NOT_POSSIBLE]
    if not possible:
        return None if day_categories(day, marks) else False
    return all(c is Category.UNAUTHORISED for c in possible)


def unauthorised_run(school_days: Sequence[date], day: date,
                     marks: Mapping[SessionKey, Mark]) -> list[date]:
    """The run of consecutive school days of unauthorised absence that contains `day`."""
    if day not in school_days or not _unauthorised_day(day, marks):
        return []
    at = school_days.index(day)
    start, end = at, at
    while start > 0 and _unauthorised_day(school_days[start - 1], marks) is not False:
        start -= 1
    while end + 1 < len(school_days) and _unauthorised_day(
            school_days[end + 1], marks) is not False:
        end += 1
    return [d for d in school_days[start:end + 1] if _unauthorised_day(d, marks)]


def consecutive_unauthorised(run: Sequence[date], signalled_start: date | None,
                             thresholds: Thresholds, cause: Mark) -> Signal | None:
    """The duty to tell the local authority: N consecutive school days absent unauthorised.

    Signalled once per run: a run already signalled (same first day) is not signalled again.
    """
    if len(run) < thresholds.consecutive_unauthorised_days or run[0] == signalled_start:
        return None
    detail = {"days": len(run), "first_day": run[0].isoformat(),
              "last_day": run[-1].isoformat(),
              "threshold_days": thresholds.consecutive_unauthorised_days}
    return Signal(SignalKind.CONSECUTIVE_UNAUTHORISED_DAYS, cause.date, mark_basis(cause),
                  detail, cause)


def unresolved_n(open_n: frozenset[SessionKey], marks: Mapping[SessionKey, Mark],
                 school_days_after: Mapping[SessionKey, int], thresholds: Thresholds,
                 as_of: date) -> tuple[frozenset[SessionKey], list[Signal]]:
    """N marks still unresolved after N school days: a work item for the office.

    `school_days_after` gives, for each open N session, the school days after its day up
    to `as_of`. Each N session is signalled once; it then leaves the open set.
    """
    due = sorted(key for key in open_n
                 if school_days_after.get(key, 0) >= thresholds.unresolved_n_school_days)
    signals = [Signal(SignalKind.UNRESOLVED_N, as_of, f"session:{session_text(key)}",
                      {"n_date": key[0].isoformat(), "n_session": key[1],
                       "school_days_unresolved": school_days_after[key],
                       "threshold_school_days": thresholds.unresolved_n_school_days},
                      marks[key])
               for key in due]
    return open_n - frozenset(due), signals


def no_morning_mark(day: date, marks: Mapping[SessionKey, Mark], on_roll: bool) -> Signal | None:
    """After the morning register closed: a pupil on roll with no AM mark is unexplained.

    Shares the day basis with an N mark's signal, so a pupil is signalled once a day.
    """
    if not on_roll or (day, "AM") in marks:
        return None
    return Signal(SignalKind.ABSENT_WITHOUT_REASON_TODAY, day, day_basis(day),
                  {"session": "AM", "reason": "no_mark_after_register_closed"})

