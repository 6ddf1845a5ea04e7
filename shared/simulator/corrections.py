"""How registers get corrected: marks first sent as N (or a trip registered as N or
O) and re-sent later, with a later recorded_at, once the reason is known."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.simulator.model import Session

LONDON = ZoneInfo("Europe/London")

# Chance that an absence first goes in as N: (on its first day, on a later day).
FIRST_SENT_AS_N = {"I": (0.45, 0.08), "M": (0.15, 0.15), "C": (0.05, 0.05),
                   "R": (0.05, 0.05), "O": (0.85, 0.6), "G": (0.5, 0.3)}
# School days until the office settles the code: (same-day chance, latest day).
SETTLED_AFTER = {"I": (0.6, 3), "M": (0.6, 3), "C": (0.8, 2), "R": (0.8, 2),
                 "O": (0.0, 5), "G": (0.0, 6), "V": (0.7, 1)}
NEVER_SETTLED_SHARE = 0.03
AMENDMENT_COMMENTS = {
    "I": "Reason received: illness", "M": "Reason received: medical appointment",
    "C": "Leave granted by the head teacher", "R": "Reason received: religious observance",
    "O": "No reason given after follow-up", "G": "Holiday in term time, not authorised",
    "V": "Educational visit: register re-coded",
}


@dataclass(frozen=True)
class Amendment:
    """A later re-send of a mark with its settled code."""

    code: str
    after_school_days: int
    comment: str


def first_sent_code(code: str, first_day: bool,
                    rng: random.Random) -> tuple[str, Amendment | None]:
    """The code the register first sends for a session, and the amendment that follows.

    An N that is never settled stays N (the office's work list of unresolved marks).
    """
    chances = FIRST_SENT_AS_N.get(code)
    if chances is None or rng.random() >= chances[0 if first_day else 1]:
        return code, None
    if rng.random() < NEVER_SETTLED_SHARE:
        return "N", None
    return "N", settle(code, rng)


def settle(code: str, rng: random.Random) -> Amendment:
    """When and how a mark is re-sent with its settled code."""
    same_day, latest = SETTLED_AFTER[code]
    after = 0 if rng.random() < same_day else rng.randint(1, latest)
    if code in "OG":
        after = max(after, 2)  # unexplained absence is chased for a couple of days first
    return Amendment(code, after, AMENDMENT_COMMENTS[code])


def amendment_time(day: date, same_day: bool, session: Session,
                   rng: random.Random) -> datetime:
    """When the office re-sends a mark: after the morning calls, or later in the day."""
    if same_day and session == "AM":
        earliest, minutes = time(10, 0), 105
    elif same_day:
        earliest, minutes = time(14, 20), 80
    else:
        earliest, minutes = time(9, 20), 430
    moment = datetime.combine(day, earliest, tzinfo=LONDON)
    return moment + timedelta(minutes=rng.randrange(minutes), seconds=rng.randrange(60))
