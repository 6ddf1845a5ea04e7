"""The risk service's ports: where pupil state and school settings are kept, where signals go.

Each has a MongoDB or Kafka adapter and an in-memory twin (services/risk/memory.py); the
engine only sees these protocols.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from services.risk.pupil import PupilState
from services.risk.rules import SchoolContext

# One staged signal: {"message": <SignalV1 JSON text>, "staged_at": <when stored>,
# "sequence": <its place among the pupil's signals staged together>}.
OutboxEntry = dict[str, Any]


@dataclass(frozen=True)
class StoredPupil:
    """A pupil's state as loaded (version 0: not stored yet) or as about to be written."""

    state: PupilState
    version: int = 0
    loaded: Mapping[str, Any] | None = None
    outbox: Mapping[str, OutboxEntry] = field(default_factory=dict)
    new_outbox: Mapping[str, OutboxEntry] = field(default_factory=dict)
    # Outbox entries published since the pupil was last written: this write removes them.
    published: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return self.state.key


@dataclass(frozen=True)
class SchoolDay:
    """What the register check needs about a school: its settings and register times."""

    context: SchoolContext
    register_close_am: str = "09:00"


class PupilStore(Protocol):
    """Pupil states, one document each, written with a version check."""

    async def load(self, keys: Sequence[str]) -> dict[str, StoredPupil]:
        """The stored pupils among `keys` (absent keys are not stored yet), in one read."""
        ...

    async def school_keys(self, school_urn: str) -> list[str]:
        """The key of every stored pupil of one school (their states are loaded a group at
        a time, see RiskEngine.commit_keys)."""
        ...

    async def write(self, pupils: Sequence[StoredPupil]) -> set[str]:
        """Write each pupil if its stored version is still the one loaded, in one write,
        with its new outbox entries and without its `published` ones.

        Returns the keys whose version had moved on (a lost race: re-read and re-apply).
        """
        ...

    async def clear_outbox(self, published: Mapping[str, Sequence[str]]) -> None:
        """Remove published signal ids from each pupil's outbox."""
        ...

    async def staged_before(self, moment: datetime) -> dict[str, dict[str, OutboxEntry]]:
        """Outbox entries staged before `moment`, per pupil key (left by a crash)."""
        ...


class SchoolStore(Protocol):
    """School settings and the days each school has marks on."""

    async def contexts(self, urns: Sequence[str]) -> dict[str, SchoolContext]:
        """Thresholds and calendar of each school (defaults for a school with no settings)."""
        ...

    async def add_days(self, days: Mapping[str, set[date]]) -> None:
        """Remember the days holding marks, per school (its calendar until one is set)."""
        ...

    async def register_day(self, school_urn: str) -> SchoolDay:
        """A school's settings with its calendar (set, or inferred from its marked days)."""
        ...

    async def school_urns(self) -> list[str]:
        """Every school known to the service."""
        ...


class SignalPublisher(Protocol):
    """Where signals go: `attendance.signals.v1`, keyed by pupil."""

    async def publish(self, messages: Sequence[tuple[str, str]]) -> None:
        """Publish each (key, JSON text) and return once the broker has them all."""
        ...
