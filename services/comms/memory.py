"""In-memory twins of the comms ports, for unit tests and quick demos.

They follow the same contracts as the MongoDB adapters (one behaviour suite runs
against both).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from services.comms.deliveries import (
    Delivery,
    DeliveryState,
    PupilRef,
    may_move,
)
from services.comms.model import Pupil, SchoolPolicy
from services.comms.planning import PlannedText
from services.comms.ports import SendResult
from services.comms.rules import normalise_phone


@dataclass
class _Slot:
    delivery: Delivery
    claimed_at: datetime | None = None


class MemoryDeliveries:
    """The DeliveryStore in a dict."""

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}

    def _free(self, delivery_id: str) -> _Slot | None:
        slot = self._slots.get(delivery_id)
        if slot and slot.delivery.state is DeliveryState.PENDING and slot.claimed_at is None:
            return slot
        return None

    async def record(self, planned: PlannedText, now: datetime) -> None:
        pupil = PupilRef(planned.upn, planned.pupil_name)
        if planned.delivery_id not in self._slots:
            self._slots[planned.delivery_id] = _Slot(Delivery(
                planned.delivery_id, planned.school_urn, planned.family, planned.purpose,
                planned.day, planned.recipient, (pupil,), planned.due_at,
                DeliveryState.PENDING))
        elif (slot := self._free(planned.delivery_id)) and pupil not in slot.delivery.pupils:
            slot.delivery = replace(slot.delivery, pupils=(*slot.delivery.pupils, pupil))

    async def due(self, now: datetime, limit: int = 100) -> list[Delivery]:
        due = [s.delivery for s in self._slots.values()
               if self._free(s.delivery.delivery_id) and s.delivery.due_at <= now]
        return sorted(due, key=lambda d: d.due_at)[:limit]

    async def claim(self, delivery_id: str, body: str, now: datetime) -> bool:
        slot = self._free(delivery_id)
        if slot is None:
            return False
        slot.claimed_at, slot.delivery = now, replace(slot.delivery, body=body)
        return True

    async def finish(self, delivery_id: str, state: DeliveryState, now: datetime,
                     provider_id: str | None = None, error: str | None = None) -> None:
        self._move(self._slots[delivery_id], state, provider_id, error)

    def _move(self, slot: _Slot, state: DeliveryState, provider_id: str | None,
              error: str | None) -> None:
        if provider_id:
            slot.delivery = replace(slot.delivery, provider_id=provider_id)
        if may_move(slot.delivery.state, slot.claimed_at is not None, state):
            slot.delivery = replace(slot.delivery, state=state, error=error)

    async def cancel(self, delivery_id: str, reason: str, now: datetime) -> None:
        if slot := self._free(delivery_id):
            slot.delivery = replace(slot.delivery, state=DeliveryState.CANCELLED, error=reason)

    async def provider_status(self, delivery_id: str | None, provider_id: str,
                              state: DeliveryState, now: datetime,
                              error: str | None = None) -> bool:
        found = [s for s in self._slots.values()
                 if (s.delivery.delivery_id == delivery_id if delivery_id
                     else s.delivery.provider_id == provider_id)]
        for slot in found:
            self._move(slot, state, provider_id, error)
        return bool(found)

    async def mark_unknown(self, claimed_before: datetime, now: datetime) -> int:
        stale = [s for s in self._slots.values() if s.delivery.state is DeliveryState.PENDING
                 and s.claimed_at is not None and s.claimed_at < claimed_before]
        for slot in stale:
            slot.delivery = replace(slot.delivery, state=DeliveryState.UNKNOWN)
        return len(stale)

    async def decide_unknown(self, delivery_id: str, resend: bool, by: str,
                             now: datetime) -> bool:
        slot = self._slots.get(delivery_id)
        if slot is None or slot.delivery.state is not DeliveryState.UNKNOWN:
            return False
        if resend:
            slot.claimed_at = None
            slot.delivery = replace(slot.delivery, state=DeliveryState.PENDING, due_at=now)
        else:
            slot.delivery = replace(slot.delivery, state=DeliveryState.SENT)
        return True

    async def cancel_unknown(self, delivery_id: str, by: str, now: datetime) -> bool:
        slot = self._slots.get(delivery_id)
        if slot is None or slot.delivery.state is not DeliveryState.UNKNOWN:
            return False
        slot.delivery = replace(slot.delivery, state=DeliveryState.CANCELLED,
                                error="cancelled_by_staff")
        return True

    async def get(self, delivery_id: str) -> Delivery | None:
        slot = self._slots.get(delivery_id)
        return slot.delivery if slot else None

    async def for_school(self, school_urn: str, day: date | None = None) -> list[Delivery]:
        return sorted((s.delivery for s in self._slots.values()
                       if s.delivery.school_urn == school_urn
                       and (day is None or s.delivery.day == day)),
                      key=lambda d: (d.due_at, d.delivery_id))


@dataclass
class MemoryDirectory:
    pupils: dict[tuple[str, str], Pupil] = field(default_factory=dict)
    policies: dict[str, SchoolPolicy] = field(default_factory=dict)

    async def pupil(self, school_urn: str, upn: str) -> Pupil | None:
        return self.pupils.get((school_urn, upn))

    async def policy(self, school_urn: str) -> SchoolPolicy | None:
        return self.policies.get(school_urn)

    async def pupils_with_phone(self, phone: str) -> list[tuple[str, str]]:
        wanted = normalise_phone(phone)
        return sorted(key for key, p in self.pupils.items()
                      if any(c.phone and normalise_phone(c.phone) == wanted
                             for c in p.contacts))


@dataclass
class MemoryDayMarks:
    codes: dict[tuple[str, str, date], list[str]] = field(default_factory=dict)

    async def day_codes(self, school_urn: str, upn: str, day: date) -> list[str]:
        return list(self.codes.get((school_urn, upn, day), []))


@dataclass
class MemoryOptOuts:
    numbers: set[str] = field(default_factory=set)

    async def opted_out(self, phones: Collection[str]) -> set[str]:
        return {p for p in phones if normalise_phone(p) in self.numbers}

    async def set_opted_out(self, phone: str, opted_out: bool, now: datetime) -> None:
        (self.numbers.add if opted_out else self.numbers.discard)(normalise_phone(phone))


@dataclass
class RecordingSender:
    """A sender that keeps what it sent (the outbox's behaviour, without a store)."""

    sent: list[tuple[str, str]] = field(default_factory=list)

    async def send(self, delivery: Delivery, body: str) -> SendResult:
        self.sent.append((delivery.recipient, body))
        return SendResult(f"memory:{delivery.delivery_id}", DeliveryState.SENT)
