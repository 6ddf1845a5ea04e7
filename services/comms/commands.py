"""Staff commands from `comms.commands.v1`: letter reviews and decisions on unknown sends.

Each `command_id` is carried out once: the effect is stored first, then the id is
recorded, so a crash in between repeats the command, and every repeat is harmless (an
approved letter cannot be approved again, an issued one is not issued twice, a settled
send is not unknown any more). A command about another school's letter or text, an
unknown id, or an impossible step (issue before approve) is logged by ids only and
skipped, never a crash; it is recorded too, so a replay does not retry it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from services.comms.deliveries import DeliveryStore
from services.comms.letter_desk import (
    approve_letter,
    edit_letter,
    issue_letter_now,
    withdraw_letter,
)
from services.comms.letters import LetterError
from services.comms.mongo_letters import MongoLetters
from shared.contracts.comms_v1 import CommsCommandMessageV1, LetterReviewV1, SendDecisionV1

log = logging.getLogger(__name__)


class CommandLog(Protocol):
    async def seen(self, command_id: str) -> bool: ...

    async def record(self, command_id: str, outcome: str, now: datetime) -> None: ...


@dataclass(frozen=True)
class CommandDeps:
    letters: MongoLetters
    deliveries: DeliveryStore
    done: CommandLog


async def on_command(deps: CommandDeps, value: Mapping[str, Any], now: datetime) -> str:
    """Carry out one staff command once; returns what was done (ids only, for logs)."""
    command = CommsCommandMessageV1.model_validate(value).root
    if await deps.done.seen(command.command_id):
        return "already_done"
    try:
        if isinstance(command, LetterReviewV1):
            outcome = await _review(deps, command, now)
        else:
            outcome = await _decide(deps, command, now)
    except LetterError as error:
        # The message names the letter id and its state only, never a pupil.
        log.warning("command %s skipped: %s", command.command_id, error)
        outcome = "refused"
    await deps.done.record(command.command_id, outcome, now)
    return outcome


async def _review(deps: CommandDeps, command: LetterReviewV1, now: datetime) -> str:
    letter = await deps.letters.get(command.letter_id)
    if letter is None or letter.school_urn != command.school_urn:
        raise LetterError(f"no letter {command.letter_id} at school {command.school_urn}")
    if command.action == "edit":
        await edit_letter(deps.letters, letter.letter_id, command.body_text or "", now)
    elif command.action == "approve":
        await approve_letter(deps.letters, letter.letter_id, command.issued_by, now)
    elif command.action == "issue":
        await issue_letter_now(deps.letters, letter.letter_id, now)
    else:
        await withdraw_letter(deps.letters, letter.letter_id, now)
    return f"letter_{command.action}"


async def _decide(deps: CommandDeps, command: SendDecisionV1, now: datetime) -> str:
    delivery = await deps.deliveries.get(command.delivery_id)
    if delivery is None or delivery.school_urn != command.school_urn:
        log.warning("command %s skipped: no delivery %s at school %s", command.command_id,
                    command.delivery_id, command.school_urn)
        return "unknown_delivery"
    if command.decision == "cancel":
        done = await deps.deliveries.cancel_unknown(delivery.delivery_id, command.issued_by,
                                                    now)
    else:
        done = await deps.deliveries.decide_unknown(
            delivery.delivery_id, command.decision == "send_again", command.issued_by, now)
    if not done:
        log.warning("command %s skipped: delivery %s is %s, not unknown", command.command_id,
                    delivery.delivery_id, delivery.state)
        return "not_unknown"
    return f"send_{command.decision}"
