"""The intake's use cases: take a batch of received records, publish and answer.

`take_marks` is the one path for marks, whether they came over HTTP (JSON or CSV)
or from the MIS topic: both are validated the same way. Accepted and refused records
are published together, and the call returns only once the broker acknowledged all
of them, so an answered record is never lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from services.ingest.ports import Clock, Outgoing, Publisher, Roster
from services.ingest.rejects import reject_message
from services.ingest.settings import IntakeTopics
from services.ingest.validation import (
    Received,
    Refusal,
    check_in_context,
    parse_received_mark,
)
from shared.contracts.common_v1 import Source
from shared.contracts.marks_v1 import normalised_mark
from shared.contracts.rejects_v1 import RecordKind
from shared.contracts.topics import pupil_key
from shared.kernel import Mark

SCHOOL_TIME = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class IntakeDeps:
    """What the use cases need: where to publish, the roster, the clock, the topics."""

    publisher: Publisher
    roster: Roster
    clock: Clock
    topics: IntakeTopics


@dataclass(frozen=True)
class Batch:
    """Where a batch came from and what its sender may send."""

    source: Source
    integration: str | None
    # None: any school (the MIS topic is trusted at the broker's access control).
    allowed_schools: frozenset[str] | None


@dataclass(frozen=True)
class Outcome:
    """How many records were accepted, and each refusal."""

    accepted: int
    refusals: list[Refusal]

    @property
    def all_forbidden(self) -> bool:
        """True when records were sent and every one was outside the token's schools."""
        return self.accepted == 0 and bool(self.refusals) and all(
            refusal.forbidden for refusal in self.refusals)


async def take_marks(received: Sequence[Received], batch: Batch, deps: IntakeDeps) -> Outcome:
    """Validate marks, publish the accepted ones and the rejects, and say what happened."""
    now = deps.clock()
    accepted, refusals = await validate_marks(received, batch, deps.roster,
                                              now.astimezone(SCHOOL_TIME).date())
    messages = [
        Outgoing(deps.topics.marks, pupil_key(mark.school_urn, mark.upn),
                 normalised_mark(mark, batch.source, now))
        for mark in accepted
    ]
    await publish_with_rejects(messages, refusals, "mark", batch, deps)
    return Outcome(len(accepted), refusals)


async def validate_marks(received: Sequence[Received], batch: Batch, roster: Roster,
                         today: date) -> tuple[list[Mark], list[Refusal]]:
    """Split received records into valid marks and refusals, keeping their order."""
    parsed = [parse_received_mark(item, batch.allowed_schools) for item in received]
    valid = [(item, mark) for item, mark in zip(received, parsed, strict=True)
             if isinstance(mark, Mark)]
    enrolments = await roster.enrolments(
        {pupil_key(mark.school_urn, mark.upn) for _, mark in valid})
    in_context = iter(check_in_context(valid, enrolments, today))
    accepted: list[Mark] = []
    refusals: list[Refusal] = []
    for result in parsed:
        final = next(in_context) if isinstance(result, Mark) else result
        if isinstance(final, Mark):
            accepted.append(final)
        else:
            refusals.append(final)
    return accepted, refusals


async def publish_with_rejects(messages: list[Outgoing], refusals: Sequence[Refusal],
                               kind: RecordKind, batch: Batch, deps: IntakeDeps) -> None:
    """Publish accepted messages and one reject per refusal, all acknowledged."""
    received_at = deps.clock()
    rejects = [
        reject_message(refusal, topic=deps.topics.rejects, source=batch.source, kind=kind,
                       integration=batch.integration, received_at=received_at)
        for refusal in refusals
    ]
    if messages or rejects:
        await deps.publisher.publish(messages + rejects)
