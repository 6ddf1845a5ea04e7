"""The clock-driven checks: once a school's morning register has closed (and settled).

`check_register(engine, school, day, now)` is called by a timer with the wall clock in
production and by tests and the demo with a simulated time. It signals pupils on roll
with no AM mark that day, and N marks still unresolved after the school's threshold of
school days. Signals share their ids with the mark-driven ones (one a pupil a day).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.risk.engine import RiskEngine, changed_pupil, staged
from services.risk.ownership import Owns, everyone
from services.risk.ports import StoredPupil
from services.risk.pupil import PupilState
from services.risk.rules import register_closed

SCHOOL_TIME = ZoneInfo("Europe/London")
# A pupil with no roster record counts as expected only if marked this recently.
_RECENTLY_MARKED = timedelta(days=14)


def register_closes_at(day: date, close: str) -> datetime:
    """When the morning register of `day` closes, from the school's "HH:MM" local time."""
    return datetime.combine(day, time.fromisoformat(close), tzinfo=SCHOOL_TIME)


def expected_in_school(state: PupilState, day: date) -> bool:
    """On roll that day: by the roster, or (roster unknown) marked within two weeks."""
    if not state.roster.enrolment.on_roll(day):
        return False
    if state.roster.updated_at is not None:
        return True
    latest = state.tracking.latest_day
    return latest is not None and day - _RECENTLY_MARKED <= latest <= day


async def check_register(engine: RiskEngine, school_urn: str, day: date, now: datetime,
                         settle: timedelta = timedelta(0), owns: Owns = everyone) -> int | None:
    """Run the checks for `day` if its morning register closed `settle` before `now`.

    Only the pupils this worker owns are checked (each worker checks its own).
    Returns how many pupils changed, or None when there is nothing to check yet: the
    register has not closed, or `day` is not (or, with no calendar set, not yet known
    to be) a school day because no mark for it has arrived.
    """
    school = await engine.schools.register_day(school_urn)
    if now < register_closes_at(day, school.register_close_am) + settle:
        return None
    calendar, thresholds = school.context.calendar, school.context.thresholds
    if calendar is None or not calendar.is_school_day(day):
        return None

    def change(stored: StoredPupil) -> StoredPupil | None:
        if not expected_in_school(stored.state, day):
            return None
        state, emitted = register_closed(stored.state, day, calendar, thresholds)
        return changed_pupil(stored, state, staged(state, emitted, None))

    keys = await engine.pupils.school_keys(school_urn)
    return await engine.commit_keys([key for key in keys if owns(key)], change)
