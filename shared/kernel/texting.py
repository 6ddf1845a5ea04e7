"""Who may be texted: the one rule comms sends by and the office's lists show.

A contact may be texted when the roster allows texts to them (may receive texts, not
do-not-contact), they have a phone number, and that number has not opted out. A parent
opts out by replying STOP and back in by replying START; the later of the two counts.
Numbers are compared as `phone_key` writes them, so "+447700900123" (as Twilio sends a
reply's number) and "07700 900123" (as the roster has it) are one number.

Pure: comms keeps the numbers that opted out in its own store, the web learns them from
parents' replies on `comms.events.v1`; both ask these functions, so the golden-hour
list's "text" and "call" are the texts comms sends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from shared.kernel.families import phone_key


@dataclass(frozen=True)
class OptOutReply:
    """A parent's STOP (opted_out True) or START (False) reply, from their number."""

    phone: str
    opted_out: bool
    received_at: datetime


@dataclass(frozen=True)
class OptedOut:
    """The numbers that opted out of texts, in any spelling: `phone in opted_out`."""

    keys: frozenset[str] = frozenset()

    @classmethod
    def of(cls, phones: Iterable[str]) -> OptedOut:
        """The numbers given, each of which has opted out."""
        return cls(frozenset(key for phone in phones if (key := phone_key(phone))))

    @classmethod
    def from_replies(cls, replies: Iterable[OptOutReply]) -> OptedOut:
        """The numbers whose latest STOP or START reply was STOP (replies in any order)."""
        latest: dict[str, OptOutReply] = {}
        for reply in replies:
            key = phone_key(reply.phone)
            if key and (key not in latest or latest[key].received_at <= reply.received_at):
                latest[key] = reply
        return cls(frozenset(key for key, reply in latest.items() if reply.opted_out))

    def __contains__(self, phone: object) -> bool:
        return isinstance(phone, str) and phone_key(phone) in self.keys


def may_text(phone: str | None, *, may_receive_texts: bool, do_not_contact: bool,
             opted_out: bool) -> bool:
    """Whether a text may go to this contact: texts allowed, never a do-not-contact,
    a number to text, and that number not opted out."""
    return bool(phone) and may_receive_texts and not do_not_contact and not opted_out
