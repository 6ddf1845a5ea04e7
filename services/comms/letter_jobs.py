"""The July letter (9.1): parents who took unauthorised term-time leave this school year.

Runs once per school per academic year, on the first run of the clock on or after
15 July (school-local; a school may set `message_schedule.july_letters_from` "MM-DD").
Leave is read from the year's own marks (code G, holiday not granted), so a holiday
re-coded later is counted as it finally stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from services.comms.documents import common_context
from services.comms.handlers import LetterStore
from services.comms.jobs import Cohorts
from services.comms.lessons import days_text
from services.comms.letters import LetterKind, new_letter
from services.comms.model import SchoolPolicy
from services.comms.ports import Directory
from services.comms.rules import local
from shared.kernel import academic_year_start

HOLIDAY_NOT_GRANTED = "G"


@dataclass(frozen=True)
class LetterJobDeps:
    cohorts: Cohorts
    directory: Directory
    letters: LetterStore


def july_letters_due(policy: SchoolPolicy, today: date) -> bool:
    raw = str((policy.raw.get("message_schedule") or {}).get("july_letters_from", "07-15"))
    month, day = (int(part) for part in raw.split("-"))
    return today.month == 7 and today >= date(today.year, month, day)


def academic_year_label(today: date) -> str:
    start = academic_year_start(today)
    return f"{start.year}/{(start.year + 1) % 100:02d}"


async def run_july_letters(deps: LetterJobDeps, now: datetime) -> int:
    """Queue each school's July letters once a year; how many letters were queued."""
    today, queued = local(now).date(), 0
    for school_urn in await deps.cohorts.school_urns():
        policy = await deps.directory.policy(school_urn)
        if policy is None or not july_letters_due(policy, today):
            continue
        year = academic_year_label(today)
        if await deps.cohorts.claim_job(f"{school_urn}:july_leave:{year}", now):
            queued += await _queue(deps, policy, today, year, now)
    return queued


async def _queue(deps: LetterJobDeps, policy: SchoolPolicy, today: date, year: str,
                 now: datetime) -> int:
    history = await deps.cohorts.codes_between(policy.school_urn,
                                               academic_year_start(today), today)
    letter_date, queued = f"{today.day} {today:%B %Y}", 0
    for pupil in await deps.cohorts.pupils_on_roll(policy.school_urn, today):
        sessions = sum(codes.count(HOLIDAY_NOT_GRANTED)
                       for codes in history.get(pupil.upn, {}).values())
        if not sessions:
            continue
        context = {**common_context(policy, f"{pupil.given_name} {pupil.family_name}",
                                    letter_date),
                   "academic_year": year, "leave_days": days_text(Fraction(sessions, 2))}
        letter = new_letter(policy.school_urn, pupil.upn, LetterKind.JULY_LEAVE,
                            f"year:{year}", context, now)
        queued += await deps.letters.add(letter)
    return queued
