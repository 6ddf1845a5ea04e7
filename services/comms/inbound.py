"""What Twilio tells us: delivery-status callbacks and parents' replies.

Plain handlers over the ports; the HTTP routes (services.comms.webhooks) only check the
signature and translate the form into these calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from services.comms.deliveries import PROVIDER_STATES, DeliveryStore
from services.comms.ports import Directory, OptOuts, Replies

# Twilio's standard opt-out and opt-in keywords (a whole message, any case).
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP", "YES"})


class StatusOutcome(StrEnum):
    APPLIED = "applied"
    UNKNOWN_DELIVERY = "unknown_delivery"
    IGNORED = "ignored"


async def delivery_status(deliveries: DeliveryStore, form: Mapping[str, str],
                          delivery_id: str | None, now: datetime) -> StatusOutcome:
    """Apply Twilio's status callback (MessageSid, MessageStatus, ErrorCode)."""
    state = PROVIDER_STATES.get(form.get("MessageStatus", ""))
    if state is None:
        return StatusOutcome.IGNORED
    error = form.get("ErrorCode") or None
    found = await deliveries.provider_status(delivery_id, form.get("MessageSid", ""), state,
                                             now, error=f"Twilio error {error}" if error else None)
    return StatusOutcome.APPLIED if found else StatusOutcome.UNKNOWN_DELIVERY


@dataclass(frozen=True)
class ReplyTaken:
    pupils: int
    opted_out: bool | None  # True: STOP, False: START, None: an ordinary reply


async def parent_reply(directory: Directory, opt_outs: OptOuts, replies: Replies,
                       form: Mapping[str, str], now: datetime) -> ReplyTaken:
    """Keep a parent's reply with the pupils of that number; STOP/START change texting."""
    sender, body = form.get("From", ""), form.get("Body", "")
    pupils = await directory.pupils_with_phone(sender) if sender else []
    keyword = body.strip().upper()
    change = True if keyword in STOP_WORDS else False if keyword in START_WORDS else None
    await replies.add(form.get("MessageSid", ""), sender, body, now, pupils, opted_out=change)
    if change is not None and sender:
        await opt_outs.set_opted_out(sender, change, now)
    return ReplyTaken(len(pupils), change)
