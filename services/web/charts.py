"""Shapes for the pictures on the pages, drawn on the server (no JavaScript, no CDN).

The templates draw these as inline SVG and HTML tables; every picture also carries
its numbers as text, so a screen reader (or a printout) loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from services.web.figures import WeekPoint
from services.web.readmodel import PupilRecord
from shared.kernel import (
    SESSIONS,
    Category,
    Mark,
    SchoolCalendar,
    Window,
    category_of,
    latest_marks,
)

CHART_WIDTH, CHART_HEIGHT = 640, 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class TrendDot:
    x: float
    y: float
    label: str
    pct: float


@dataclass(frozen=True)
class TrendChart:
    """A line of weekly attendance %, with gridlines every 5 points."""

    width: int
    height: int
    dots: list[TrendDot]
    gridlines: list[tuple[float, int]]
    floor_pct: int

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{d.x:.1f},{d.y:.1f}"
                        for i, d in enumerate(self.dots))

    @property
    def bottom(self) -> int:
        return self.height - MARGIN_BOTTOM


def trend_chart(points: list[WeekPoint]) -> TrendChart:
    """Geometry of the weekly trend; weeks without a possible session are left out."""
    known = [(p.week_start, p.figures.attendance_pct) for p in points
             if p.figures.attendance_pct is not None]
    lowest = min((pct for _, pct in known), default=100.0)
    floor_pct = min(90, int(lowest // 5) * 5)
    plot_w = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def y_of(pct: float) -> float:
        return MARGIN_TOP + plot_h * (100 - pct) / (100 - floor_pct)

    step = plot_w / max(len(known) - 1, 1)
    dots = [TrendDot(MARGIN_LEFT + i * step, y_of(pct), f"{monday:%-d %b}", pct)
            for i, (monday, pct) in enumerate(known)]
    gridlines = [(y_of(pct), pct) for pct in range(floor_pct, 101, 5)]
    return TrendChart(CHART_WIDTH, CHART_HEIGHT, dots, gridlines, floor_pct)


@dataclass(frozen=True)
class SessionCell:
    """One register session on the pupil's calendar: its code and category."""

    session: str
    code: str
    category: str


@dataclass(frozen=True)
class DayCell:
    day: date
    school_day: bool
    on_roll: bool
    sessions: tuple[SessionCell, ...]
    # After the as-of date: not happened yet, which is not the same as no school.
    not_yet: bool = False


@dataclass(frozen=True)
class CalendarWeek:
    monday: date
    days: tuple[DayCell, ...]


def mark_calendar(pupil: PupilRecord, calendar: SchoolCalendar, window: Window
                  ) -> list[CalendarWeek]:
    """Monday-to-Friday weeks of the window holding a school day, newest week first."""
    latest = latest_marks(pupil.marks)
    enrolment = pupil.enrolment
    school_days = calendar.school_days(window.start, window.end)
    mondays = sorted({day - timedelta(days=day.weekday()) for day in school_days},
                     reverse=True)
    weeks = []
    for monday in mondays:
        days = []
        for offset in range(5):
            day = monday + timedelta(days=offset)
            sessions = tuple(_session_cell(latest.get((day, s)), s) for s in SESSIONS)
            days.append(DayCell(day, calendar.is_school_day(day), enrolment.on_roll(day),
                                sessions, not_yet=day > window.end))
        weeks.append(CalendarWeek(monday, tuple(days)))
    return weeks


def _session_cell(mark: Mark | None, session: str) -> SessionCell:
    if mark is None:
        return SessionCell(session, "", str(Category.MISSING))
    return SessionCell(session, mark.code, str(category_of(mark.code)))
