"""Who the clock-driven texts go to: pure rules over one pupil's recent day codes.

`days` maps each school day with marks to that day's latest codes (AM, PM). Rules, as
stated to staff:
- Friday pattern (7.4): absent (any absence code) on at least `absent_fridays` of the
  last `of_last_fridays` Fridays that had a register (default 2 of the last 6).
- Unauthorised absence this week (10.1): at least one unauthorised session (G, N, O, U)
  since Monday.
- Golden-hour nudge (1.1): below the letter threshold year to date (95%), or absent on
  the last school day, or the Friday pattern above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from shared.kernel import Category, category_of

DayCodes = Mapping[date, Sequence[str]]
FRIDAY = 4
_ABSENT = (Category.AUTHORISED, Category.UNAUTHORISED)


@dataclass(frozen=True)
class FridayRule:
    absent_fridays: int = 2
    of_last_fridays: int = 6

    def stated(self) -> str:
        return (f"absent on at least {self.absent_fridays} of the last "
                f"{self.of_last_fridays} Fridays with a register")


def absent_on(codes: Sequence[str]) -> bool:
    return any(category_of(code) in _ABSENT for code in codes)


def friday_pattern(days: DayCodes, today: date, rule: FridayRule) -> bool:
    fridays = sorted((d for d in days if d.weekday() == FRIDAY and d < today), reverse=True)
    recent = fridays[:rule.of_last_fridays]
    return sum(1 for d in recent if absent_on(days[d])) >= rule.absent_fridays


def unauthorised_this_week(days: DayCodes, today: date) -> bool:
    monday = today - timedelta(days=today.weekday())
    return any(category_of(code) is Category.UNAUTHORISED
               for day, codes in days.items() if monday <= day <= today for code in codes)


def absent_last_school_day(days: DayCodes, today: date) -> bool:
    earlier = [d for d in days if d < today]
    return bool(earlier) and absent_on(days[max(earlier)])


def needs_nudge(days: DayCodes, today: date, below_letter_threshold: bool,
                rule: FridayRule) -> bool:
    return (below_letter_threshold or absent_last_school_day(days, today)
            or friday_pattern(days, today, rule))
