"""The trust view: each school side by side against the national figures (pure).

National figures: DfE daily data, 2025/26 year to 10 July 2026 (DOMAIN.md section 7).
Attendance is 100 minus overall absence; severe absence is given only for all schools.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.web.leadership.bands import Trend, trend_of
from services.web.leadership.register import RegisterEntry, summed
from services.web.readmodel import SchoolRecord

NATIONAL_SOURCE = "DfE daily attendance data, 2025/26 year to 10 July 2026"


@dataclass(frozen=True)
class National:
    """National figures for a phase (or all schools)."""

    label: str
    attendance_pct: float
    pa_pct: float
    sa_pct: float | None


NATIONAL: dict[str, National] = {
    "all": National("All schools", 93.12, 18.8, 2.0),
    "primary": National("Primary schools", 94.72, 13.8, None),
    "secondary": National("Secondary schools", 91.51, 23.8, None),
    "special": National("Special schools", 86.83, 36.1, None),
}


@dataclass(frozen=True)
class TrustRow:
    """One school's year-to-date headline figures, trend and national comparison."""

    school: SchoolRecord
    summary: dict[str, Any]
    recent_pct: float | None
    before_pct: float | None
    trend: Trend
    national: National

    @property
    def attendance_gap(self) -> float | None:
        """Points above (+) or below (-) the national attendance for its phase."""
        pct = self.summary.get("attendance_pct")
        return None if pct is None else round(pct - self.national.attendance_pct, 1)

    def to_dict(self) -> dict[str, Any]:
        return {"school_urn": self.school.school_urn, "name": self.school.display_name,
                "phase": self.school.phase, **{k: self.summary.get(k) for k in (
                    "attendance_pct", "pa_pct", "sa_pct", "pupil_count", "csa_pupil_count")},
                "last_4_weeks_pct": self.recent_pct, "previous_4_weeks_pct": self.before_pct,
                "trend": self.trend, "national": {
                    "label": self.national.label, "attendance_pct": self.national.attendance_pct,
                    "pa_pct": self.national.pa_pct, "sa_pct": self.national.sa_pct}}


def trust_row(school: SchoolRecord, summary: dict[str, Any],
              entries: Sequence[RegisterEntry]) -> TrustRow:
    """A school's row: its four-week trend is the sum of its pupils' sessions."""
    recent = summed(e.recent for e in entries)
    before = summed(e.before for e in entries)
    national = NATIONAL.get(school.phase or "all", NATIONAL["all"])
    return TrustRow(school, summary, recent.attendance_pct, before.attendance_pct,
                    trend_of(recent, before), national)
