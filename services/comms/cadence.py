"""When the attendance leaflet (4.1) and the head teacher's letters (4.3) are drafted.

Pure: the time, the school's settings and each pupil's day codes are arguments.
Rules, as stated to staff:
- Leaflet below 96%: a blanket drop at the end of the first half-term, then weekly.
  The drop runs on the first day of the autumn half-term break (the school's own term
  dates from its settings; without term dates, the last Monday of October). From then
  on it runs once a school week, on the first run of the clock after the school's end
  of day on Friday. Each run gives a leaflet to every pupil on roll whose attendance
  this school year, as comms holds the marks that day, is below the leaflet threshold
  and who has had no leaflet this school year: one leaflet per pupil per year.
- Head teacher's letters below 95%: drafted in batches on 30 September, 31 January and
  30 April (a school may set `message_schedule.head_teacher_letter_batches`, "MM-DD"
  each), one draft per pupil below the letter threshold that day, for staff to review,
  edit and approve before they are issued. A batch missed while comms was down is still
  drafted within 14 days of its date, never later.
Thresholds are the school's (`thresholds.leaflet_below_pct`, `letter_below_pct`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from services.comms.model import SchoolPolicy
from services.comms.rules import local
from shared.kernel import (
    Category,
    MarkError,
    Thresholds,
    academic_year_start,
    attendance_below,
    category_of,
    percentage,
    week_start,
)

DayCodes = Mapping[date, Sequence[str]]
FRIDAY = 4
DEFAULT_BATCHES = ("09-30", "01-31", "04-30")
BATCH_CATCH_UP = timedelta(days=14)


@dataclass(frozen=True)
class YearToDate:
    attended: int = 0
    possible: int = 0
    authorised: int = 0
    unauthorised: int = 0
    # The first and last marked days counted: the window the figures are as of.
    first_day: date | None = None
    last_day: date | None = None

    def below(self, pct: float) -> bool:
        return self.possible > 0 and attendance_below(self.attended, self.possible, pct)

    def detail(self, threshold_pct: float) -> dict[str, Any]:
        """The figures a letter states (the keys of services.comms.documents)."""
        return {"attendance_pct": percentage(self.attended, self.possible),
                "authorised": self.authorised, "unauthorised": self.unauthorised,
                "threshold_pct": threshold_pct,
                "window_start": self.first_day.isoformat() if self.first_day else None,
                "as_of": self.last_day.isoformat() if self.last_day else None}


def year_to_date(days: DayCodes) -> YearToDate:
    """Sessions of the pupil's marked days, by category (missing marks are not possible)."""
    counts = {category: 0 for category in Category}
    for codes in days.values():
        for code in codes:
            counts[category_of(code)] += 1
    attended = counts[Category.PRESENT] + counts[Category.AEA]
    absent = (counts[Category.AUTHORISED], counts[Category.UNAUTHORISED])
    return YearToDate(attended, attended + sum(absent), *absent,
                      first_day=min(days, default=None), last_day=max(days, default=None))


def thresholds(policy: SchoolPolicy) -> Thresholds:
    try:
        return Thresholds.from_settings(policy.raw.get("thresholds"))
    except MarkError:
        return Thresholds()  # settings are checked at intake; never stop the letters


def blanket_drop_day(policy: SchoolPolicy, today: date) -> date:
    """The first day of this school year's autumn half-term break."""
    year_start = academic_year_start(today)
    for term in sorted(policy.raw.get("terms") or [], key=lambda t: str(t["start"])):
        start, half = date.fromisoformat(str(term["start"])), term.get("half_term_start")
        if start >= year_start and half:
            return date.fromisoformat(str(half))
    last = date(year_start.year, 10, 31)
    return last - timedelta(days=last.weekday())


def leaflet_run(policy: SchoolPolicy, now: datetime) -> str | None:
    """The leaflet run due now (its week's Monday), or None before the drop / the slot."""
    moment = local(now)
    today, drop = moment.date(), blanket_drop_day(policy, moment.date())
    if today < drop:
        return None
    week = week_start(today)
    if week == week_start(drop):
        return week.isoformat()
    slot_passed = today.weekday() > FRIDAY or (
        today.weekday() == FRIDAY and moment.time() >= policy.end_of_day)
    return week.isoformat() if slot_passed else None


def letter_batch(policy: SchoolPolicy, now: datetime) -> date | None:
    """The head teacher's letter batch due now, or None."""
    today = local(now).date()
    raw = (policy.raw.get("message_schedule") or {}).get("head_teacher_letter_batches")
    chosen = raw if isinstance(raw, list) and raw else DEFAULT_BATCHES
    for month_day in chosen:
        month, day = (int(part) for part in str(month_day).split("-"))
        for year in (today.year - 1, today.year):
            batch = date(year, month, day)
            if batch <= today < batch + BATCH_CATCH_UP:
                return batch
    return None
