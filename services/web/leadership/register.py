"""The risk register: every pupil on roll, their year-to-date band and four-week trend.

Pure: the school's year-to-date figures, calendar and thresholds are arguments. Built
once per school version (see views.py) and then filtered per request.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from services.web.figures import PupilRow, SchoolFigures
from services.web.leadership.bands import (
    TREND_WEEKS,
    BandName,
    Trend,
    band_of,
    trend_of,
)
from shared.kernel import (
    Figures,
    SchoolCalendar,
    Thresholds,
    Window,
    last_school_weeks,
    pupil_figures,
)


@dataclass(frozen=True)
class TrendWindows:
    """The two runs of school weeks the trend compares, for the page to state."""

    recent: Window
    before: Window


@dataclass(frozen=True)
class RegisterEntry:
    """One pupil on the register: who, their year-to-date figures, band and trend."""

    row: PupilRow
    figures: Figures
    band: BandName
    recent: Figures
    before: Figures
    trend: Trend

    @property
    def upn(self) -> str:
        return self.row.pupil.upn

    @property
    def name(self) -> str:
        return self.row.pupil.display_name

    @property
    def year_group(self) -> int | None:
        details = self.row.pupil.details
        return details.year_group if details else None

    @property
    def reg_group(self) -> str | None:
        details = self.row.pupil.details
        return details.reg_group if details else None

    @property
    def sen(self) -> bool:
        details = self.row.pupil.details
        return details is not None and details.flags.get("sen") not in ("none", None)

    @property
    def fsm(self) -> bool:
        details = self.row.pupil.details
        return bool(details and details.flags.get("fsm"))

    @property
    def compulsory_school_age(self) -> bool:
        """Unknown date of birth counts as of compulsory school age, as the summary does."""
        return bool(self.row.report.get("compulsory_school_age", True))

    @property
    def admission_date(self) -> date | None:
        return self.row.pupil.enrolment.admission_date

    @property
    def attendance(self) -> Fraction | None:
        """Exact attendance (for ordering); None without a possible session."""
        if self.figures.possible == 0:
            return None
        return Fraction(self.figures.present + self.figures.aea, self.figures.possible)

    def on_roll(self, day: date) -> bool:
        return self.row.pupil.enrolment.on_roll(day)

    def to_dict(self) -> dict[str, Any]:
        return {**self.row.to_dict(), "band": self.band, "trend": self.trend,
                "sen": self.sen, "fsm": self.fsm,
                "last_4_weeks_pct": self.recent.attendance_pct,
                "previous_4_weeks_pct": self.before.attendance_pct}


def trend_windows(calendar: SchoolCalendar, as_of: date) -> TrendWindows:
    """The last TREND_WEEKS school weeks to as_of, and the TREND_WEEKS before them."""
    recent = last_school_weeks(calendar, as_of, TREND_WEEKS)
    before = last_school_weeks(calendar, recent.start - timedelta(days=1), TREND_WEEKS)
    return TrendWindows(recent, before)


def build_register(figures: SchoolFigures, calendar: SchoolCalendar,
                   thresholds: Thresholds) -> tuple[tuple[RegisterEntry, ...], TrendWindows]:
    """Every pupil of the year-to-date figures, most concerning first, then by name."""
    windows = trend_windows(calendar, figures.period.as_of)
    entries = [_entry(row, calendar, thresholds, windows) for row in figures.rows]
    entries.sort(key=_concern_order)
    return tuple(entries), windows


def _entry(row: PupilRow, calendar: SchoolCalendar, thresholds: Thresholds,
           windows: TrendWindows) -> RegisterEntry:
    pupil = row.pupil
    ytd = Figures.from_dict(row.report)
    recent = pupil_figures(pupil.marks, pupil.enrolment, calendar, windows.recent)
    before = pupil_figures(pupil.marks, pupil.enrolment, calendar, windows.before)
    return RegisterEntry(row, ytd, band_of(ytd, thresholds), recent, before,
                         trend_of(recent, before))


def _concern_order(entry: RegisterEntry) -> tuple[Fraction, tuple[str, str, str]]:
    attendance = entry.attendance
    return (Fraction(2) if attendance is None else attendance, entry.row.pupil.sort_name)


def summed(figures: Iterable[Figures]) -> Figures:
    """Sums of sessions (a group's rate is never an average of pupils' rates)."""
    return sum(figures, Figures.empty())


def lowest_first(entries: Sequence[RegisterEntry]) -> list[RegisterEntry]:
    """Entries with a possible session, lowest attendance first (ties by name)."""
    return sorted((e for e in entries if e.attendance is not None), key=_concern_order)
