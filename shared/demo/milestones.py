"""The plan's dated moments that the demo's clock visits besides the replayed school days,
and the simulated period that makes the replay end the first autumn half-term.

As the comms service runs them (services/comms/cadence.py):
- the head teacher's letters (4.3) are drafted in a batch on 30 September, 31 January
  and 30 April, or up to 14 days later when that date was missed;
- the attendance leaflet's blanket drop (4.1) runs on the first day of the school's
  autumn half-term break, from the term dates in its settings (the simulator sends
  each school's calendar there).

The clock stops at 06:00 that day: texts are in their quiet hours, no job is due and no
register has closed, so comms does only that and risk checks no register. The backfill
goes in with the clock before the first school day, so a date inside it would be missed:
the demo sends the marks recorded before the stop, moves the clock there until the
letters are on the staff pages, then leaves it at noon on the following Saturday while
the rest of the backfill goes in (texts about earlier days are too late by then, later
days have not come, and no school day's register is checked). A drop that falls in the
replayed week, or on the first day of the break straight after it, is visited that
morning before the day's steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shared.kernel import academic_year_start, week_start
from shared.simulator.model import School, Trust
from shared.simulator.school_year import TermDates

LONDON = ZoneInfo("Europe/London")
# Comms' default batch dates (month, day); the simulated schools set no others.
LETTER_BATCHES = ((9, 30), (1, 31), (4, 30))
BATCH_CATCH_UP = timedelta(days=14)
EARLY = time(6, 0)  # in texts' quiet hours, before any job or register of the day
WAITING = time(12, 0)  # on a Saturday, while the rest of the backfill goes in
SATURDAY = 5

LETTERS_LABEL = "head teacher's letters drafted for pupils below 95%, for leaders to review"
DROP_LABEL = "half-term begins: blanket leaflet drop to families of pupils below 96%"


@dataclass(frozen=True)
class Milestone:
    """A moment the clock stops at, what happens then, and the letters it makes: their
    kind as the letters queue names it, what to call them, and at which schools."""

    moment: datetime
    label: str
    action: str  # the plan's number, e.g. "4.1"
    letter_kind: str
    noun: str
    school_urns: tuple[str, ...]
    # Where the clock waits afterwards while more of the backfill goes in (None: it
    # stays until the replay moves it).
    then: datetime | None = None

    def seen(self, counts: Mapping[str, int], waited_s: float) -> str:
        """What the letters queues showed, e.g. "412 leaflets in 3 schools' letters queues"."""
        total = sum(counts.get(urn, 0) for urn in self.school_urns)
        if not total:
            return (f"no {self.noun} in the letters queue yet after {waited_s:.0f} s: comms "
                    "is behind the clock and they appear there once it has made them")
        schools = len(self.school_urns)
        having = sum(1 for urn in self.school_urns if counts.get(urn))
        if having < schools:
            where = f"{having} of {schools} schools' letters queues so far (comms is still at it)"
        else:
            where = "the letters queue" if schools == 1 else f"{schools} schools' letters queues"
        noun = self.noun.removesuffix("s") if total == 1 else self.noun
        return f"{total} {noun} in {where}"


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON)


def leaflet_drop_days(school: School) -> list[date]:
    """The first day of the half-term break of each academic year's first term."""
    first_terms: dict[date, TermDates] = {}
    for term in sorted(school.calendar.terms, key=lambda t: t.start):
        first_terms.setdefault(academic_year_start(term.start), term)
    return [term.half_term_start for term in first_terms.values()]


def half_term_eve(trust: Trust) -> date:
    """The day before the last of the trust's autumn half-term breaks begins."""
    year = academic_year_start(trust.first_day + timedelta(days=7))
    drops = [day for school in trust.schools for day in leaflet_drop_days(school)
             if academic_year_start(day) == year]
    return max(drops) - timedelta(days=1)


def start_ending_at_half_term(trust: Trust, weeks: int) -> date:
    """The first day of `weeks` whole weeks ending on the trust's half-term eve."""
    return half_term_eve(trust) - timedelta(weeks=weeks) + timedelta(days=1)


def backfill_milestones(trust: Trust, first_replayed: date) -> list[Milestone]:
    """Letter batches and leaflet drops inside the backfill that the replay would miss."""
    found = []
    for batch in _batch_dates(trust.first_day, first_replayed - timedelta(days=1)):
        if batch + BATCH_CATCH_UP <= first_replayed:  # else the replay's first step drafts it
            found.append(Milestone(local(batch, EARLY), LETTERS_LABEL, "4.3",
                                   "head teacher letter", "drafts",
                                   tuple(school.urn for school in trust.schools),
                                   then=_saturday_noon_after(batch)))
    for day, urns in _drops(trust.schools).items():
        if trust.first_day <= day < first_replayed and (
                week_start(day) != week_start(first_replayed)):
            found.append(_drop(local(day, EARLY), urns, then=_saturday_noon_after(day)))
    return sorted(found, key=lambda milestone: milestone.moment)


def _saturday_noon_after(day: date) -> datetime:
    return local(day + timedelta(days=(SATURDAY - day.weekday() - 1) % 7 + 1), WAITING)


def replay_milestones(trust: Trust, replayed: list[date]) -> list[Milestone]:
    """Leaflet drops on a replayed day, or on the first day of the break that follows a
    school's last replayed day."""
    if not replayed:
        return []
    found = []
    for day, urns in _drops(trust.schools).items():
        due = [urn for urn in urns if _reached(day, replayed, _school(trust, urn))]
        if due:
            found.append(_drop(local(day, EARLY), tuple(due)))
    return sorted(found, key=lambda milestone: milestone.moment)


def _reached(drop: date, replayed: list[date], school: School) -> bool:
    if replayed[0] <= drop <= replayed[-1]:
        return True
    between = school.calendar.school_days(replayed[-1] + timedelta(days=1),
                                          drop - timedelta(days=1))
    return drop > replayed[-1] and not between


def _drop(moment: datetime, urns: tuple[str, ...], then: datetime | None = None) -> Milestone:
    return Milestone(moment, DROP_LABEL, "4.1", "attendance leaflet", "leaflets", urns, then)


def _drops(schools: Iterable[School]) -> dict[date, tuple[str, ...]]:
    by_day: dict[date, list[str]] = {}
    for school in schools:
        for day in leaflet_drop_days(school):
            by_day.setdefault(day, []).append(school.urn)
    return {day: tuple(urns) for day, urns in sorted(by_day.items())}


def _school(trust: Trust, urn: str) -> School:
    return next(school for school in trust.schools if school.urn == urn)


def _batch_dates(first: date, last: date) -> list[date]:
    years = range(first.year, last.year + 1)
    return sorted(day for year in years for month, d in LETTER_BATCHES
                  if first <= (day := date(year, month, d)) <= last)
