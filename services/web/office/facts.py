"""Facts about a pupil's day and year that several lists ask, computed with the kernel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from services.web.office.inputs import OfficePupil
from services.web.office.rules import OfficeRules
from shared.kernel import (
    Category,
    Figures,
    Mark,
    SchoolCalendar,
    category_of,
    latest_marks,
    pupil_figures,
    window_for,
)

SCHOOL_TIME = ZoneInfo("Europe/London")
ABSENT = (Category.AUTHORISED, Category.UNAUTHORISED)


@dataclass(frozen=True)
class OfficeDay:
    """The day a list is for, the school's calendar and rules, and the time it is now."""

    day: date
    calendar: SchoolCalendar
    rules: OfficeRules
    now: datetime

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(SCHOOL_TIME)

    def has_passed(self, moment: time) -> bool:
        """Whether `moment` on the list's day is past, school-local (any later day is)."""
        local = self.local_now
        return local.date() > self.day or (local.date() == self.day and local.time() > moment)

    def has_reached(self, moment: time) -> bool:
        """Whether it is `moment` or later on the list's day, school-local."""
        local = self.local_now
        return local.date() > self.day or (local.date() == self.day and local.time() >= moment)

    @property
    def is_school_day(self) -> bool:
        return self.calendar.is_school_day(self.day)

    def previous_school_day(self) -> date | None:
        earlier = self.calendar.school_days(date(self.day.year - 1, 9, 1), self.day)
        earlier = [d for d in earlier if d < self.day]
        return earlier[-1] if earlier else None

    def school_days_back(self, count: int) -> list[date]:
        """The last `count` school days up to and including the list's day."""
        days = self.calendar.school_days(date(self.day.year - 1, 9, 1), self.day)
        return days[-count:]


def on_roll(pupil: OfficePupil, day: date) -> bool:
    enrolment = pupil.enrolment
    return ((enrolment.admission_date is None or enrolment.admission_date <= day)
            and (enrolment.leaving_date is None or enrolment.leaving_date >= day))


def marks_on(pupil: OfficePupil, day: date) -> dict[str, Mark]:
    """The pupil's latest mark per session ("AM", "PM") on `day`."""
    latest = latest_marks(mark for mark in pupil.marks if mark.date == day)
    return {session: mark for (_, session), mark in latest.items()}


def absent_on(pupil: OfficePupil, day: date) -> bool:
    """Absent (authorised or unauthorised) in at least one session of `day`."""
    return any(category_of(mark.code) in ABSENT for mark in marks_on(pupil, day).values())


def ytd_figures(pupil: OfficePupil, calendar: SchoolCalendar, as_of: date) -> Figures:
    """Year-to-date figures up to `as_of`, as every other page computes them."""
    return pupil_figures(pupil.marks, pupil.enrolment, calendar,
                         window_for("ytd", as_of, calendar))


def absence_run(pupil: OfficePupil, school_days: Sequence[date]) -> list[date]:
    """The consecutive days of absence ending at the last of `school_days` (or the one
    before it, when the last has no absence yet: this morning's register may be open)."""
    days = list(school_days)
    if days and not absent_on(pupil, days[-1]):
        days.pop()
    run: list[date] = []
    for day in reversed(days):
        if not absent_on(pupil, day):
            break
        run.insert(0, day)
    return run
