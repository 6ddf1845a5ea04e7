"""Clock-driven texts: golden-hour nudges, the Thursday Friday-pattern text and the weekly
unauthorised-absence text, for each school on its schedule.

Nudges go to the golden-hour cohort's "text" families, by the kernel's rule and the
school's settings: the families the office's golden-hour list marks "text" for that day,
never those it marks "call". A family whose only textable number replied STOP is a
"call" family there, and a pupil marked with an approved activity that day is left out.

Each job runs once per school per day (its run is recorded first); the texts it plans
have deterministic ids anyway, so a job run twice still texts a family once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from services.comms.cohorts import DayCodes, unauthorised_this_week
from services.comms.deliveries import DeliveryStore
from services.comms.model import Pupil, Purpose, SchoolPolicy
from services.comms.nudges import friday_pattern, golden_hour_cohort, to_text
from services.comms.planning import plan_text
from services.comms.ports import Directory, OptOuts
from services.comms.rules import local, normalise_phone
from services.comms.schedule import due_jobs, job_id
from services.comms.school_days import school_calendar, set_calendar
from shared.kernel import SchoolCalendar, academic_year_start
from shared.kernel.nudge_settings import nudge_rule_from_settings
from shared.kernel.nudges import CallMade, NudgeRule, nudge_days
from shared.kernel.texting import OptedOut

log = logging.getLogger(__name__)
LOOKBACK = timedelta(weeks=7)
RECENT_REGISTERS = timedelta(days=7)


class Cohorts(Protocol):
    """What the jobs read: schools, their pupils on roll, their day codes, job runs."""

    async def school_urns(self) -> list[str]: ...

    async def pupils_on_roll(self, school_urn: str, on: date) -> list[Pupil]: ...

    async def codes_between(self, school_urn: str, start: date,
                            end: date) -> dict[str, dict[date, list[str]]]: ...

    async def claim_job(self, run_id: str, now: datetime) -> bool:
        """Record a job's run; False when it already ran."""


class CallLog(Protocol):
    """The office's recorded calls (from `office.records.v1`)."""

    async def calls_between(self, school_urn: str, start: date,
                            end: date) -> list[CallMade]: ...


@dataclass(frozen=True)
class JobDeps:
    cohorts: Cohorts
    directory: Directory
    deliveries: DeliveryStore
    opt_outs: OptOuts
    calls: CallLog


def registers_are_current(history: Mapping[str, DayCodes], today: date,
                          calendar: SchoolCalendar | None = None) -> bool:
    """Some register marks within RECENT_REGISTERS, or since the previous school day of
    the school's own calendar (the Monday after a half-term break): texts built on older
    ones would nudge families about weeks-old absence (a stopped feed, or a service just
    restored)."""
    since = today - RECENT_REGISTERS
    if calendar is not None:
        before = calendar.school_days(today - LOOKBACK, today - timedelta(days=1))
        since = min(since, before[-1]) if before else since
    return any(day >= since for days in history.values() for day in days)


async def run_due_jobs(deps: JobDeps, now: datetime) -> int:
    """Run every school's jobs that are due; how many texts were planned."""
    planned = 0
    for school_urn in await deps.cohorts.school_urns():
        policy = await deps.directory.policy(school_urn)
        if policy is None:
            continue
        for purpose in due_jobs(policy, now):
            if await deps.cohorts.claim_job(job_id(school_urn, purpose, now), now):
                planned += await run_job(deps, purpose, policy, now)
    return planned


async def run_job(deps: JobDeps, purpose: Purpose, policy: SchoolPolicy,
                  now: datetime) -> int:
    today = local(now).date()
    rule, problems = nudge_rule_from_settings(policy.raw)
    if problems:
        log.warning("school %s: %d nudge setting(s) unreadable, defaults used (the office's "
                    "golden-hour page names them)", policy.school_urn, len(problems))
    history = await deps.cohorts.codes_between(
        policy.school_urn, _history_start(purpose, policy, today, rule), today)
    if not registers_are_current(history, today, set_calendar(policy)):
        log.warning("%s for school %s skipped: no registers in the last %d days, so the "
                    "figures would be stale (check the MIS feed)", purpose, policy.school_urn,
                    RECENT_REGISTERS.days)
        return 0
    pupils = await deps.cohorts.pupils_on_roll(policy.school_urn, today)
    chosen = await _chosen(deps, purpose, policy, today, rule, pupils, history)
    count = 0
    for pupil in pupils:
        if pupil.upn in chosen:
            days = history.get(pupil.upn, {})
            count += await _plan(deps, purpose, pupil, policy, list(days.get(today, [])), now)
    log.info("%s for school %s: %d text(s) planned", purpose, policy.school_urn, count)
    return count


def _history_start(purpose: Purpose, policy: SchoolPolicy, today: date,
                   rule: NudgeRule) -> date:
    """The first day of registers a job reads: the weekday patterns' weeks, and for the
    golden hour the school year too."""
    start = today - max(LOOKBACK, rule.pattern.lookback)
    if purpose is not Purpose.GOLDEN_HOUR_NUDGE:
        return start
    start = min(start, academic_year_start(today))
    calendar = set_calendar(policy)
    days = nudge_days(calendar, today, rule.pattern) if calendar else None
    return min(start, days.history_start) if days else start


async def _chosen(deps: JobDeps, purpose: Purpose, policy: SchoolPolicy, today: date,
                  rule: NudgeRule, pupils: list[Pupil],
                  history: Mapping[str, DayCodes]) -> set[str]:
    """UPNs whose families get the job's text today."""
    calendar = school_calendar(policy, {day for days in history.values() for day in days})
    if purpose is Purpose.FRIDAY_PATTERN:
        return {p.upn for p in pupils
                if friday_pattern(history.get(p.upn, {}), calendar, today, rule.pattern)}
    if purpose is Purpose.UNAUTHORISED_CONSEQUENCES:
        return {p.upn for p in pupils if unauthorised_this_week(history.get(p.upn, {}), today)}
    days = nudge_days(calendar, today, rule.pattern)
    if days is None:
        return set()
    first, last = days.unreached_window()
    calls = await deps.calls.calls_between(policy.school_urn, first, last)
    phones = {normalise_phone(c.phone) for p in pupils for c in p.contacts if c.phone}
    opted_out = OptedOut.of(await deps.opt_outs.opted_out(phones))
    return to_text(golden_hour_cohort(pupils, history, calendar, days, calls, rule,
                                      opted_out))


async def _plan(deps: JobDeps, purpose: Purpose, pupil: Pupil, policy: SchoolPolicy,
                codes: list[str], now: datetime) -> int:
    phones = [normalise_phone(c.phone) for c in pupil.contacts if c.phone]
    planned = plan_text(purpose, pupil, local(now).date(), policy, day_codes=codes,
                        opted_out=await deps.opt_outs.opted_out(phones), now=now)
    if not isinstance(planned, list):
        return 0
    for text in planned:
        await deps.deliveries.record(text, now)
    return len(planned)
