"""The intake's use cases: take a batch of received records, publish and answer.

`take_marks` is the one path for marks, whether they came over HTTP (JSON or CSV)
or from the MIS topic: both are validated the same way. Accepted and refused records,
and the warnings of accepted ones, are published together, and the call returns only
once the broker acknowledged all of them, so an answered record is never lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from services.ingest.ports import Calendars, Clock, Outgoing, Publisher, Roster
from services.ingest.rejects import reject_message, warning_message
from services.ingest.settings import IntakeTopics
from services.ingest.validation import (
    Received,
    Refusal,
    Warned,
    check_in_context,
    parse_received_mark,
    warnings_of,
)
from shared.contracts.common_v1 import Source
from shared.contracts.marks_v1 import normalised_mark
from shared.contracts.rejects_v1 import RecordKind
from shared.contracts.topics import pupil_key
from shared.kernel import FieldError, Mark

SCHOOL_TIME = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class IntakeDeps:
    """What the use cases need: where to publish, the roster, the schools' calendars, the
    clock, the topics."""

    publisher: Publisher
    roster: Roster
    calendars: Calendars
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
    """How many records were accepted, each refusal, and the accepted records' warnings."""

    accepted: int
    refusals: list[Refusal]
    warnings: list[Warned] = field(default_factory=list)

    @property
    def all_forbidden(self) -> bool:
        """True when records were sent and every one was outside the token's schools."""
        return self.accepted == 0 and bool(self.refusals) and all(
            refusal.forbidden for refusal in self.refusals)


async def take_marks(received: Sequence[Received], batch: Batch, deps: IntakeDeps) -> Outcome:
    """Validate marks, publish the accepted ones, the rejects and the warnings, and say
    what happened."""
    now = deps.clock()
    checked = await validate_marks(received, batch, deps,
                                   now.astimezone(SCHOOL_TIME).date())
    messages = [
        Outgoing(deps.topics.marks, pupil_key(mark.school_urn, mark.upn),
                 normalised_mark(mark, batch.source, now))
        for mark in checked.accepted
    ]
    warned = _once_per_header(checked.warned) if batch.source == "csv" else checked.warned
    await publish_with_rejects(messages, checked.refusals, "mark", batch, deps, warned)
    return Outcome(len(checked.accepted), checked.refusals, warned)


@dataclass(frozen=True)
class Checked:
    """A batch split into valid marks, refusals and the valid marks' warnings, in order."""

    accepted: list[Mark]
    refusals: list[Refusal]
    warned: list[Warned]


async def validate_marks(received: Sequence[Received], batch: Batch, deps: IntakeDeps,
                         today: date) -> Checked:
    """Split received records into valid marks and refusals, keeping their order."""
    parsed = [parse_received_mark(item, batch.allowed_schools) for item in received]
    valid = [(item, mark) for item, mark in zip(received, parsed, strict=True)
             if isinstance(mark, Mark)]
    enrolments = await deps.roster.enrolments(
        {pupil_key(mark.school_urn, mark.upn) for _, mark in valid})
    calendars = await deps.calendars.calendars({mark.school_urn for _, mark in valid})
    in_context = iter(check_in_context(valid, enrolments, calendars, today))
    checked = Checked([], [], [])
    for item, result in zip(received, parsed, strict=True):
        final = next(in_context) if isinstance(result, Mark) else result
        if isinstance(final, Refusal):
            checked.refusals.append(final)
            continue
        checked.accepted.append(final)
        warned = warnings_of(item)
        if warned is not None:
            checked.warned.append(warned)
    return checked


def _once_per_header(warned: list[Warned]) -> list[Warned]:
    # Every row of a CSV body has the header's columns: an unknown column is one warning
    # at the header (row 1), not one per row.
    if not warned:
        return []
    by_field: dict[str, FieldError] = {}
    for item in warned:
        for warning in item.warnings:
            by_field.setdefault(warning.field, warning)
    schools = {item.school_urn for item in warned}
    school = schools.pop() if len(schools) == 1 else None
    return [Warned({"row": 1}, school, tuple(by_field.values()))]


async def publish_with_rejects(messages: list[Outgoing], refusals: Sequence[Refusal],
                               kind: RecordKind, batch: Batch, deps: IntakeDeps,
                               warned: Sequence[Warned] = ()) -> None:
    """Publish accepted messages, one reject per refusal and one warning message per
    warned record, all acknowledged."""
    received_at = deps.clock()
    rejects = [
        reject_message(refusal, topic=deps.topics.rejects, source=batch.source, kind=kind,
                       integration=batch.integration, received_at=received_at)
        for refusal in refusals
    ]
    warnings = [
        warning_message(item, topic=deps.topics.warnings, source=batch.source, kind=kind,
                        integration=batch.integration, received_at=received_at)
        for item in warned
    ]
    if messages or rejects or warnings:
        await deps.publisher.publish(messages + rejects + warnings)
