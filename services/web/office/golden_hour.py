"""The golden hour (action 1.1): before school, who gets a nudge text, who a nudge call,
and which member of staff rings each family.

Who is in the cohort and whether a family gets a text or a call is the kernel's nudge
rule (shared.kernel.nudges), with the school's own settings: the rule comms texts by,
so the "text" rows here are exactly the families comms texts and the "call" rows get no
text. This module gathers each pupil's facts from the read model and adds the caller:
- A contact may be texted by the kernel's rule (shared.kernel.texting): texts allowed, a
  phone number, and the number has not replied STOP (a later START opts back in). A
  family whose every such number replied STOP gets a call, and its contacts say so.
- A pupil marked with an approved educational activity (K, V, P, W, B) in either session
  of the day is left out, as comms sends them no nudge: no text, no call.
- A family (pupils sharing a contact phone) is one row of the list: one text or one
  call, by one caller, about all its pupils in the cohort.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from services.web.office.callers import caller_for, families
from services.web.office.facts import OfficeDay, absent_on, marks_on, on_roll, ytd_figures
from services.web.office.inputs import Contact, OfficePupil
from shared.contracts.office_v1 import CallOutcomeV1
from shared.kernel import Figures
from shared.kernel.nudges import (
    CALL,
    SIBLING_CALL,
    CallMade,
    NudgeDays,
    NudgeFacts,
    friday_text_stated,
    nudge_cohort,
    nudge_days,
    on_approved_activity,
)
from shared.kernel.nudges import unreached_lately as unreached_before


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


@dataclass(frozen=True)
class FamilyNudge:
    """One family on the golden-hour list: one text or one call, by one caller, about all
    its pupils in the cohort."""

    key: str
    caller: str
    channel: str  # "text" or "call"
    channel_reason: str
    pupils: tuple[NudgeRow, ...]
    contacts: tuple[Contact, ...]  # each number once, in the order to ring them

    def to_dict(self) -> dict[str, Any]:
        return {"family": self.key, "caller": self.caller, "channel": self.channel,
                "channel_reason": self.channel_reason,
                "pupils": [{**row.pupil.summary(), "reasons": list(row.reasons),
                            "attendance_pct": row.attendance_pct} for row in self.pupils],
                "contacts": [c.to_dict() for c in self.contacts]}


def unreached_lately(calls: Iterable[CallOutcomeV1]) -> set[str]:
    """UPNs the office rang lately without reaching anyone, not even once."""
    outcomes: dict[str, set[str]] = {}
    for call in calls:
        outcomes.setdefault(call.upn, set()).add(call.outcome)
    return {upn for upn, seen in outcomes.items() if "reached" not in seen}


def rule_stated(office: OfficeDay) -> dict[str, str]:
    """The school's rules behind the list and the texts, as staff read them."""
    rule = office.rules.nudge_rule()
    return {"cohort": rule.cohort_stated(), "channel": rule.channel_stated(),
            "friday_text": friday_text_stated(rule.pattern)}


def golden_hour(pupils: Iterable[OfficePupil], office: OfficeDay,
                recent_calls: Iterable[CallOutcomeV1]) -> list[NudgeRow]:
    """The nudge cohort for the day, by caller then family."""
    rule = office.rules.nudge_rule()
    days = nudge_days(office.calendar, office.day, rule.pattern)
    if days is None:
        return []
    present = {p.upn: p for p in pupils if on_roll(p, office.day)}
    family_of = families(present.values())
    unreached = unreached_before(
        (CallMade(c.upn, c.school_day, c.outcome) for c in recent_calls), days)
    figures = {upn: ytd_figures(pupil, office.calendar, days.previous)
               for upn, pupil in present.items()}
    facts = [_facts(pupil, figures[upn], days, family_of[upn], upn in unreached)
             for upn, pupil in present.items()]
    rows = []
    for nudge in nudge_cohort(facts, days, rule):
        pupil = present[nudge.upn]
        rows.append(NudgeRow(pupil, nudge.reasons, nudge.channel, nudge.channel_reason,
                             nudge.family, caller_for(nudge.family, office.rules.callers),
                             figures[nudge.upn].attendance_pct, pupil.contacts))
    return sorted(rows, key=lambda r: (r.caller, r.family_key, r.pupil.name))


def by_family(rows: Iterable[NudgeRow]) -> list[FamilyNudge]:
    """The list's rows as families, in the rows' order (by caller, then family)."""
    grouped: dict[str, list[NudgeRow]] = {}
    for row in rows:
        grouped.setdefault(row.family_key, []).append(row)
    return [_family(key, members) for key, members in grouped.items()]


def _family(key: str, rows: list[NudgeRow]) -> FamilyNudge:
    """The family's row; a call says which of its pupils it is for and why."""
    first = rows[0]
    reason = first.channel_reason
    if first.channel == CALL and len(rows) > 1:
        reason = "; ".join(f"{row.pupil.name}: {row.channel_reason}" for row in rows
                           if row.channel_reason != SIBLING_CALL)
    return FamilyNudge(key, first.caller, first.channel, reason, tuple(rows),
                       family_contacts(rows))


def family_contacts(rows: Iterable[NudgeRow]) -> tuple[Contact, ...]:
    """The contacts of a family's pupils, each number (or, without one, name) once."""
    seen: dict[str, Contact] = {}
    for contact in sorted((c for row in rows for c in row.contacts),
                          key=lambda c: (c.priority, not c.parental_responsibility)):
        seen.setdefault(contact.phone_key or f"name:{contact.name}", contact)
    return tuple(seen.values())


def _facts(pupil: OfficePupil, figures: Figures, days: NudgeDays, family: str,
           unreached: bool) -> NudgeFacts:
    return NudgeFacts(
        upn=pupil.upn, family=family, attended=figures.present + figures.aea,
        possible=figures.possible,
        absent_days=frozenset(day for day in days.recent if absent_on(pupil, day)),
        may_be_texted=any(c.may_be_texted for c in pupil.contacts),
        unreached=unreached,
        approved_activity=on_approved_activity(
            mark.code for mark in marks_on(pupil, days.day).values()))
