"""Absences and activities known before the day: term-time holidays beside breaks,
class trips (some first registered wrongly, then re-coded) and work experience."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from shared.simulator.calibration import PROFILES
from shared.simulator.model import Pupil, School, Trust

HOLIDAY_LENGTHS = ((1, 2), (2, 3), (3, 3), (4, 1), (5, 1))  # (school days, weight)
BEFORE_BREAK_SHARE = 0.65
MISREGISTERED_TRIP_SHARE = 0.3
WORK_EXPERIENCE_YEAR = 10


@dataclass(frozen=True)
class Plans:
    """Whole days settled in advance, by pupil or registration group."""

    holidays: dict[tuple[str, str], frozenset[date]]  # (urn, upn) -> days coded G
    trips: dict[tuple[str, str], frozenset[date]]  # (urn, reg group) -> days coded V
    # Trip mornings whose register went in as N or O before the trip was entered.
    misregistered_trips: dict[tuple[str, str, date], str]
    work_experience: dict[str, frozenset[date]]  # urn -> Year 10 days coded W


def make_plans(trust: Trust, rng: random.Random) -> Plans:
    """Plan holidays, trips and work experience across the trust's weeks."""
    schools = {school.urn: school for school in trust.schools}
    holidays = {}
    for pupil in trust.pupils:
        if pupil.habits.holiday_family:
            holidays[(pupil.school_urn, pupil.upn)] = _holiday_days(
                schools[pupil.school_urn], pupil, trust, rng)
    trips: dict[tuple[str, str], frozenset[date]] = {}
    misregistered: dict[tuple[str, str, date], str] = {}
    for school in trust.schools:
        days = school.calendar.school_days(trust.first_day, trust.last_day)
        rate = PROFILES[school.phase].trip_day_rate
        for group in sorted({p.reg_group for p in trust.pupils if p.school_urn == school.urn}):
            trips[(school.urn, group)] = frozenset(d for d in days if rng.random() < rate)
            for day in sorted(trips[(school.urn, group)]):
                if rng.random() < MISREGISTERED_TRIP_SHARE:
                    misregistered[(school.urn, group, day)] = rng.choice("NNO")
    work_experience = {school.urn: _work_experience_week(school)
                       for school in trust.schools if school.phase == "secondary"}
    return Plans(holidays, trips, misregistered, work_experience)


def _holiday_days(school: School, pupil: Pupil, trust: Trust,
                  rng: random.Random) -> frozenset[date]:
    chance = PROFILES[school.phase].holiday_chance_per_break
    taken: set[date] = set()
    for first, last in school.calendar.half_terms():
        if last < trust.first_day - timedelta(days=7) or first > trust.last_day:
            continue
        days = school.calendar.school_days(first, last)
        length = rng.choices([n for n, _ in HOLIDAY_LENGTHS],
                             weights=[w for _, w in HOLIDAY_LENGTHS])[0]
        # Families stretch a break: leaving early is commoner than coming back late.
        if rng.random() < chance * BEFORE_BREAK_SHARE:
            taken.update(days[-length:])
        if rng.random() < chance * (1 - BEFORE_BREAK_SHARE):
            taken.update(days[:length])
    return frozenset(taken)


def _work_experience_week(school: School) -> frozenset[date]:
    # Year 10 spends the third week before the summer holiday on placements.
    summer = school.calendar.terms[2::3]
    days: set[date] = set()
    for term in summer:
        monday = term.end - timedelta(days=term.end.weekday() + 21)
        days.update(school.calendar.school_days(monday, monday + timedelta(days=4)))
    return frozenset(days)
