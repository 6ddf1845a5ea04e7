"""The intake's ports: what it needs from the outside world, as small protocols.

Each has a real adapter (Kafka, MongoDB) and an in-memory twin (services.ingest.memory)
so the intake's behaviour is tested without servers and then again with them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from shared.contracts.pupils_v1 import PupilV1
from shared.contracts.schools_v1 import SchoolSettingsV1
from shared.infra.tokens import TokenGrant
from shared.kernel import Enrolment, SchoolCalendar

# The current time, timezone-aware. The wall clock in production, a fixed or simulated
# time in tests and demos.
Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    return datetime.now(UTC)


class UnavailableError(RuntimeError):
    """Kafka or the store did not answer: nothing was lost, the request can be retried."""


@dataclass(frozen=True)
class Outgoing:
    """One message to publish: topic, key (None for no key) and JSON-ready value."""

    topic: str
    key: str | None
    value: dict[str, Any]


class Publisher(Protocol):
    """Publishes messages, returning only once the broker has acknowledged every one."""

    async def publish(self, messages: Sequence[Outgoing]) -> None:
        """Send all; raise UnavailableError unless each was acknowledged (acks=all)."""
        ...

    async def healthy(self) -> bool: ...


class Roster(Protocol):
    """The intake's own copy of each pupil's time on roll, from `POST /v1/pupils`."""

    async def enrolments(self, pupil_keys: Collection[str]) -> dict[str, Enrolment]:
        """Enrolments of those pupils ("{urn}:{upn}") that are known; unknown ones absent."""
        ...

    async def record(self, pupils: Sequence[PupilV1]) -> None:
        """Keep each pupil's roll dates, unless a record with a later updated_at is held."""
        ...

    async def healthy(self) -> bool: ...


class Calendars(Protocol):
    """The intake's own copy of each school's calendar, from `PUT /v1/schools/{urn}`."""

    async def calendars(self, urns: Collection[str]) -> dict[str, SchoolCalendar]:
        """The calendars those schools set; a school that set none (no terms) is absent."""
        ...

    async def record(self, settings: SchoolSettingsV1) -> None:
        """Keep the school's terms and closures, unless later settings are held."""
        ...


class Grants(Protocol):
    """Looks up what a bearer token allows."""

    async def grant_for(self, raw_token: str) -> TokenGrant | None: ...
