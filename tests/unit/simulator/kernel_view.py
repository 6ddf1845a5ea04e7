"""The synthetic trust seen through the attendance kernel, exactly as the product sees it:
wire records parsed with parse_mark, calendars from the school settings, figures from
pupil_report and school_summary."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.kernel import (
    Category,
    Enrolment,
    Mark,
    SchoolCalendar,
    Term,
    category_of,
    latest_marks,
    parse_mark,
    school_reports,
    school_summary,
    window_for,
)
from shared.simulator import Trust, mark_record, register_days, school_settings

ABSENT = (Category.AUTHORISED, Category.UNAUTHORISED)
POSSIBLE = (Category.PRESENT, Category.AEA, *ABSENT)


def calendar_from_settings(settings: Mapping[str, Any]) -> SchoolCalendar:
    """A kernel calendar from a school-settings document (PUT /v1/schools/{urn})."""
    terms = tuple(
        Term(t["name"], date.fromisoformat(t["start"]), date.fromisoformat(t["end"]),
             date.fromisoformat(t["half_term_start"]), date.fromisoformat(t["half_term_end"]))
        for t in settings["terms"])
    closures = frozenset(date.fromisoformat(c["date"]) for c in settings["closures"])
    return SchoolCalendar(terms, closures)


def kernel_marks(trust: Trust, parse: bool = True) -> dict[tuple[str, str], list[Mark]]:
    """Every mark the trust sends as kernel marks, per (school, pupil), in order.

    With parse=False the marks are built directly (same fields) to save time where
    another test already proves every record parses.
    """
    marks: dict[tuple[str, str], list[Mark]] = defaultdict(list)
    for day in register_days(trust):
        for m in day.marks:
            marks[(m.school_urn, m.upn)].append(
                parse_mark(mark_record(m)) if parse else
                Mark(m.school_urn, m.upn, m.date, m.session, m.code, m.recorded_at,
                     m.minutes_late, m.comment))
    return marks


@dataclass(frozen=True)
class Measured:
    """Kernel figures of a trust as of its last day, year to date."""

    phases: dict[str, str]  # urn -> phase
    reports: dict[str, list[dict[str, Any]]]  # urn -> pupil reports
    summaries: dict[str, dict[str, Any]]  # urn -> school summary
    settled: dict[tuple[str, str], dict[tuple[date, str], Mark]]  # latest mark per session

    def code_shares(self, phase: str) -> dict[str, float]:
        """Each code's share (%) of the phase's possible sessions."""
        codes: Counter[str] = Counter()
        possible = 0
        for urn, summary in self.summaries.items():
            if self.phases[urn] == phase:
                codes.update(summary["codes"])
                possible += summary["possible"]
        return {code: 100 * count / possible for code, count in codes.items()}

    def phase_summary(self, phase: str | None = None) -> dict[str, float]:
        """Absence rates (% of possible sessions), PA/SA shares (% of pupils of compulsory
        school age) and the number of those pupils."""
        chosen = [s for urn, s in self.summaries.items()
                  if phase is None or self.phases[urn] == phase]
        total = Counter[str]()
        for summary in chosen:
            total.update({key: summary[key] for key in (
                "possible", "authorised", "unauthorised", "pa_count", "sa_count",
                "csa_pupil_count")})
        possible, of_age = total["possible"], total["csa_pupil_count"]
        return {
            "absence": 100 * (total["authorised"] + total["unauthorised"]) / possible,
            "authorised": 100 * total["authorised"] / possible,
            "unauthorised": 100 * total["unauthorised"] / possible,
            "pa": 100 * total["pa_count"] / of_age,
            "sa": 100 * total["sa_count"] / of_age,
            "csa_pupils": of_age,
        }

    def absence_by(self, label: Callable[[tuple[str, str], Mark], Hashable],
                   codes: frozenset[str] | None = None) -> dict[Hashable, float]:
        """Absence rate (%) of the settled marks grouped by label(pupil key, mark);
        with `codes`, the rate of just those codes."""
        counts: dict[Hashable, Counter[bool]] = defaultdict(Counter)
        for key, sessions in self.settled.items():
            for mark in sessions.values():
                category = category_of(mark.code)
                if category in POSSIBLE:
                    counted = category in ABSENT if codes is None else mark.code in codes
                    counts[label(key, mark)][counted] += 1
        return {group: 100 * c[True] / (c[True] + c[False]) for group, c in counts.items()}


def measure(trust: Trust) -> Measured:
    """pupil_report for every pupil and school_summary for every school of the trust."""
    marks = kernel_marks(trust, parse=False)
    phases: dict[str, str] = {}
    reports: dict[str, list[dict[str, Any]]] = {}
    summaries: dict[str, dict[str, Any]] = {}
    for school in trust.schools:
        calendar = calendar_from_settings(school_settings(school, trust.settings_updated_at))
        window = window_for("ytd", trust.last_day, calendar)
        pupils = [(p.upn, marks.get((p.school_urn, p.upn), []),
                   Enrolment(p.admission_date, p.leaving_date, p.date_of_birth))
                  for p in trust.pupils if p.school_urn == school.urn]
        phases[school.urn] = school.phase
        reports[school.urn] = school_reports(school.urn, pupils, calendar, window,
                                             trust.last_day)
        summaries[school.urn] = school_summary(school.urn, reports[school.urn])
    settled = {key: latest_marks(pupil_marks) for key, pupil_marks in marks.items()}
    return Measured(phases, reports, summaries, settled)
