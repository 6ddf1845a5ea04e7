"""Invented schools of one trust, each with its own calendar, times and timetable."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from shared.simulator.identifiers import LA_CODES
from shared.simulator.model import Phase, School, SessionTimes
from shared.simulator.names import (
    FAMILY_NAMES,
    MEN_GIVEN_NAMES,
    MEN_TITLES,
    PLACE_ENDS,
    PLACE_STARTS,
    PRIMARY_KINDS,
    SECONDARY_KINDS,
    WOMEN_GIVEN_NAMES,
    WOMEN_TITLES,
)
from shared.simulator.school_year import build_calendar

PRIMARY_SUBJECTS = (("English", 5), ("Mathematics", 5), ("Science", 2), ("Humanities", 3),
                    ("Computing", 1), ("Art and design", 2), ("Music", 1), ("PE", 2),
                    ("RE and PSHE", 2), ("Reading", 2))
SECONDARY_SUBJECTS = (("English", 4), ("Mathematics", 4), ("Science", 4), ("History", 2),
                      ("Geography", 2), ("Languages", 2), ("Computing", 1), ("PE", 2),
                      ("Art", 1), ("Music", 1), ("RE", 1), ("PSHE", 1))


def school_phases(schools: int, secondary_schools: int | None) -> list[Phase]:
    """Primary schools first, then secondary; by default about a third are secondary."""
    if secondary_schools is None:
        secondary_schools = max(1, round(schools / 3)) if schools >= 2 else 0
    if not 0 <= secondary_schools <= schools:
        raise ValueError(f"secondary schools must be between 0 and {schools}, "
                         f"got {secondary_schools}")
    primary: list[Phase] = ["primary"] * (schools - secondary_schools)
    secondary: list[Phase] = ["secondary"] * secondary_schools
    return primary + secondary


def build_schools(phases: list[Phase], first: date, last: date,
                  rng: random.Random) -> tuple[School, ...]:
    """One invented school per phase given, with distinct URNs and names."""
    la_code = rng.choice(LA_CODES)
    urns = rng.sample(range(140000, 150000), len(phases))
    places = rng.sample([s + e for s in PLACE_STARTS for e in PLACE_ENDS], len(phases))
    return tuple(
        _school(str(urn), place, phase, la_code, rng, first, last)
        for urn, place, phase in zip(urns, places, phases, strict=True)
    )


def _school(urn: str, place: str, phase: Phase, la_code: str, rng: random.Random,
            first: date, last: date) -> School:
    primary = phase == "primary"
    kind = rng.choice(PRIMARY_KINDS if primary else SECONDARY_KINDS)
    head = _head_teacher(rng)
    establishment = f"{rng.randint(2000, 3999) if primary else rng.randint(4000, 4999)}"
    am_start = time(8, 45) if primary else time(8, 30)
    pm_start = time(13, 0) if primary else time(13, 35)
    am_start = _plus_minutes(am_start, rng.choice((-5, 0, 0, 5)))
    lessons_per_day = 5 if primary else rng.choice((5, 6))
    return School(
        urn=urn, name=f"{place.capitalize()} {kind}", phase=phase, head_teacher=head,
        la_code=la_code, establishment=establishment,
        calendar=build_calendar(first, last, rng),
        am=SessionTimes(am_start, _plus_minutes(am_start, rng.choice((15, 20, 30)))),
        pm=SessionTimes(pm_start, _plus_minutes(pm_start, rng.choice((10, 15, 20)))),
        lessons_per_day=lessons_per_day,
        subjects=PRIMARY_SUBJECTS if primary else _secondary_subjects(lessons_per_day),
    )


def _head_teacher(rng: random.Random) -> str:
    titles, names = ((WOMEN_TITLES, WOMEN_GIVEN_NAMES) if rng.random() < 0.65
                     else (MEN_TITLES, MEN_GIVEN_NAMES))
    return f"{rng.choice(titles)} {rng.choice(names)} {rng.choice(FAMILY_NAMES)}"


def _secondary_subjects(lessons_per_day: int) -> tuple[tuple[str, int], ...]:
    # The week holds 25 lessons; a six-lesson day gives the first five subjects one more.
    extra = 5 * lessons_per_day - sum(count for _, count in SECONDARY_SUBJECTS)
    return tuple((name, count + (1 if index < extra else 0))
                 for index, (name, count) in enumerate(SECONDARY_SUBJECTS))


def _plus_minutes(at: time, minutes: int) -> time:
    moment = datetime.combine(date(2000, 1, 1), at) + timedelta(minutes=minutes)
    return moment.time()
