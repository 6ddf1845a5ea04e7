"""Who the weekly unauthorised-absence text goes to: a pure rule over one pupil's recent
day codes.

`days` maps each school day with marks to that day's latest codes (AM, PM). Rule, as
stated to staff:
- Unauthorised absence this week (10.1): at least one unauthorised session (G, N, O, U)
  since Monday.
The golden-hour nudge (1.1) and the Friday pattern (7.4) follow the kernel's nudge rule,
shared with the office's golden-hour list (services.comms.nudges).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from shared.kernel import Category, category_of

DayCodes = Mapping[date, Sequence[str]]


def unauthorised_this_week(days: DayCodes, today: date) -> bool:
    monday = today - timedelta(days=today.weekday())
    return any(category_of(code) is Category.UNAUTHORISED
               for day, codes in days.items() if monday <= day <= today for code in codes)
