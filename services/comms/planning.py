"""From a reason to text to the deliveries to record: pure, with the time as an argument.

A `PlannedText` is one recipient's delivery with its deterministic id; the store keeps
one record per id, so planning the same text twice (a replay, a sibling's signal, a
restart) never makes a second delivery.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from services.comms.model import Pupil, Purpose, SchoolPolicy
from services.comms.rules import (
    delivery_id,
    family_of,
    local,
    normalise_phone,
    send_time,
    suppression,
    text_recipients,
)


@dataclass(frozen=True)
class PlannedText:
    """One text to one recipient about one family's day, not yet sent."""

    delivery_id: str
    school_urn: str
    family: str
    purpose: Purpose
    day: date
    recipient: str
    contact_id: str
    upn: str
    pupil_name: str
    due_at: datetime


@dataclass(frozen=True)
class NotPlanned:
    """Why a text was not planned (shown to staff, counted in tests; no names or numbers)."""

    school_urn: str
    upn: str
    purpose: Purpose
    day: date
    reason: str


def plan_text(purpose: Purpose, pupil: Pupil, day: date, policy: SchoolPolicy, *,
              day_codes: Collection[str], opted_out: Collection[str],
              now: datetime) -> list[PlannedText] | NotPlanned:
    """The deliveries a text about `pupil` on `day` needs, one per recipient, or why none.

    Applies every rule: closure days, approved activities, the settle delay, quiet hours,
    the same-day rule, and only contacts allowed texts and not opted out.
    """
    def refuse(reason: str) -> NotPlanned:
        return NotPlanned(pupil.school_urn, pupil.upn, purpose, day, reason)

    if day > local(now).date():
        # Registers are never taken ahead of time: such a signal comes from a replay
        # whose clock is behind its data, and texting about it would be wrong.
        return refuse("about_a_day_not_yet_reached")
    blocked = suppression(purpose, day, day_codes, policy)
    if blocked:
        return refuse(blocked)
    due = send_time(purpose, day, policy, now)
    if due is None:
        return refuse("too_late_for_that_day")
    recipients = text_recipients(pupil.contacts, opted_out)
    if not recipients:
        return refuse("no_contact_may_be_texted")
    return [_planned(purpose, pupil, day, normalise_phone(c.phone or ""), c.contact_id, due)
            for c in recipients]


def _planned(purpose: Purpose, pupil: Pupil, day: date, phone: str, contact_id: str,
             due: datetime) -> PlannedText:
    family = family_of(phone)
    return PlannedText(
        delivery_id(pupil.school_urn, family, purpose, day, phone), pupil.school_urn,
        family, purpose, day, phone, contact_id, pupil.upn, pupil.given_name, due)
