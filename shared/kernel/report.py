"""Figures shaped for people: one place, so every screen and command prints the same.

`attendance stats` and the web read API both use these, so field names and numbers
agree to the session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from shared.kernel.calendar import SchoolCalendar
from shared.kernel.figures import (
    Figures,
    percentage,
    pupil_figures,
    unauthorised_in_last_school_weeks,
)
from shared.kernel.marks import Mark
from shared.kernel.pupils import Enrolment, is_compulsory_school_age
from shared.kernel.windows import Window

_PUPIL_ONLY = ("persistent_absence", "severe_absence")


def pupil_report(school_urn: str, upn: str, marks: Iterable[Mark], enrolment: Enrolment,
                 calendar: SchoolCalendar, window: Window, as_of: date) -> dict[str, Any]:
    """One pupil's figures over `window`, plus unauthorised sessions in the last 10 school
    weeks and, when the date of birth is known, whether of compulsory school age on as_of
    (a pupil below it is never persistently or severely absent).
    """
    own_marks = list(marks)
    figures = pupil_figures(own_marks, enrolment, calendar, window)
    report: dict[str, Any] = {"school_urn": school_urn, "upn": upn, **figures.to_dict()}
    report["unauthorised_last_10_school_weeks"] = unauthorised_in_last_school_weeks(
        own_marks, enrolment, calendar, as_of)
    if enrolment.date_of_birth is not None:
        of_age = is_compulsory_school_age(enrolment.date_of_birth, as_of)
        report["compulsory_school_age"] = of_age
        if not of_age:
            # PA and SA concern pupils of compulsory school age only (DOMAIN.md section 3).
            report["persistent_absence"] = report["severe_absence"] = False
    return report


def school_summary(school_urn: str, pupil_reports: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A school's figures: sums of its pupils' sessions (rates are sums over sums).

    pa_count / sa_count count persistently / severely absent pupils of compulsory school
    age; pa_pct / sa_pct are over the pupils of compulsory school age with at least one
    possible session (csa_pupil_count). A pupil whose date of birth is unknown is counted
    as of compulsory school age.
    """
    total = sum((Figures.from_dict(report) for report in pupil_reports), Figures.empty())
    sums = {key: value for key, value in total.to_dict().items() if key not in _PUPIL_ONLY}
    of_age = [report for report in pupil_reports
              if report.get("compulsory_school_age", True) and report["possible"] > 0]
    pa_count = sum(1 for report in of_age if report["persistent_absence"])
    sa_count = sum(1 for report in of_age if report["severe_absence"])
    return {
        "school_urn": school_urn,
        "pupil_count": len(pupil_reports),
        **sums,
        "csa_pupil_count": len(of_age),
        "pa_count": pa_count,
        "pa_pct": percentage(pa_count, len(of_age)),
        "sa_count": sa_count,
        "sa_pct": percentage(sa_count, len(of_age)),
    }


def school_reports(school_urn: str, pupils: Iterable[tuple[str, Sequence[Mark], Enrolment]],
                   calendar: SchoolCalendar, window: Window, as_of: date) -> list[dict[str, Any]]:
    """pupil_report for each (upn, marks, enrolment) of one school, in UPN order."""
    return [pupil_report(school_urn, upn, marks, enrolment, calendar, window, as_of)
            for upn, marks, enrolment in sorted(pupils, key=lambda pupil: pupil[0])]
