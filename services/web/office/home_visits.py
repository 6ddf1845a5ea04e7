"""Home-visit decisions for SLT and safeguarding (action 2.4).

Listed for a decision: a pupil absent on `home_visit_absent_days` (3) or more
consecutive school days up to today with no call in those days that reached anyone,
and any pupil with a safeguarding or social-worker flag who is absent today (DOMAIN:
unexplained absence of a pupil with a social worker is also told to the social worker).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.web.office.facts import OfficeDay, absence_run, absent_on, on_roll
from services.web.office.inputs import Contact, OfficePupil
from shared.contracts.office_v1 import CallOutcomeV1

LOOK_BACK_SCHOOL_DAYS = 15
_FLAGS = {"safeguarding": "safeguarding concern on record",
          "social_worker": "has a social worker: tell them about the absence"}


@dataclass(frozen=True)
class VisitRow:
    """A pupil SLT decide about: whether the family gets a knock at the door today."""

    pupil: OfficePupil
    reasons: tuple[str, ...]
    absent_since: date | None
    contacts: tuple[Contact, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.pupil.summary(), "reasons": list(self.reasons),
                "absent_since": self.absent_since.isoformat() if self.absent_since else None,
                "contacts": [c.to_dict() for c in self.contacts]}


def home_visit_decisions(pupils: Iterable[OfficePupil], office: OfficeDay,
                         recent_calls: Iterable[CallOutcomeV1]) -> list[VisitRow]:
    """Pupils to decide a home visit for today, longest absence first."""
    if not office.is_school_day:
        return []
    days = office.school_days_back(LOOK_BACK_SCHOOL_DAYS)
    reached: dict[str, set[date]] = {}
    for call in recent_calls:
        if call.outcome == "reached":
            reached.setdefault(call.upn, set()).add(call.school_day)
    rows = [row for pupil in pupils if on_roll(pupil, office.day)
            and (row := _visit(pupil, office, days, reached.get(pupil.upn, set()))) is not None]
    return sorted(rows, key=lambda r: (r.absent_since or office.day, r.pupil.name))


def _visit(pupil: OfficePupil, office: OfficeDay, days: list[date],
           reached_on: set[date]) -> VisitRow | None:
    run = absence_run(pupil, days)
    needed = office.rules.home_visit_absent_days
    reasons = []
    if len(run) >= needed and not reached_on & set(run):
        reasons.append(f"absent {len(run)} school days in a row since {run[0]:%A %-d %B}, "
                       "nobody reached by phone")
    if absent_on(pupil, office.day):
        reasons += [text for flag, text in _FLAGS.items() if pupil.flag(flag)]
    if not reasons:
        return None
    return VisitRow(pupil, tuple(reasons), run[0] if run else None, pupil.contacts)
