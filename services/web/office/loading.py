"""Gathers what a list needs for one school and day: one read of the school's pupils,
and the office's activity through its port (with parents' STOP and START replies, so
each contact says whether comms may text it). The lists themselves stay pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from services.web.access import WebContext
from services.web.figures import calendar_of
from services.web.office.facts import SCHOOL_TIME, OfficeDay
from services.web.office.inputs import OfficePupil, office_pupils, raw_settings
from services.web.office.rules import rules_from_settings
from services.web.params import BadParameterError
from services.web.readmodel import SchoolRecord
from shared.contracts.comms_v1 import CallTaskEventV1, ReplyEventV1
from shared.contracts.office_v1 import CallOutcomeV1
from shared.kernel import parse_date
from shared.kernel.texting import OptedOut, OptOutReply

RECENT_SCHOOL_DAYS = 15


@dataclass(frozen=True)
class OfficeInputs:
    """Everything the office's lists for one school and day are built from."""

    school: SchoolRecord
    office: OfficeDay
    pupils: list[OfficePupil]
    calls: list[CallOutcomeV1]
    recent_calls: list[CallOutcomeV1]
    replies: list[ReplyEventV1]
    tasks: list[CallTaskEventV1]
    task_calls: list[CallOutcomeV1]

    @property
    def registers_in(self) -> bool:
        """Whether any register mark has arrived for the day (none: the MIS feed may
        have stopped, and every pupil would look absent)."""
        return any(mark.date == self.office.day for pupil in self.pupils
                   for mark in pupil.marks)


def parse_day(value: str | None, context: WebContext) -> date:
    """`day` as YYYY-MM-DD; today in Europe/London when not given."""
    if value is None or not value.strip():
        return context.now().astimezone(SCHOOL_TIME).date()
    try:
        return parse_date(value.strip())
    except ValueError as error:
        raise BadParameterError("day", f"day: {error}; write it as YYYY-MM-DD") from None


async def load_inputs(context: WebContext, urn: str, day: date) -> OfficeInputs:
    """One store read for the school's pupils and six reads of the office's activity."""
    school = await context.views.school(urn)
    calendar = calendar_of(school)
    office = OfficeDay(day, calendar, rules_from_settings(raw_settings(school)), context.now())
    recent = office.school_days_back(RECENT_SCHOOL_DAYS)
    first = recent[0] if recent else day - timedelta(days=21)
    records = await context.activity.records_between(urn, first, day)
    tasks = await context.activity.call_tasks(urn, day)
    opted_out = opted_out_by(await context.activity.opt_out_replies(urn))
    return OfficeInputs(
        school=school, office=office,
        pupils=office_pupils(await context.store.pupils(urn), opted_out),
        calls=await context.activity.calls(urn, day),
        recent_calls=[r for r in records if isinstance(r, CallOutcomeV1)],
        replies=await context.activity.replies(urn, day),
        tasks=tasks, task_calls=await _calls_for_tasks(context, urn, tasks, day))


def opted_out_by(replies: Iterable[ReplyEventV1]) -> OptedOut:
    """The numbers opted out of texts: each number's latest STOP or START reply counts,
    as in comms' own store."""
    return OptedOut.from_replies(
        OptOutReply(reply.sender, reply.opted_out, reply.received_at) for reply in replies
        if reply.opted_out is not None)


async def _calls_for_tasks(context: WebContext, urn: str, tasks: list[CallTaskEventV1],
                           day: date) -> list[CallOutcomeV1]:
    """Calls that may have closed a task: about its pupil, from its due day to `day`."""
    if not tasks:
        return []
    return await context.activity.pupil_calls_between(
        urn, {task.upn for task in tasks}, min(task.due_on for task in tasks), day)
