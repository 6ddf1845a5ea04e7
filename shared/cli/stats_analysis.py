"""The figures of `attendance stats`: per school and per pupil, from loaded CSV data.

Marks are grouped per pupil once. A school's calendar is the one it set (from
--schools), as on the staff pages; otherwise it is inferred once from the days holding
its marks, so a year of a large trust's marks stays linear in size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from shared.cli.stats_input import MarkSet, PupilKey, Roster
from shared.kernel import (
    Enrolment,
    Mark,
    SchoolCalendar,
    Window,
    WindowName,
    school_reports,
    school_summary,
    window_for,
)


def _enrolments(marks: MarkSet, roster: Roster | None) -> dict[PupilKey, Enrolment]:
    # Without a roster a pupil is on roll from their first mark, with no leaving date.
    if roster is not None:
        return roster.enrolments
    return {key: Enrolment(admission_date=min(m.date for m in pupil_marks))
            for key, pupil_marks in marks.by_pupil.items()}


def _calendars(marks: MarkSet, schools: set[str],
               set_calendars: Mapping[str, SchoolCalendar]) -> dict[str, SchoolCalendar]:
    days: dict[str, set[date]] = {urn: set() for urn in schools if urn not in set_calendars}
    for (urn, _upn), pupil_marks in marks.by_pupil.items():
        if urn in days:
            days[urn].update(m.date for m in pupil_marks)
    inferred = {urn: SchoolCalendar.inferred(school_days) for urn, school_days in days.items()}
    return {**inferred, **{urn: set_calendars[urn] for urn in schools if urn in set_calendars}}


def _on_roll_in(enrolment: Enrolment, window: Window) -> bool:
    admitted, left = enrolment.admission_date, enrolment.leaving_date
    return ((admitted is None or admitted <= window.end)
            and (left is None or left >= window.start))


def _school(urn: str, pupils: Mapping[str, Enrolment], marks: MarkSet,
            calendar: SchoolCalendar, window: Window, as_of: date
            ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    no_marks: list[Mark] = []
    members = [(upn, marks.by_pupil.get((urn, upn), no_marks), enrolment)
               for upn, enrolment in pupils.items() if _on_roll_in(enrolment, window)]
    reports = school_reports(urn, members, calendar, window, as_of)
    summary = {"school_urn": urn, "window": window.to_dict(),
               **school_summary(urn, reports)}
    return summary, reports


def _overall_window(name: WindowName, as_of: date, windows: Sequence[Window]) -> Window:
    # Schools' term dates differ; the overall window spans them all (each school says its own).
    if not windows:
        return window_for(name, as_of, SchoolCalendar(terms=()))
    return Window(name, min(window.start for window in windows), as_of)


def analyse(marks: MarkSet, roster: Roster | None, as_of: date, window_name: WindowName,
            set_calendars: Mapping[str, SchoolCalendar] | None = None) -> dict[str, Any]:
    """The report object: window, pupils, schools and rejected rows (as_of is the caller's).

    `set_calendars` are the calendars schools set (--schools); others are inferred.
    """
    enrolments = _enrolments(marks, roster)
    schools = {urn for urn, _upn in enrolments} | {urn for urn, _upn in marks.by_pupil}
    by_school: dict[str, dict[str, Enrolment]] = defaultdict(dict)
    for (urn, upn), enrolment in enrolments.items():
        by_school[urn][upn] = enrolment
    summaries, pupils, windows = [], [], []
    for urn, calendar in sorted(_calendars(marks, schools, set_calendars or {}).items()):
        window = window_for(window_name, as_of, calendar)
        summary, reports = _school(urn, by_school[urn], marks, calendar, window, as_of)
        summaries.append(summary)
        pupils.extend(reports)
        windows.append(window)
    return {
        "window": _overall_window(window_name, as_of, windows).to_dict(),
        "pupils": pupils,
        "schools": summaries,
        "rejected": marks.rejected,
        "rejected_pupils": roster.rejected if roster is not None else [],
    }
