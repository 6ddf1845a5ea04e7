"""Delivery records: one per text to one recipient, keyed by the deterministic id.

A delivery is recorded (pending) before anything is sent. Sending claims it first, in
one atomic write, so two workers or a replay never send it twice. Its state then moves
to what the provider says: sent, delivered, failed or undelivered. A claim whose answer
never came (the process died mid-send) becomes "unknown" on restart and waits for a
member of staff to decide; it is never re-sent blindly. A text the rules stop at the
last moment (a trip re-coded, a number opted out) is "cancelled" with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from services.comms.model import Purpose
from services.comms.planning import PlannedText


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    UNDELIVERED = "undelivered"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"


# How far along a state is: a late or repeated provider callback never moves a delivery
# back (a "sent" callback arriving after "delivered" is ignored).
STATE_RANK = {DeliveryState.PENDING: 0, DeliveryState.UNKNOWN: 1, DeliveryState.SENT: 1,
              DeliveryState.DELIVERED: 2, DeliveryState.FAILED: 2,
              DeliveryState.UNDELIVERED: 2, DeliveryState.CANCELLED: 2}

# Twilio's message statuses, as the delivery states staff see.
PROVIDER_STATES = {
    "accepted": DeliveryState.SENT, "scheduled": DeliveryState.SENT,
    "queued": DeliveryState.SENT, "sending": DeliveryState.SENT, "sent": DeliveryState.SENT,
    "delivered": DeliveryState.DELIVERED, "read": DeliveryState.DELIVERED,
    "failed": DeliveryState.FAILED, "undelivered": DeliveryState.UNDELIVERED,
    "canceled": DeliveryState.FAILED,
}


def may_move(current: DeliveryState, claimed: bool, new: DeliveryState) -> bool:
    """Whether a provider's answer may move a delivery from `current` to `new`.

    Only forwards; an unknown send is settled by any answer about it; a pending delivery
    only once it was claimed for sending; a cancelled one never.
    """
    if current is DeliveryState.CANCELLED:
        return False
    if current is DeliveryState.PENDING:
        return claimed
    if current is DeliveryState.UNKNOWN:
        return new is not DeliveryState.UNKNOWN
    return STATE_RANK[current] < STATE_RANK[new]


def states_movable_to(new: DeliveryState) -> list[str]:
    """The stored states (other than pending) that `may_move` allows to `new`."""
    return [str(s) for s in DeliveryState
            if s is not DeliveryState.PENDING and may_move(s, True, new)]


@dataclass(frozen=True)
class PupilRef:
    upn: str
    name: str


@dataclass(frozen=True)
class Delivery:
    """One recorded text to one recipient, as stored."""

    delivery_id: str
    school_urn: str
    family: str
    purpose: Purpose
    day: date
    recipient: str
    pupils: tuple[PupilRef, ...]
    due_at: datetime
    state: DeliveryState
    body: str | None = None
    provider_id: str | None = None
    error: str | None = None


class DeliveryStore(Protocol):
    """Where delivery records live (MongoDB in production, a dict in unit tests)."""

    async def record(self, planned: PlannedText, now: datetime) -> None:
        """Record a planned text once; a sibling's text adds the pupil while still pending."""

    async def due(self, now: datetime, limit: int = 100) -> list[Delivery]:
        """Pending deliveries whose time has come and that nobody is sending."""

    async def claim(self, delivery_id: str, body: str, now: datetime) -> bool:
        """Take a pending delivery for sending; False when another sender has it."""

    async def finish(self, delivery_id: str, state: DeliveryState, now: datetime,
                     provider_id: str | None = None, error: str | None = None) -> None:
        """Record the provider's answer to a claimed send."""

    async def cancel(self, delivery_id: str, reason: str, now: datetime) -> None:
        """Stop a pending delivery that the rules no longer allow."""

    async def provider_status(self, delivery_id: str | None, provider_id: str,
                              state: DeliveryState, now: datetime,
                              error: str | None = None) -> bool:
        """Apply a delivery-status callback (found by our id, else the provider's);
        False when no delivery matches."""

    async def mark_unknown(self, claimed_before: datetime, now: datetime) -> int:
        """Claims older than `claimed_before` with no answer become unknown; how many."""

    async def decide_unknown(self, delivery_id: str, resend: bool, by: str,
                             now: datetime) -> bool:
        """Staff's decision on an unknown send: send again, or leave it as sent."""

    async def cancel_unknown(self, delivery_id: str, by: str, now: datetime) -> bool:
        """Staff's decision that an unknown send must not go again: cancelled."""

    async def get(self, delivery_id: str) -> Delivery | None: ...

    async def for_school(self, school_urn: str, day: date | None = None) -> list[Delivery]:
        """The school's deliveries (of one day when given), due time first."""
