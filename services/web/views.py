"""What the pages and the read API ask for: one school's figures, a pupil's, the schools.

Handlers call these with parsed parameters; these load from the store in as few reads
as possible (one for a whole school) and compute with the kernel. A school's figures
are cached by the school's read-model version, so a page reloaded while no mark has
arrived costs one small read; any write to the school makes a new version.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.web.figures import (
    Period,
    SchoolFigures,
    WeekPoint,
    calendar_of,
    period_for,
    pupil_attendance,
    school_figures,
    weekly_trend,
)
from services.web.readmodel import PupilRecord, SchoolRecord, SignalRecord
from services.web.store import ReadModelStore
from shared.kernel import WINDOW_NAMES, SchoolCalendar, WindowName, window_for

CACHED_SCHOOL_VIEWS = 32


class NotFoundError(LookupError):
    """Nothing about this school or pupil has arrived; the message says which."""


@dataclass(frozen=True)
class PupilView:
    """Everything the pupil page shows: figures per window, marks and signals."""

    school: SchoolRecord
    pupil: PupilRecord
    calendar: SchoolCalendar
    as_of: date
    periods: dict[str, Period]
    by_window: dict[str, dict[str, Any]]
    signals: list[SignalRecord]


class ReadViews:
    """Read side of the web service over a ReadModelStore."""

    def __init__(self, store: ReadModelStore, today: Callable[[], date]) -> None:
        self._store = store
        self._today = today
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    async def schools(self, visible: Collection[str] | None) -> list[SchoolRecord]:
        return await self._store.schools(visible)

    async def school(self, school_urn: str) -> SchoolRecord:
        school = await self._store.school(school_urn)
        if school is None:
            raise NotFoundError(f"No school {school_urn} is known here: no settings or marks "
                                "for it have arrived. Check the URN.")
        return school

    def default_as_of(self, school: SchoolRecord) -> date:
        """The latest day holding marks for the school (today if it has none yet)."""
        return school.latest_mark_day or self._today()

    async def school_figures(self, school_urn: str, window: WindowName,
                             as_of: date | None) -> tuple[SchoolRecord, SchoolFigures]:
        school = await self.school(school_urn)
        day = as_of or self.default_as_of(school)
        key = ("figures", school_urn, school.version, window, day)
        if key not in self._cache:
            calendar = calendar_of(school)
            pupils = await self._store.pupils(school_urn)
            self._remember(key, school_figures(school_urn, pupils,
                                               calendar, period_for(calendar, window, day)))
        return school, self._cache[key]

    async def trend(self, school: SchoolRecord, as_of: date) -> list[WeekPoint]:
        """Weekly attendance of the school over the year to date."""
        key = ("trend", school.school_urn, school.version, as_of)
        if key not in self._cache:
            calendar = calendar_of(school)
            pupils = await self._store.pupils(school.school_urn)
            self._remember(key, weekly_trend(pupils, calendar, window_for("ytd", as_of,
                                                                           calendar)))
        trend: list[WeekPoint] = self._cache[key]
        return trend

    async def pupil_attendance(self, school_urn: str, upn: str, window: WindowName,
                               as_of: date | None) -> dict[str, Any]:
        school, pupil = await self._school_and_pupil(school_urn, upn)
        calendar = calendar_of(school)
        period = period_for(calendar, window, as_of or self.default_as_of(school))
        return pupil_attendance(pupil, calendar, period)

    async def pupil_view(self, school_urn: str, upn: str, as_of: date | None) -> PupilView:
        school, pupil = await self._school_and_pupil(school_urn, upn)
        calendar = calendar_of(school)
        day = as_of or self.default_as_of(school)
        periods: dict[str, Period] = {name: period_for(calendar, name, day)
                                      for name in WINDOW_NAMES}
        by_window: dict[str, dict[str, Any]] = {name: pupil_attendance(pupil, calendar, period)
                     for name, period in periods.items()}
        signals = await self._store.signals(school_urn, pupil.upn)
        return PupilView(school, pupil, calendar, day, periods, by_window, signals)

    async def _school_and_pupil(self, school_urn: str, upn: str
                                ) -> tuple[SchoolRecord, PupilRecord]:
        school = await self.school(school_urn)
        pupil = await self._store.pupil(school_urn, upn.strip().upper())
        if pupil is None:
            raise NotFoundError(f"No pupil with this UPN is known at school {school_urn}: "
                                "no roster entry or marks for them have arrived. Check the "
                                "UPN.")
        return school, pupil

    def _remember(self, key: tuple[Any, ...], value: Any) -> None:
        self._cache[key] = value
        self._cache.move_to_end(key)
        while len(self._cache) > CACHED_SCHOOL_VIEWS:
            self._cache.popitem(last=False)


def describe_period(period: Period) -> str:
    """"year to date, 1 Sep 2026 to 9 Oct 2026" - for headings."""
    names = {"ytd": "year to date", "term": "this term", "half_term": "this half-term",
             "week": "this week"}
    window = period.window
    return (f"{names.get(window.name, window.name)}, {window.start:%-d %b %Y} to "
            f"{window.end:%-d %b %Y}")
