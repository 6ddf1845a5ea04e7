"""Build a whole synthetic trust from a seed: schools, calendars and pupils.

Everything is drawn from random.Random(seed); nothing reads the clock, so the same
arguments always give the same trust.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from shared.simulator.corrections import LONDON
from shared.simulator.identifiers import UpnAllocator
from shared.simulator.model import Trust
from shared.simulator.roster import build_roll, roll_sizes
from shared.simulator.schools import build_schools, school_phases


def generate_trust(seed: int, schools: int, pupils: int, weeks: int, start: date,
                   secondary_schools: int | None = None) -> Trust:
    """A trust of `schools` schools and `pupils` pupils over `weeks` weeks from `start`.

    By default about a third of the schools are secondary. Raises ValueError naming
    the argument when a number is out of range.
    """
    _check("schools", schools, 1)
    _check("pupils", pupils, schools)
    _check("weeks", weeks, 1)
    rng = random.Random(seed)
    last_day = start + timedelta(days=7 * weeks - 1)
    built = build_schools(school_phases(schools, secondary_schools), start, last_day, rng)
    upns = UpnAllocator(rng)
    roll = []
    for school, size in zip(built, roll_sizes(built, pupils), strict=True):
        roll.extend(build_roll(school, size, start, last_day, upns, rng))
    # Settings and rosters are as of the evening before the first simulated day.
    updated_at = datetime.combine(start - timedelta(days=1), time(18, 0), tzinfo=LONDON)
    return Trust(seed, start, last_day, built, tuple(roll), updated_at)


def _check(name: str, value: int, lowest: int) -> None:
    if value < lowest:
        raise ValueError(f"{name} must be at least {lowest}, got {value}")
