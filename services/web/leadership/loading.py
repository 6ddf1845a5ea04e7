"""Loading a school's register for the leadership pages, cached by school version.

The year-to-date figures come from ReadViews (one read of the whole school, cached by
the school's version); the register built from them (bands and four-week trends) and
the year-group charts are cached here the same way, so a reload while no mark has
arrived costs one small read of the school's document.

While registers are being taken the school's version moves every few seconds, and a
2,000-pupil register takes over a second to rebuild: rebuilt for every version, 20
leaders reloading would all wait on rebuilds. So a register may be up to
REGISTER_MAX_AGE_S behind the newest mark (the page says when it was built), only one
request rebuilds a school's register at a time, and the others meanwhile get the one
built before.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Depends, Request

from services.web.charts import TrendChart, trend_chart
from services.web.figures import SchoolFigures, calendar_of, weekly_trend
from services.web.leadership.bands import school_thresholds
from services.web.leadership.register import RegisterEntry, TrendWindows, build_register
from services.web.readmodel import SchoolRecord
from services.web.views import ReadViews, describe_period
from shared.kernel import SchoolCalendar, Thresholds, window_for

# Registers, charts and rendered page bodies: a 2,000-pupil school's views (pages, year
# groups, classes, bands, groups) number about 40.
CACHED_REGISTERS = 256
# How stale a school's version may be when deciding a cached register is current.
SCHOOL_FRESH_S = 1.0
# How far behind the newest mark a register may be served while another is being built.
REGISTER_MAX_AGE_S = 30.0
SCHOOL_TIME = ZoneInfo("Europe/London")
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
    built_at: datetime

    @property
    def as_of(self) -> date:
        return self.figures.period.as_of

    @property
    def built_locally(self) -> str:
        """When these figures were worked out, in school time (e.g. 09:14)."""
        return self.built_at.astimezone(SCHOOL_TIME).strftime("%H:%M")

    @property
    def period_text(self) -> str:
        return describe_period(self.figures.period)

    @property
    def first_school_day(self) -> date | None:
        """The first school day of the academic year (later admissions joined mid-year)."""
        start = self.figures.period.window.start
        return next(iter(self.calendar.school_days(start, self.as_of)), None)


class RegisterCache:
    """Least-recently-used results keyed by school version (one per app), and each
    school's record as last read, for at most SCHOOL_FRESH_S."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._schools: dict[str, tuple[float, SchoolRecord]] = {}
        self._latest: dict[tuple[str, date], tuple[float, SchoolRegister]] = {}
        self._rebuilding: dict[str, asyncio.Lock] = {}
        self._clock = clock

    def get(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        if key not in self._items:
            self._items[key] = build()
            while len(self._items) > CACHED_REGISTERS:
                self._items.popitem(last=False)
        self._items.move_to_end(key)
        value: T = self._items[key]
        return value

    def held(self, key: tuple[Any, ...]) -> Any | None:
        return self._items.get(key)

    def latest(self, school_urn: str, as_of: date,
               max_age_s: float | None = None) -> SchoolRegister | None:
        """The register last built for this school and date, if built within
        `max_age_s` (any age when None)."""
        held = self._latest.get((school_urn, as_of))
        if held is None or (max_age_s is not None and self._clock() - held[0] > max_age_s):
            return None
        return held[1]

    def keep_latest(self, register: SchoolRegister) -> None:
        self._latest[(register.school.school_urn, register.as_of)] = (self._clock(), register)

    def rebuilding(self, school_urn: str) -> asyncio.Lock:
        """Held while a request rebuilds the school's register."""
        return self._rebuilding.setdefault(school_urn, asyncio.Lock())

    async def recent_school(self, views: ReadViews, school_urn: str) -> SchoolRecord:
        """The school's record, read again once it is SCHOOL_FRESH_S old: 20 staff
        reloading share one read a second instead of one each."""
        now = self._clock()
        held = self._schools.get(school_urn)
        if held is None or now - held[0] > SCHOOL_FRESH_S:
            held = (now, await views.school(school_urn))
            self._schools[school_urn] = held
        return held[1]


def register_cache(request: Request) -> RegisterCache:
    state = request.app.state
    if not hasattr(state, "leadership_cache"):
        state.leadership_cache = RegisterCache()
    cache: RegisterCache = state.leadership_cache
    return cache


Cache = Annotated[RegisterCache, Depends(register_cache)]


def thresholds_of(school: SchoolRecord) -> Thresholds:
    """The school's own thresholds from its settings (the seed plan's until they arrive)."""
    return school_thresholds(school.settings.get("thresholds"))


async def load_register(views: ReadViews, cache: RegisterCache, school_urn: str,
                        as_of: date | None) -> SchoolRegister:
    """The school's year-to-date register, at most REGISTER_MAX_AGE_S behind its newest
    mark; 404 (NotFoundError) for an unknown school."""
    recent = await cache.recent_school(views, school_urn)
    day = as_of or views.default_as_of(recent)
    held = cache.held(("register", school_urn, recent.version, day))
    if isinstance(held, SchoolRegister):
        return held
    lock = cache.rebuilding(school_urn)
    recent_enough = cache.latest(school_urn, day, REGISTER_MAX_AGE_S)
    if recent_enough is not None:
        return recent_enough
    earlier = cache.latest(school_urn, day)
    if earlier is not None and lock.locked():
        return earlier  # another request is building the next one
    async with lock:
        built = cache.latest(school_urn, day, REGISTER_MAX_AGE_S)
        if built is not None:  # built while this request waited
            return built
        school, figures = await views.school_figures(school_urn, "ytd", as_of)
        key = ("register", school_urn, school.version, figures.period.as_of)
        held = cache.held(key)
        register = (held if isinstance(held, SchoolRegister)
                    else await asyncio.to_thread(_built_register, school, figures))
        cache.get(key, lambda: register)
        cache.keep_latest(register)
        return register


def _built_register(school: SchoolRecord, figures: SchoolFigures) -> SchoolRegister:
    calendar = calendar_of(school)
    thresholds = thresholds_of(school)
    entries, windows = build_register(figures, calendar, thresholds)
    return SchoolRegister(school, figures, calendar, thresholds, entries, windows,
                          datetime.now(UTC))


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
