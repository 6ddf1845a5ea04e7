"""Loading a school's register for the leadership pages, cached by school version.

The year-to-date figures come from ReadViews (one read of the whole school, cached by
the school's version); the register built from them (bands and four-week trends) and
the year-group charts are cached here the same way, so a reload while no mark has
arrived costs one small read of the school's document.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from services.web.charts import TrendChart, trend_chart
from services.web.figures import SchoolFigures, calendar_of, weekly_trend
from services.web.leadership.bands import school_thresholds
from services.web.leadership.register import RegisterEntry, TrendWindows, build_register
from services.web.readmodel import SchoolRecord
from services.web.views import ReadViews, describe_period
from shared.kernel import SchoolCalendar, Thresholds, window_for

CACHED_REGISTERS = 32
T = TypeVar("T")


@dataclass(frozen=True)
class SchoolRegister:
    """Everything the leadership pages show about one school on one as-of date."""

    school: SchoolRecord
    figures: SchoolFigures
    calendar: SchoolCalendar
    thresholds: Thresholds
    entries: tuple[RegisterEntry, ...]
    windows: TrendWindows

    @property
    def as_of(self) -> date:
        return self.figures.period.as_of

    @property
    def period_text(self) -> str:
        return describe_period(self.figures.period)

    @property
    def first_school_day(self) -> date | None:
        """The first school day of the academic year (later admissions joined mid-year)."""
        start = self.figures.period.window.start
        return next(iter(self.calendar.school_days(start, self.as_of)), None)


class RegisterCache:
    """Least-recently-used results keyed by school version (one per app)."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        if key not in self._items:
            self._items[key] = build()
            while len(self._items) > CACHED_REGISTERS:
                self._items.popitem(last=False)
        self._items.move_to_end(key)
        value: T = self._items[key]
        return value


def register_cache(request: Request) -> RegisterCache:
    state = request.app.state
    if not hasattr(state, "leadership_cache"):
        state.leadership_cache = RegisterCache()
    cache: RegisterCache = state.leadership_cache
    return cache


Cache = Annotated[RegisterCache, Depends(register_cache)]


def thresholds_of(school: SchoolRecord) -> Thresholds:
    # The read model's school record does not carry thresholds yet; once it does, the
    # school's own are used (the seed plan's until then).
    return school_thresholds(getattr(school, "thresholds", None))


async def load_register(views: ReadViews, cache: RegisterCache, school_urn: str,
                        as_of: date | None) -> SchoolRegister:
    """The school's year-to-date register; 404 (NotFoundError) for an unknown school."""
    school, figures = await views.school_figures(school_urn, "ytd", as_of)
    key = ("register", school_urn, school.version, figures.period.as_of)

    def build() -> SchoolRegister:
        calendar = calendar_of(school)
        thresholds = thresholds_of(school)
        entries, windows = build_register(figures, calendar, thresholds)
        return SchoolRegister(school, figures, calendar, thresholds, entries, windows)

    return cache.get(key, build)


def year_group_chart(cache: RegisterCache, register: SchoolRegister,
                     year_group: int | None) -> TrendChart:
    """Weekly attendance, year to date, of one year group (the whole school for None)."""
    key = ("chart", register.school.school_urn, register.school.version, register.as_of,
           year_group)

    def build() -> TrendChart:
        pupils = [e.row.pupil for e in register.entries
                  if year_group is None or e.year_group == year_group]
        window = window_for("ytd", register.as_of, register.calendar)
        return trend_chart(weekly_trend(pupils, register.calendar, window))

    return cache.get(key, build)
