"""When the clock-driven texts go (school-local), with the plan's defaults.

A school may set `message_schedule.jobs` {job name: [{"weekday": 0-6, "at": "HH:MM"}]}.
Defaults: golden-hour nudges Monday 07:30 and Thursday 15:30 (1.1); the Friday-pattern
text Thursday 18:00 (7.4); the unauthorised-absence text Friday 15:30 (10.1). A job
runs once per school per day, only on its own day and only within RUN_WITHIN of its
time: a service started later in the day (or back after an outage) skips it rather than
sending "good morning" texts in the evening.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from services.comms.model import Purpose, SchoolPolicy
from services.comms.policy import clock_time
from services.comms.rules import local

RUN_WITHIN = timedelta(hours=1)


@dataclass(frozen=True)
class Slot:
    weekday: int  # Monday = 0
    at: time


DEFAULT_JOBS: dict[Purpose, tuple[Slot, ...]] = {
    Purpose.GOLDEN_HOUR_NUDGE: (Slot(0, time(7, 30)), Slot(3, time(15, 30))),
    Purpose.FRIDAY_PATTERN: (Slot(3, time(18, 0)),),
    Purpose.UNAUTHORISED_CONSEQUENCES: (Slot(4, time(15, 30)),),
}


def slots_for(purpose: Purpose, policy: SchoolPolicy) -> tuple[Slot, ...]:
    jobs = ((policy.raw.get("message_schedule") or {}).get("jobs") or {})
    chosen: Any = jobs.get(str(purpose))
    if not isinstance(chosen, list):
        return DEFAULT_JOBS[purpose]
    return tuple(Slot(int(s["weekday"]), clock_time(s.get("at"), time(7, 30)))
                 for s in chosen if isinstance(s, dict) and "weekday" in s)


def job_id(school_urn: str, purpose: Purpose, now: datetime) -> str:
    return f"{school_urn}:{purpose}:{local(now).date().isoformat()}"


def due_jobs(policy: SchoolPolicy, now: datetime) -> list[Purpose]:
    """The jobs whose time has come today (school-local); the caller runs each once."""
    moment = local(now)
    if moment.date() in policy.closures:
        return []
    return [purpose for purpose in DEFAULT_JOBS
            if any(s.weekday == moment.weekday() and _in_window(s.at, moment)
                   for s in slots_for(purpose, policy))]


def _in_window(at: time, moment: datetime) -> bool:
    start = moment.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return start <= moment < start + RUN_WITHIN
