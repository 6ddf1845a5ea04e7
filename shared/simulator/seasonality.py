"""How likely absence is on a given school day, relative to the school's average day.

Friday is the worst day; absence climbs through each half-term and peaks in the
week before a break; illness rises through late autumn. Factors are normalised over
all the school's school days, so they move absence between days without changing
the school's yearly rate.
"""

from __future__ import annotations

import math
from datetime import date

from shared.simulator.school_year import SchoolYear

WEEKDAY_FACTOR = (1.0, 0.96, 0.93, 0.97, 1.1)  # Monday to Friday
FRIDAY_AFTERNOON_FACTOR = 1.35  # extra for unexplained absence on Friday afternoons
ILLNESS_WAVE_PEAK = (12, 1)  # 1 December
ILLNESS_WAVE_HEIGHT = 0.5
ILLNESS_WAVE_WIDTH_DAYS = 28


def day_factors(calendar: SchoolYear) -> dict[date, float]:
    """A factor per school day of the calendar; their mean is 1."""
    raw: dict[date, float] = {}
    for first, last in calendar.half_terms():
        days = calendar.school_days(first, last)
        for index, day in enumerate(days):
            raw[day] = (WEEKDAY_FACTOR[day.weekday()] * _climb(index, len(days))
                        * _illness_wave(day))
    mean = sum(raw.values()) / max(len(raw), 1)
    return {day: factor / mean for day, factor in raw.items()}


def _climb(index: int, length: int) -> float:
    progress = index / max(length - 1, 1)
    last_week = index >= length - 5
    return (0.88 + 0.2 * progress) * (1.12 if last_week else 1.0)


def _illness_wave(day: date) -> float:
    month, day_of_month = ILLNESS_WAVE_PEAK
    year = day.year if day.month >= 7 else day.year - 1
    distance = (day - date(year, month, day_of_month)).days
    return 1 + ILLNESS_WAVE_HEIGHT * math.exp(-((distance / ILLNESS_WAVE_WIDTH_DAYS) ** 2))
