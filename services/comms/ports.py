"""The comms service's ports: what it needs from outside, as small protocols.

Each has a MongoDB (or Twilio) adapter and an in-memory twin (services.comms.memory).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from services.comms.deliveries import Delivery, DeliveryState
from services.comms.model import Pupil, SchoolPolicy

# The current time, timezone-aware: the wall clock in production, simulated in tests.
Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    return datetime.now(UTC)


class SendRefused(RuntimeError):
    """The provider answered and refused the text (bad number, blocked...): it failed."""


class SendOutcomeUnknown(RuntimeError):
    """No answer from the provider: the text may or may not have gone."""


@dataclass(frozen=True)
class SendResult:
    provider_id: str
    state: DeliveryState


class TextSender(Protocol):
    """Sends one text (Twilio, or the outbox that shows it in the front-end)."""

    async def send(self, delivery: Delivery, body: str) -> SendResult:
        """Send `body` to the delivery's recipient; raise SendRefused or
        SendOutcomeUnknown when it did not (certainly) go."""


class Directory(Protocol):
    """The roster and school settings as comms last heard them on their topics."""

    async def pupil(self, school_urn: str, upn: str) -> Pupil | None: ...

    async def policy(self, school_urn: str) -> SchoolPolicy | None: ...

    async def pupils_with_phone(self, phone: str) -> list[tuple[str, str]]:
        """(school_urn, upn) of every pupil with a contact on this number."""


class DayMarks(Protocol):
    """The latest register codes of each pupil's day (from `attendance.marks.v1`)."""

    async def day_codes(self, school_urn: str, upn: str, day: date) -> list[str]: ...


class OptOuts(Protocol):
    """Numbers that replied STOP (until they reply START)."""

    async def opted_out(self, phones: Collection[str]) -> set[str]: ...

    async def set_opted_out(self, phone: str, opted_out: bool, now: datetime) -> None: ...


class Replies(Protocol):
    """Parents' text replies, matched to their family and kept for the office."""

    async def add(self, message_id: str, sender: str, body: str, received_at: datetime,
                  pupils: list[tuple[str, str]], opted_out: bool | None = None) -> None:
        """Keep a reply once; `opted_out` is True after STOP, False after START."""
