"""The gate list and the office list (action 2.1): parents to greet and to catch up with.

Gate list: parents of pupils absent on the previous school day, or who need regular
encouragement - the roster flag `needs_encouragement` where the roster sends one,
otherwise attendance below `encouragement_below_pct` (90%) year to date - except a pupil
whose morning is marked with an approved educational activity (K, V, P, W, B): they are
off site this morning (a trip, work experience, provision elsewhere), not at the gate.
Office list: parents to catch up with when they come in - a pupil with an N (reason not
yet given) still standing on an earlier day of the last 10 school days, or whose family
the office's calls did not reach in that time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from services.web.office.facts import OfficeDay, absent_on, marks_on, on_roll, ytd_figures
from services.web.office.golden_hour import unreached_lately
from services.web.office.inputs import Contact, OfficePupil
from shared.contracts.office_v1 import CallOutcomeV1
from shared.kernel import attendance_below
from shared.kernel.nudges import on_approved_activity

LOOK_BACK_SCHOOL_DAYS = 10
ENCOURAGEMENT_FLAG = "needs_encouragement"


@dataclass(frozen=True)
class GreetingRow:
    """A pupil whose parents to greet or catch up with, and why."""

    pupil: OfficePupil
    reasons: tuple[str, ...]
    contacts: tuple[Contact, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.pupil.summary(), "reasons": list(self.reasons),
                "parents": [{"name": c.name, "relationship": c.relationship}
                            for c in self.contacts]}


def needs_encouragement(pupil: OfficePupil, office: OfficeDay) -> str | None:
    if ENCOURAGEMENT_FLAG in pupil.flags:
        return "needs regular encouragement (roster)" if pupil.flag(ENCOURAGEMENT_FLAG) else None
    figures = ytd_figures(pupil, office.calendar, office.day)
    below = office.rules.encouragement_below_pct
    if attendance_below(figures.present + figures.aea, figures.possible, below):
        return f"attendance below {below:g}% this year"
    return None


def off_site_this_morning(pupil: OfficePupil, office: OfficeDay) -> bool:
    """The morning register marks an approved educational activity (already, when the
    MIS records a planned trip ahead of the gate)."""
    morning = marks_on(pupil, office.day).get("AM")
    return morning is not None and on_approved_activity([morning.code])


def gate_list(pupils: Iterable[OfficePupil], office: OfficeDay) -> list[GreetingRow]:
    """Parents the staff on the gate greet this morning."""
    yesterday = office.previous_school_day()
    rows = []
    for pupil in pupils:
        if not on_roll(pupil, office.day) or off_site_this_morning(pupil, office):
            continue
        reasons = []
        if yesterday is not None and absent_on(pupil, yesterday):
            reasons.append(f"absent on {yesterday:%A %-d %B}")
        if (encouragement := needs_encouragement(pupil, office)) is not None:
            reasons.append(encouragement)
        if reasons:
            rows.append(GreetingRow(pupil, tuple(reasons), pupil.contacts))
    return sorted(rows, key=lambda r: (r.pupil.reg_group or "", r.pupil.name))


def office_list(pupils: Iterable[OfficePupil], office: OfficeDay,
                recent_calls: Iterable[CallOutcomeV1]) -> list[GreetingRow]:
    """Parents the office catches up with if they come in."""
    earlier = [d for d in office.school_days_back(LOOK_BACK_SCHOOL_DAYS + 1) if d < office.day]
    unreached = unreached_lately(recent_calls)
    rows = []
    for pupil in pupils:
        if not on_roll(pupil, office.day):
            continue
        reasons = [f"no reason yet for the absence on {day:%A %-d %B}" for day in earlier
                   if any(m.code == "N" for m in marks_on(pupil, day).values())]
        if pupil.upn in unreached:
            reasons.append("the office's calls have not reached the family lately")
        if reasons:
            rows.append(GreetingRow(pupil, tuple(reasons), pupil.contacts))
    return sorted(rows, key=lambda r: (r.pupil.reg_group or "", r.pupil.name))
