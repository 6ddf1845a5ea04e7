"""What the office and comms did, as the web service knows it from its topics.

The port the office's working lists read (which first-day calls are done, who was
reached lately, parents' replies and the numbers that replied STOP, call tasks and the
calls that close them), fed from
`office.records.v1` and `comms.events.v1`. The Mongo adapter lives beside the records
feed; the in-memory twin here serves unit tests and a service started without the feed.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Protocol

from shared.contracts.comms_v1 import CallTaskEventV1, ReplyEventV1
from shared.contracts.office_v1 import CallOutcomeV1, OfficeRecordV1


class OfficeActivity(Protocol):
    """Read side of office records and comms events, per school."""

    async def calls(self, school_urn: str, day: date) -> list[CallOutcomeV1]:
        """Call outcomes recorded about `day`, oldest first."""

    async def records_between(self, school_urn: str, first: date,
                              last: date) -> list[OfficeRecordV1]:
        """Every office record about a school day from `first` to `last`, oldest first."""

    async def replies(self, school_urn: str, day: date) -> list[ReplyEventV1]:
        """Parents' replies received on `day` (school-local date), oldest first."""

    async def opt_out_replies(self, school_urn: str) -> list[ReplyEventV1]:
        """Every STOP or START reply from a number of the school's families (those whose
        `opted_out` is set), oldest first: whether a number may be texted today."""

    async def call_tasks(self, school_urn: str, day: date) -> list[CallTaskEventV1]:
        """Call tasks due on or before `day` that comms has not marked done."""

    async def pupil_calls_between(self, school_urn: str, upns: Collection[str], first: date,
                                  last: date) -> list[CallOutcomeV1]:
        """Call outcomes about these pupils and school days `first` to `last`, oldest
        first (the office closes a call task by making the call)."""


class InMemoryOfficeActivity:
    """OfficeActivity held in lists (unit tests)."""

    def __init__(self) -> None:
        self.records: list[OfficeRecordV1] = []
        self.reply_events: list[ReplyEventV1] = []
        self.tasks: list[CallTaskEventV1] = []

    async def calls(self, school_urn: str, day: date) -> list[CallOutcomeV1]:
        return [record for record in self.records
                if isinstance(record, CallOutcomeV1) and record.school_urn == school_urn
                and record.school_day == day]

    async def records_between(self, school_urn: str, first: date,
                              last: date) -> list[OfficeRecordV1]:
        return [record for record in self.records
                if record.school_urn == school_urn and first <= record.school_day <= last]

    async def replies(self, school_urn: str, day: date) -> list[ReplyEventV1]:
        return [reply for reply in self.reply_events
                if reply.school_urn == school_urn and reply.received_at.date() == day]

    async def opt_out_replies(self, school_urn: str) -> list[ReplyEventV1]:
        return sorted((reply for reply in self.reply_events if reply.school_urn == school_urn
                       and reply.opted_out is not None), key=lambda reply: reply.received_at)

    async def call_tasks(self, school_urn: str, day: date) -> list[CallTaskEventV1]:
        return [task for task in self.tasks
                if task.school_urn == school_urn and task.due_on <= day and not task.done]

    async def pupil_calls_between(self, school_urn: str, upns: Collection[str], first: date,
                                  last: date) -> list[CallOutcomeV1]:
        return sorted((record for record in self.records
                       if isinstance(record, CallOutcomeV1) and record.school_urn == school_urn
                       and record.upn in upns and first <= record.school_day <= last),
                      key=lambda call: call.recorded_at)
