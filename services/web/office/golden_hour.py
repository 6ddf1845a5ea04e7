"""The golden hour (action 1.1): before school, who gets a nudge text, who a nudge call,
and which member of staff rings each family.

Cohort (school-configurable): attendance below `nudge_below_pct` (95%) year to date up
to the previous school day, absent the previous school day, or a Monday/Friday pattern
(absent on at least 2 of the last 6 Mondays, or 2 of the last 6 Fridays).
Channel: a call for attendance below `call_below_pct` (90%), for a family that was not
reached by the office's calls in the last 10 school days, or when no contact may be
texted; a text otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from services.web.office.callers import caller_for, families
from services.web.office.facts import OfficeDay, absent_on, on_roll, ytd_figures
from services.web.office.inputs import Contact, OfficePupil
from shared.contracts.office_v1 import CallOutcomeV1
from shared.kernel import attendance_below

PATTERN_WEEKS = 6
PATTERN_DAYS_NEEDED = 2
NON_RESPONSE_SCHOOL_DAYS = 10
_WEEKDAY_NAMES = {0: "Monday", 4: "Friday"}


@dataclass(frozen=True)
class NudgeRow:
    """One pupil in the golden-hour cohort."""

    pupil: OfficePupil
    reasons: tuple[str, ...]
    channel: str  # "text" or "call"
    channel_reason: str
    family_key: str
    caller: str
    attendance_pct: float | None
    contacts: tuple[Contact, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.pupil.summary(), "reasons": list(self.reasons), "channel": self.channel,
                "channel_reason": self.channel_reason, "caller": self.caller,
                "family": self.family_key, "attendance_pct": self.attendance_pct,
                "contacts": [c.to_dict() for c in self.contacts]}


def weekday_pattern(pupil: OfficePupil, school_days: Sequence[date]) -> list[str]:
    """"Monday"/"Friday" when absent on 2+ of those weekdays among `school_days`."""
    found = []
    for weekday, name in _WEEKDAY_NAMES.items():
        days = [day for day in school_days if day.weekday() == weekday][-PATTERN_WEEKS:]
        if sum(absent_on(pupil, day) for day in days) >= PATTERN_DAYS_NEEDED:
            found.append(name)
    return found


def unreached_lately(calls: Iterable[CallOutcomeV1]) -> set[str]:
    """UPNs the office rang lately without reaching anyone, not even once."""
    outcomes: dict[str, set[str]] = {}
    for call in calls:
        outcomes.setdefault(call.upn, set()).add(call.outcome)
    return {upn for upn, seen in outcomes.items() if "reached" not in seen}


def golden_hour(pupils: Iterable[OfficePupil], office: OfficeDay,
                recent_calls: Iterable[CallOutcomeV1]) -> list[NudgeRow]:
    """The nudge cohort for the day, by caller then family."""
    yesterday = office.previous_school_day()
    if not office.is_school_day or yesterday is None:
        return []
    present = [p for p in pupils if on_roll(p, office.day)]
    family_of = families(present)
    unreached = unreached_lately(recent_calls)
    # Ten calendar weeks back hold the last six school Mondays and Fridays, breaks allowed.
    past_days = office.calendar.school_days(yesterday - timedelta(weeks=10), yesterday)
    rows = [row for pupil in present
            if (row := _nudge(pupil, office, yesterday, past_days, unreached,
                              family_of[pupil.upn])) is not None]
    return sorted(rows, key=lambda r: (r.caller, r.family_key, r.pupil.name))


def _nudge(pupil: OfficePupil, office: OfficeDay, yesterday: date, past_days: Sequence[date],
           unreached: set[str], family_key: str) -> NudgeRow | None:
    rules = office.rules
    figures = ytd_figures(pupil, office.calendar, yesterday)
    attended = figures.present + figures.aea
    reasons = []
    if attendance_below(attended, figures.possible, rules.nudge_below_pct):
        reasons.append(f"attendance below {rules.nudge_below_pct:g}% this year")
    if rules.nudge_absent_yesterday and absent_on(pupil, yesterday):
        reasons.append(f"absent on {yesterday:%A %-d %B}")
    if rules.nudge_weekday_pattern:
        reasons += [f"{name} pattern" for name in weekday_pattern(pupil, past_days)]
    if not reasons:
        return None
    channel, why = _channel(pupil, attended, figures.possible, office, unreached)
    return NudgeRow(pupil, tuple(reasons), channel, why, family_key,
                    caller_for(family_key, rules.callers), figures.attendance_pct,
                    pupil.contacts)


def _channel(pupil: OfficePupil, attended: int, possible: int, office: OfficeDay,
             unreached: set[str]) -> tuple[str, str]:
    below = office.rules.call_below_pct
    if attendance_below(attended, possible, below):
        return "call", f"attendance below {below:g}%"
    if pupil.upn in unreached:
        return "call", "not reached by recent calls"
    if not any(c.may_receive_texts and c.phone for c in pupil.contacts):
        return "call", "no contact may receive texts"
    return "text", "nudge text"
