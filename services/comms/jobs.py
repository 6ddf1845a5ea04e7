"""Clock-driven texts: golden-hour nudges, the Thursday Friday-pattern text and the weekly
unauthorised-absence text, for each school on its schedule.

Each job runs once per school per day (its run is recorded first); the texts it plans
have deterministic ids anyway, so a job run twice still texts a family once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from services.comms.cohorts import (
    DayCodes,
    FridayRule,
    needs_nudge,
    unauthorised_this_week,
)
from services.comms.cohorts import (
    friday_pattern as has_friday_pattern,
)
from services.comms.deliveries import DeliveryStore
from services.comms.model import Pupil, Purpose, SchoolPolicy
from services.comms.planning import plan_text
from services.comms.ports import Directory, OptOuts
from services.comms.rules import local, normalise_phone
from services.comms.schedule import due_jobs, job_id

log = logging.getLogger(__name__)
LOOKBACK = timedelta(weeks=7)
RECENT_REGISTERS = timedelta(days=7)


class Cohorts(Protocol):
    """What the jobs read: schools, their pupils on roll, recent codes, flags, runs."""

    async def school_urns(self) -> list[str]: ...

    async def pupils_on_roll(self, school_urn: str, on: date) -> list[Pupil]: ...

    async def codes_between(self, school_urn: str, start: date,
                            end: date) -> dict[str, dict[date, list[str]]]: ...

    async def below_letter_threshold(self, school_urn: str) -> set[str]: ...

    async def claim_job(self, run_id: str, now: datetime) -> bool:
        """Record a job's run; False when it already ran."""


@dataclass(frozen=True)
class JobDeps:
    cohorts: Cohorts
    directory: Directory
    deliveries: DeliveryStore
    opt_outs: OptOuts


def friday_rule(policy: SchoolPolicy) -> FridayRule:
    raw = (policy.raw.get("message_schedule") or {}).get("friday_pattern") or {}
    default = FridayRule()
    return FridayRule(int(raw.get("absent_fridays", default.absent_fridays)),
                      int(raw.get("of_last_fridays", default.of_last_fridays)))


def chosen(purpose: Purpose, days: DayCodes, today: date, below: bool,
           rule: FridayRule) -> bool:
    if purpose is Purpose.GOLDEN_HOUR_NUDGE:
        return needs_nudge(days, today, below, rule)
    if purpose is Purpose.FRIDAY_PATTERN:
        return has_friday_pattern(days, today, rule)
    return unauthorised_this_week(days, today)


def registers_are_current(history: Mapping[str, DayCodes], today: date) -> bool:
    """Some register marks within RECENT_REGISTERS: texts built on older ones would
    nudge families about weeks-old absence (a stopped feed, or a service just restored)."""
    since = today - RECENT_REGISTERS
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
    today, rule = local(now).date(), friday_rule(policy)
    history = await deps.cohorts.codes_between(policy.school_urn, today - LOOKBACK, today)
    if not registers_are_current(history, today):
        log.warning("%s for school %s skipped: no registers in the last %d days, so the "
                    "figures would be stale (check the MIS feed)", purpose, policy.school_urn,
                    RECENT_REGISTERS.days)
        return 0
    below = await deps.cohorts.below_letter_threshold(policy.school_urn)
    count = 0
    for pupil in await deps.cohorts.pupils_on_roll(policy.school_urn, today):
        days = history.get(pupil.upn, {})
        if chosen(purpose, days, today, pupil.upn in below, rule):
            count += await _plan(deps, purpose, pupil, policy, days.get(today, []), now)
    log.info("%s for school %s: %d text(s) planned", purpose, policy.school_urn, count)
    return count


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
