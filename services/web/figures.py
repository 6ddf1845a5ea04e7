"""Figures for the pages and the read API, computed only with the kernel's report functions.

So the numbers here equal `attendance stats` over the same marks: the same calendar
rule, the same membership rule, the same pupil_report and school_summary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from services.web.readmodel import PupilRecord, SchoolRecord
from shared.kernel import (
    Enrolment,
    Figures,
    Mark,
    SchoolCalendar,
    Window,
    WindowName,
    pupil_figures,
    pupil_report,
    school_summary,
    week_start,
    window_for,
)


def calendar_of(school: SchoolRecord) -> SchoolCalendar:
    """The school's own calendar once set; until then, one inferred from its marked days."""
    if school.terms:
        return SchoolCalendar(school.terms, school.closures)
    return SchoolCalendar.inferred(school.mark_days)


@dataclass(frozen=True)
class Period:
    """What every figure states: the window and the as-of date."""

    window: Window
    as_of: date

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "window": self.window.to_dict()}


def period_for(calendar: SchoolCalendar, window_name: WindowName, as_of: date) -> Period:
    return Period(window_for(window_name, as_of, calendar), as_of)


def pupil_attendance(pupil: PupilRecord, calendar: SchoolCalendar, period: Period
                     ) -> dict[str, Any]:
    """report.pupil_report for one pupil, with the as-of date and window it is over."""
    report = pupil_report(pupil.school_urn, pupil.upn, pupil.marks, pupil.enrolment, calendar,
                          period.window, period.as_of)
    return {"school_urn": pupil.school_urn, "upn": pupil.upn, **period.to_dict(), **report}


def on_roll_in(enrolment: Enrolment, window: Window) -> bool:
    """On roll for at least part of the window (leavers count up to their leaving date)."""
    admitted, left = enrolment.admission_date, enrolment.leaving_date
    return ((admitted is None or admitted <= window.end)
            and (left is None or left >= window.start))


@dataclass(frozen=True)
class PupilRow:
    """One pupil in a school's figures: who they are and their pupil_report."""

    pupil: PupilRecord
    report: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        details = self.pupil.details
        return {
            "upn": self.pupil.upn,
            "given_name": details.given_name if details else None,
            "family_name": details.family_name if details else None,
            "year_group": details.year_group if details else None,
            "reg_group": details.reg_group if details else None,
            **{key: value for key, value in self.report.items() if key != "upn"},
        }


@dataclass(frozen=True)
class SchoolFigures:
    """A school's summary, its summary per year group and each pupil's row."""

    school_urn: str
    period: Period
    summary: dict[str, Any]
    by_year_group: list[dict[str, Any]]
    rows: tuple[PupilRow, ...]


def school_figures(school_urn: str, pupils: Iterable[PupilRecord], calendar: SchoolCalendar,
                   period: Period) -> SchoolFigures:
    """Figures of every pupil on roll during the window, summed as the kernel sums them."""
    rows = tuple(PupilRow(pupil, pupil_report(pupil.school_urn, pupil.upn, pupil.marks,
                                              pupil.enrolment, calendar, period.window,
                                              period.as_of))
                 for pupil in sorted(pupils, key=lambda p: p.upn)
                 if on_roll_in(pupil.enrolment, period.window))
    groups: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row.pupil.details.year_group if row.pupil.details else None].append(row.report)
    by_year_group = [{"year_group": year, "label": year_group_label(year),
                      **school_summary(school_urn, reports)}
                     for year, reports in sorted(groups.items(), key=_year_order)]
    return SchoolFigures(school_urn, period, school_summary(school_urn, [r.report for r in rows]),
                         by_year_group, rows)


def year_group_label(year_group: int | None) -> str:
    if year_group is None:
        return "Year group not known"
    return "Reception" if year_group == 0 else f"Year {year_group}"


def _year_order(item: tuple[int | None, Any]) -> tuple[int, int]:
    return (1, 0) if item[0] is None else (0, item[0])


@dataclass(frozen=True)
class WeekPoint:
    """A school week's attendance for the trend chart (sums of sessions, never averages)."""

    week_start: date
    figures: Figures


def weekly_trend(pupils: Sequence[PupilRecord], calendar: SchoolCalendar, window: Window
                 ) -> list[WeekPoint]:
    """The school's figures for each school week of the window, oldest first."""
    mondays = sorted({week_start(day) for day in calendar.school_days(window.start, window.end)})
    weeks = [Window("week", max(monday, window.start), min(monday + timedelta(days=6),
                                                             window.end)) for monday in mondays]
    monday_of: dict[date, date] = {}  # marks share few dates: find each one's Monday once
    per_week: dict[date, list[Figures]] = {monday: [] for monday in mondays}
    for pupil in pupils:
        by_week: dict[date, list[Mark]] = defaultdict(list)
        for mark in pupil.marks:
            monday = monday_of.get(mark.date) or monday_of.setdefault(mark.date,
                                                                       week_start(mark.date))
            by_week[monday].append(mark)
        enrolment = pupil.enrolment
        for monday, week in zip(mondays, weeks, strict=True):
            if on_roll_in(enrolment, week):
                per_week[monday].append(pupil_figures(by_week.get(monday, ()), enrolment,
                                                      calendar, week))
    return [WeekPoint(monday, sum(per_week[monday], Figures.empty())) for monday in mondays]


def sorted_rows(rows: Sequence[PupilRow], key: str, descending: bool) -> list[PupilRow]:
    """Pupil rows by name, year group, attendance or unauthorised sessions.

    Pupils without a figure (no possible session yet) always come last; ties are
    broken by name so the order is stable between reloads.
    """
    def by_name(row: PupilRow) -> tuple[str, str, str]:
        return row.pupil.sort_name

    ordered = sorted(rows, key=by_name)
    if key == "name":
        return ordered[::-1] if descending else ordered
    value = {
        "year": lambda row: _year_value(row),
        "attendance": lambda row: row.report["attendance_pct"],
        "unauthorised": lambda row: row.report["unauthorised"],
    }[key]
    known = [row for row in ordered if value(row) is not None]
    unknown = [row for row in ordered if value(row) is None]
    return sorted(known, key=value, reverse=descending) + unknown


def _year_value(row: PupilRow) -> int | None:
    return row.pupil.details.year_group if row.pupil.details else None
