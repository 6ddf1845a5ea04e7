"""Each pupil's attendance habits, drawn so that a school matches the national picture.

Propensities are drawn from the national spread of pupils' absence rates, raised for
free-school-meal pupils (about double) and pupils with SEN, then scaled so that the
school's mean equals the national rate for its phase. The unexplained (O) share rises
with a pupil's absence and is scaled the same way.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from shared.simulator.calibration import PhaseProfile
from shared.simulator.model import Habits, SenStatus

FSM_FACTOR = {True: 2.6, False: 0.8}
SEN_FACTOR: dict[SenStatus, float] = {"none": 0.95, "sen_support": 1.6, "ehcp": 2.2}
MAX_ABSENCE = 0.9
WITHIN_BAND_SKEW = 1.5
MAX_UNAUTHORISED_SHARE = 0.85
PART_TIME_WEEKDAYS = ((2, 3, 4), (3, 4), (0, 4), (1, 3, 4))


def assign_habits(needs: Sequence[tuple[bool, SenStatus]], profile: PhaseProfile,
                  rng: random.Random) -> list[Habits]:
    """Habits for each pupil of one school, given (fsm, sen) per pupil."""
    rates = _rates_by_need(needs, profile, rng)
    slope = _unauthorised_slope(rates, profile.unauthorised_share)
    return [_habits(rate, slope, sen, profile, rng)
            for rate, (_, sen) in zip(rates, needs, strict=True)]


def _rates_by_need(needs: Sequence[tuple[bool, SenStatus]], profile: PhaseProfile,
                   rng: random.Random) -> list[float]:
    """Draw the school's rates from the national spread, then hand the higher ones
    preferentially to pupils with FSM or SEN (weighted random order), so the spread
    keeps its shape while those pupils are away about twice as often."""
    drawn = sorted(_propensity(profile, rng) for _ in needs)
    scale = profile.discretionary_absence * len(drawn) / max(sum(drawn), 1e-9)
    order = sorted(range(len(needs)), key=lambda index: rng.random() ** (
        1 / (FSM_FACTOR[needs[index][0]] * SEN_FACTOR[needs[index][1]])))
    rates = [0.0] * len(needs)
    for rank, index in enumerate(order):
        rates[index] = min(MAX_ABSENCE, drawn[rank] * scale)
    return rates


def _propensity(profile: PhaseProfile, rng: random.Random) -> float:
    pick = rng.random() * sum(share for share, _, _ in profile.spread)
    for share, lowest, highest in profile.spread:
        if pick < share:
            # Within a band, pupils bunch towards its lower edge.
            return lowest + (highest - lowest) * rng.random() ** WITHIN_BAND_SKEW
        pick -= share
    return profile.spread[-1][2]


def _unauthorised_slope(rates: Sequence[float], target_share: float) -> float:
    """The slope s for which sum(r * min(cap, s * r)) / sum(r) equals the target share."""
    total = sum(rates)
    low, high = 0.0, 1000.0
    for _ in range(60):
        slope = (low + high) / 2
        share = sum(r * min(MAX_UNAUTHORISED_SHARE, slope * r) for r in rates) / total
        low, high = (slope, high) if share < target_share else (low, slope)
    return (low + high) / 2


def _habits(rate: float, slope: float, sen: SenStatus, profile: PhaseProfile,
            rng: random.Random) -> Habits:
    habitual_late = rng.random() < profile.habitual_late_share
    part_time_chance = profile.part_time_share * (6 if sen == "ehcp" else 1)
    part_time = rng.choice(PART_TIME_WEEKDAYS) if rng.random() < part_time_chance else ()
    return Habits(
        absence_rate=rate,
        unauthorised_share=min(MAX_UNAUTHORISED_SHARE, slope * rate),
        late_rate=profile.habitual_late_rate if habitual_late else profile.late_rate,
        late_after_close_rate=(profile.habitual_late_after_close_rate if habitual_late
                               else profile.late_after_close_rate),
        holiday_family=rng.random() < profile.holiday_family_share,
        part_time_weekdays=part_time,
    )
