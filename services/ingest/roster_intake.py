"""Use cases for pupils and school settings: validate, keep roll dates and calendars,
publish.

Pupils' roll dates are kept in the intake's own roster, and a school's terms and
closures in its own calendars, before they are published, so marks sent right after
are checked against them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from services.ingest.intake import Batch, IntakeDeps, Outcome, publish_with_rejects
from services.ingest.ports import Outgoing
from services.ingest.validation import Received, Refusal, field_errors_of, first_problem
from shared.contracts.common_v1 import SCHEMA_VERSION
from shared.contracts.pupils_v1 import PupilV1
from shared.contracts.schools_v1 import SchoolSettingsV1
from shared.contracts.topics import pupil_key
from shared.kernel import FieldError


async def take_pupils(received: Sequence[Received], batch: Batch, deps: IntakeDeps) -> Outcome:
    """Validate pupil records, keep their roll dates, publish them and the rejects."""
    accepted: list[PupilV1] = []
    refusals: list[Refusal] = []
    for item in received:
        result = _parse_pupil(item, batch.allowed_schools)
        if isinstance(result, PupilV1):
            accepted.append(result)
        else:
            refusals.append(result)
    if accepted:
        await deps.roster.record(accepted)
    messages = [
        Outgoing(deps.topics.pupils, pupil_key(pupil.school_urn, pupil.upn),
                 _message(pupil))
        for pupil in accepted
    ]
    await publish_with_rejects(messages, refusals, "pupil", batch, deps)
    return Outcome(len(accepted), refusals)


async def take_school_settings(urn: str, received: Received, batch: Batch,
                               deps: IntakeDeps) -> Outcome:
    """Validate one school's settings for `urn`, publish them (or the reject)."""
    result = _parse_school(urn, received, batch.allowed_schools)
    messages: list[Outgoing] = []
    if isinstance(result, SchoolSettingsV1):
        await deps.calendars.record(result)
        messages.append(Outgoing(deps.topics.schools, result.school_urn, _message(result)))
    refusals = [] if isinstance(result, SchoolSettingsV1) else [result]
    await publish_with_rejects(messages, refusals, "school_settings", batch, deps)
    return Outcome(len(messages), refusals)


def _parse_pupil(item: Received, allowed: frozenset[str] | None) -> PupilV1 | Refusal:
    refusal = first_problem(item, allowed, "pupil")
    if refusal is not None:
        return refusal
    try:
        return PupilV1.model_validate(item.record)
    except ValidationError as error:
        return Refusal(item, field_errors_of(error))


def _parse_school(urn: str, item: Received,
                  allowed: frozenset[str] | None) -> SchoolSettingsV1 | Refusal:
    if isinstance(item.record, Mapping):
        stated = item.record.get("school_urn", urn)
        if str(stated) != urn:
            return Refusal(item, (FieldError("school_urn", (
                f"the body is for school {stated} but the address is for {urn}; "
                "send it to PUT /v1/schools/" + str(stated))),))
        item = Received({**item.record, "school_urn": urn}, item.position, item.errors)
    refusal = first_problem(item, allowed, "school settings body")
    if refusal is not None:
        return refusal
    try:
        return SchoolSettingsV1.model_validate(item.record)
    except ValidationError as error:
        return Refusal(item, field_errors_of(error))


def _message(record: PupilV1 | SchoolSettingsV1) -> dict[str, Any]:
    # The topic message is the record plus its schema version (PupilMessageV1,
    # SchoolSettingsMessageV1).
    return {"schema_version": SCHEMA_VERSION, **record.model_dump(mode="json")}
