"""The office log: OfficeActivity plus what the timeline, outbox and letters pages read.

Office records are kept once per `record_id`; comms events keep, per id, the message
with the highest `version`, so replays and re-publications change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from services.web.office_activity import InMemoryOfficeActivity, OfficeActivity
from shared.contracts.comms_v1 import (
    CallTaskEventV1,
    CommsEventV1,
    DeliveryEventV1,
    LetterEventV1,
    ReplyEventV1,
)
from shared.contracts.office_v1 import (
    CallOutcomeV1,
    ConcernResponseV1,
    ConcernV1,
    OfficeRecordV1,
)

SCHOOL_TIME = ZoneInfo("Europe/London")


class OfficeLog(OfficeActivity, Protocol):
    """Write side for the office feed and read side for the staff pages."""

    async def store_records(self, records: Sequence[OfficeRecordV1]) -> None:
        """Keep each record once (by record_id); a repeat changes nothing."""

    async def store_events(self, events: Sequence[CommsEventV1]) -> None:
        """Keep, per event id, the event with the highest version."""

    async def pupil_records(self, school_urn: str, upn: str) -> list[OfficeRecordV1]:
        """Every office record about the pupil, oldest first."""

    async def pupil_events(self, school_urn: str, upn: str) -> list[CommsEventV1]:
        """Texts, replies, letters (without their PDF) and call tasks about the pupil."""

    async def concern_records(self, school_urn: str
                              ) -> list[ConcernV1 | ConcernResponseV1]:
        """Every concern raised at the school and every answer to one, oldest first."""

    async def deliveries(self, school_urn: str, day: date) -> list[DeliveryEventV1]:
        """Every text planned for `day`, oldest first."""

    async def letters(self, school_urn: str) -> list[LetterEventV1]:
        """Every letter of the school without its PDF, newest first."""

    async def letter(self, school_urn: str, letter_id: str) -> LetterEventV1 | None:
        """One letter with its PDF, or None when no event about it has arrived."""


def event_id(event: CommsEventV1) -> str:
    """The id under which an event's latest version is kept, e.g. "delivery:d-1"."""
    if isinstance(event, DeliveryEventV1):
        return f"delivery:{event.delivery_id}"
    if isinstance(event, ReplyEventV1):
        return f"reply:{event.message_id}"
    if isinstance(event, LetterEventV1):
        return f"letter:{event.letter_id}"
    return f"call_task:{event.task_id}"


def event_upns(event: CommsEventV1) -> list[str]:
    if isinstance(event, DeliveryEventV1 | ReplyEventV1):
        return list(event.upns)
    return [event.upn]


def local_day(moment: datetime) -> date:
    """The school-local (Europe/London) date of an aware time."""
    return moment.astimezone(SCHOOL_TIME).date()


def latest_versions(events: Sequence[CommsEventV1]) -> dict[str, CommsEventV1]:
    """The highest version of each event in a batch (a batch may hold several)."""
    latest: dict[str, CommsEventV1] = {}
    for event in events:
        key = event_id(event)
        if key not in latest or latest[key].version < event.version:
            latest[key] = event
    return latest


class InMemoryOfficeLog(InMemoryOfficeActivity):
    """OfficeLog held in memory (unit tests, and a service started without the feed)."""

    def __init__(self) -> None:
        super().__init__()
        self._events: dict[str, CommsEventV1] = {}

    async def store_records(self, records: Sequence[OfficeRecordV1]) -> None:
        known = {record.record_id for record in self.records}
        for record in records:
            if record.record_id not in known:
                self.records.append(record)
                known.add(record.record_id)

    async def store_events(self, events: Sequence[CommsEventV1]) -> None:
        for key, event in latest_versions(events).items():
            held = self._events.get(key)
            if held is None or held.version < event.version:
                self._events[key] = event
        self.reply_events = [e for e in self._events.values() if isinstance(e, ReplyEventV1)]
        self.tasks = [e for e in self._events.values() if isinstance(e, CallTaskEventV1)]

    async def calls(self, school_urn: str, day: date) -> list[CallOutcomeV1]:
        return sorted(await super().calls(school_urn, day), key=lambda call: call.recorded_at)

    async def records_between(self, school_urn: str, first: date,
                              last: date) -> list[OfficeRecordV1]:
        return sorted(await super().records_between(school_urn, first, last),
                      key=lambda record: record.recorded_at)

    async def replies(self, school_urn: str, day: date) -> list[ReplyEventV1]:
        return sorted((reply for reply in self.reply_events if reply.school_urn == school_urn
                       and local_day(reply.received_at) == day),
                      key=lambda reply: reply.received_at)

    async def pupil_records(self, school_urn: str, upn: str) -> list[OfficeRecordV1]:
        return sorted((record for record in self.records
                       if record.school_urn == school_urn and record.upn == upn),
                      key=lambda record: record.recorded_at)

    async def concern_records(self, school_urn: str
                              ) -> list[ConcernV1 | ConcernResponseV1]:
        return sorted((record for record in self.records if record.school_urn == school_urn
                       and isinstance(record, ConcernV1 | ConcernResponseV1)),
                      key=lambda record: record.recorded_at)

    async def pupil_events(self, school_urn: str, upn: str) -> list[CommsEventV1]:
        return [_without_pdf(event) for event in self._events.values()
                if event.school_urn == school_urn and upn in event_upns(event)]

    async def deliveries(self, school_urn: str, day: date) -> list[DeliveryEventV1]:
        return sorted((event for event in self._events.values()
                       if isinstance(event, DeliveryEventV1)
                       and event.school_urn == school_urn and event.school_day == day),
                      key=lambda event: event.updated_at)

    async def letters(self, school_urn: str) -> list[LetterEventV1]:
        return sorted((without_pdf(event) for event in self._events.values()
                       if isinstance(event, LetterEventV1) and event.school_urn == school_urn),
                      key=lambda event: event.updated_at, reverse=True)

    async def letter(self, school_urn: str, letter_id: str) -> LetterEventV1 | None:
        event = self._events.get(f"letter:{letter_id}")
        if isinstance(event, LetterEventV1) and event.school_urn == school_urn:
            return event
        return None


def without_pdf(letter: LetterEventV1) -> LetterEventV1:
    """The letter as lists show it: its PDF is fetched only to download it."""
    return letter.model_copy(update={"pdf_base64": None}) if letter.pdf_base64 else letter


def _without_pdf(event: CommsEventV1) -> CommsEventV1:
    return without_pdf(event) if isinstance(event, LetterEventV1) else event
