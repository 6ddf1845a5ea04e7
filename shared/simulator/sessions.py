"""The codes one pupil gets on one school day, before trips and corrections.

Whole-day absences (illness, unexplained days, leave, religious observance,
suspension) start with a chance set by the pupil's habits and the day's factor and
may run over several school days; otherwise each session is decided on its own
(appointments, unexplained sessions, lateness, part-time afternoons, sport).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from shared.simulator.calibration import PhaseProfile
from shared.simulator.model import Habits, Pupil
from shared.simulator.seasonality import FRIDAY_AFTERNOON_FACTOR

ILLNESS_LENGTHS = ((1, 55), (2, 27), (3, 11), (4, 4), (5, 2), (8, 1))
LONG_ILLNESS_LENGTHS = ((2, 20), (3, 20), (5, 25), (8, 20), (12, 15))
CHRONIC = 0.25  # absence rate from which illness comes in long spells
SENT_HOME_SHARE = 0.2  # one-day illnesses that begin at lunchtime
UNEXPLAINED_RUNS = (1, 1, 2, 3)  # days in a row a persistent absentee stays away
UNEXPLAINED_RUN = sum(UNEXPLAINED_RUNS) / len(UNEXPLAINED_RUNS)


@dataclass(frozen=True)
class DayCodes:
    """The morning and afternoon codes (lateness minutes are the register's business)."""

    am: str
    pm: str


@dataclass
class Spell:
    """A run of whole days away, carried over to the next school days."""

    code: str
    days_left: int


@dataclass(frozen=True)
class Chances:
    """Per-day and per-session chances for a pupil on an average day."""

    illness_day: float
    illness_lengths: tuple[tuple[int, int], ...]
    unexplained_day: float
    unexplained_session: float
    leave_day: float
    religious_day: float
    appointment_session: float
    suspension_day: float


def chances_for(habits: Habits, profile: PhaseProfile) -> Chances:
    """Turn shares of sessions into chances on the days the pupil is not already away.

    With whole-day spells starting with chance p_k and lasting L_k days on average, the
    share of days away is w = S / (1 + S) where S = sum(p_k * L_k); so each chance is
    its share divided by (1 - w) and by its mean length.
    """
    rate = habits.absence_rate
    authorised = rate * (1 - habits.unauthorised_share)
    unexplained = rate * habits.unauthorised_share
    weights = dict(profile.authorised_weights)
    share = {code: authorised * weight / sum(weights.values())
             for code, weight in weights.items()}
    chronic = rate >= CHRONIC
    lengths = LONG_ILLNESS_LENGTHS if chronic else ILLNESS_LENGTHS
    mean_length = sum(n * w for n, w in lengths) / sum(w for _, w in lengths)
    whole_days = share["I"] + share["C"] + share["R"] + unexplained / 2
    free = 1 / (1 - min(whole_days, 0.95))
    return Chances(
        illness_day=share["I"] / mean_length * free,
        illness_lengths=lengths,
        unexplained_day=unexplained / 2 / (UNEXPLAINED_RUN if chronic else 1.0) * free,
        unexplained_session=unexplained / 2 * free,
        leave_day=share["C"] * free,
        religious_day=share["R"] * free,
        appointment_session=share["M"] * free,
        suspension_day=profile.suspension_rate / 2 * rate / profile.discretionary_absence,
    )


class SessionDecider:
    """Decides a pupil's codes day by day; keeps the spells that run over days."""

    def __init__(self, profile: PhaseProfile, rng: random.Random) -> None:
        self._profile = profile
        self._rng = rng
        self._chances: dict[str, Chances] = {}
        self._spells: dict[str, Spell] = {}

    def decide(self, pupil: Pupil, day: date, factor: float) -> DayCodes:
        spell = self._spells.get(pupil.upn)
        if spell is not None and spell.days_left > 0:
            spell.days_left -= 1
            return DayCodes(spell.code, spell.code)
        chances = self._chances.get(pupil.upn)
        if chances is None:
            chances = self._chances[pupil.upn] = chances_for(pupil.habits, self._profile)
        whole_day = self._whole_day(pupil, chances, factor)
        if whole_day is not None:
            return whole_day
        return DayCodes(self._morning(pupil.habits, chances, factor),
                        self._afternoon(pupil.habits, chances, factor, day))

    def _whole_day(self, pupil: Pupil, chances: Chances, factor: float) -> DayCodes | None:
        pick = self._rng.random()
        for code, chance in (("I", chances.illness_day), ("O", chances.unexplained_day),
                             ("C", chances.leave_day), ("R", chances.religious_day),
                             ("E", chances.suspension_day)):
            chance *= factor if code in "IO" else 1.0
            if pick < chance:
                return self._start_spell(pupil, code, chances)
            pick -= chance
        return None

    def _start_spell(self, pupil: Pupil, code: str, chances: Chances) -> DayCodes:
        rng = self._rng
        if code == "I":
            days = rng.choices([n for n, _ in chances.illness_lengths],
                               weights=[w for _, w in chances.illness_lengths])[0]
            if days == 1 and rng.random() < SENT_HOME_SHARE:
                return DayCodes("/", "I")
        elif code in "OE":
            days = rng.choice(UNEXPLAINED_RUNS) if pupil.habits.absence_rate >= CHRONIC else 1
            days = rng.choice((1, 2, 3)) if code == "E" else days
        else:
            days = 1
        self._spells[pupil.upn] = Spell(code, days - 1)
        return DayCodes(code, code)

    def _morning(self, habits: Habits, chances: Chances, factor: float) -> str:
        return self._pick((("M", chances.appointment_session),
                           ("O", chances.unexplained_session * 0.7 * factor),
                           ("U", habits.late_after_close_rate),
                           ("L", habits.late_rate)), "/")

    def _afternoon(self, habits: Habits, chances: Chances, factor: float, day: date) -> str:
        if day.weekday() in habits.part_time_weekdays:
            return "C2"
        # Unexplained afternoons peak on Fridays.
        friday = FRIDAY_AFTERNOON_FACTOR if day.weekday() == 4 else 1.0
        return self._pick((("M", chances.appointment_session),
                           ("O", chances.unexplained_session * 1.3 * factor * friday),
                           ("P", self._profile.sport_afternoon_rate),
                           ("L", habits.late_rate * 0.15)), "\\")

    def _pick(self, chances: tuple[tuple[str, float], ...], otherwise: str) -> str:
        pick = self._rng.random()
        for code, chance in chances:
            if pick < chance:
                return code
            pick -= chance
        return otherwise
