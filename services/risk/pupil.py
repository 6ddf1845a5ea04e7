"""One pupil's attendance state, and how a mark or a roster change moves it. Pure.

The state keeps the latest mark per session, year-to-date figures per academic year
(counted incrementally: an amended mark takes its old code out of every count), the
flags that make each crossing fire once, and the ids of every signal already emitted.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import cast

from shared.kernel.codes import Category, category_of
from shared.kernel.figures import Figures
from shared.kernel.marks import Mark, Session, supersedes
from shared.kernel.pupils import Enrolment
from shared.kernel.signals import SessionKey, Signal, YearFlags, signal_id
from shared.kernel.windows import academic_year_start

_COUNTED_CATEGORIES = {
    Category.PRESENT: "present",
    Category.AEA: "aea",
    Category.AUTHORISED: "authorised",
    Category.UNAUTHORISED: "unauthorised",
}


@dataclass(frozen=True)
class Roster:
    """What the roster tells the risk service about a pupil."""

    enrolment: Enrolment = field(default_factory=Enrolment)
    independent_travel: bool = False
    updated_at: datetime | None = None


@dataclass(frozen=True)
class YearState:
    """One academic year: figures to date and where the pupil stands against thresholds."""

    figures: Figures = field(default_factory=Figures.empty)
    flags: YearFlags = field(default_factory=YearFlags)


@dataclass(frozen=True)
class Tracking:
    """What the rules remember between marks, across academic years."""

    latest_day: date | None = None
    penalty_used_through: SessionKey | None = None
    unauthorised_run_start: date | None = None
    open_n: frozenset[SessionKey] = frozenset()


def mark_line(mark: Mark) -> str:
    """A mark as one line of text: '2026-09-02_AM N 2026-09-02T08:50:00+00:00 [late]'."""
    line = f"{mark.date.isoformat()}_{mark.session} {mark.code} {mark.recorded_at.isoformat()}"
    return line if mark.minutes_late is None else f"{line} {mark.minutes_late}"


def parse_line(school_urn: str, upn: str, key: SessionKey, line: str) -> Mark:
    """The mark of a `mark_line`."""
    _, code, recorded, *late = line.split(" ")
    return Mark(school_urn, upn, key[0], cast(Session, key[1]), code,
                datetime.fromisoformat(recorded), int(late[0]) if late else None)


class MarksView(Mapping[SessionKey, Mark]):
    """The latest mark per session, read from its stored line the first time it is used.

    A pupil's document holds a year of marks; most rules look at a few recent ones, so
    marks are not all rebuilt each time the pupil is loaded.
    """

    def __init__(self, school_urn: str, upn: str, lines: Mapping[SessionKey, str],
                 parsed: dict[SessionKey, Mark]) -> None:
        self._urn, self._upn, self._lines, self._parsed = school_urn, upn, lines, parsed

    def __getitem__(self, key: SessionKey) -> Mark:
        mark = self._parsed.get(key)
        if mark is None:
            mark = parse_line(self._urn, self._upn, key, self._lines[key])
            self._parsed[key] = mark
        return mark

    def __contains__(self, key: object) -> bool:
        return key in self._lines

    def __iter__(self) -> Iterator[SessionKey]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


@dataclass(frozen=True)
class PupilState:
    """Everything the risk service knows about one pupil at one school.

    `lines` holds the latest mark per session as stored text; `marks` reads them as
    kernel Marks. `days` (sorted days holding a mark) is derived, for calendar look-ups.
    """

    school_urn: str
    upn: str
    roster: Roster = field(default_factory=Roster)
    lines: Mapping[SessionKey, str] = field(default_factory=dict)
    years: Mapping[str, YearState] = field(default_factory=dict)
    tracking: Tracking = field(default_factory=Tracking)
    signal_ids: frozenset[str] = frozenset()
    days: tuple[date, ...] = ()
    parsed: dict[SessionKey, Mark] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> str:
        """'{school_urn}:{upn}', the pupil's key on every topic and in the store."""
        return f"{self.school_urn}:{self.upn}"

    @property
    def marks(self) -> Mapping[SessionKey, Mark]:
        """The latest mark of each session."""
        return MarksView(self.school_urn, self.upn, self.lines, self.parsed)


@dataclass(frozen=True)
class Emitted:
    """A new signal with its deterministic id."""

    signal_id: str
    signal: Signal


@lru_cache(maxsize=4096)
def year_key(day: date) -> str:
    """The academic year (Sept-Aug) of a day, by its starting year: '2026' for 2026/27."""
    return str(academic_year_start(day).year)


def year_label(key: str) -> str:
    """'2026' -> '2026/27', as people write academic years."""
    return f"{key}/{(int(key) + 1) % 100:02d}"


def shifted(figures: Figures, code: str, by: int) -> Figures:
    """The figures with one session of `code` added (by=1) or taken out (by=-1)."""
    category = category_of(code)
    counts = {name: getattr(figures, name) for name in
              ("possible", "present", "aea", "authorised", "unauthorised", "missing")}
    if category in _COUNTED_CATEGORIES:
        counts[_COUNTED_CATEGORIES[category]] += by
        counts["possible"] += by
    elif category is Category.MISSING:
        counts["missing"] += by
    codes = dict(figures.codes)
    codes[code] = codes.get(code, 0) + by
    if not codes[code]:
        del codes[code]
    return Figures(**counts, codes=codes)


def _with_mark_counted(years: Mapping[str, YearState], old: Mark | None, new: Mark,
                       enrolment: Enrolment) -> dict[str, YearState]:
    if not enrolment.on_roll(new.date):
        return dict(years)
    key = year_key(new.date)
    year = years.get(key, YearState())
    figures = year.figures if old is None else shifted(year.figures, old.code, -1)
    return {**years, key: replace(year, figures=shifted(figures, new.code, 1))}


def with_mark(state: PupilState, mark: Mark) -> PupilState | None:
    """The state with `mark` as its session's latest mark; None when it changes nothing.

    A re-sent mark (equal or older recorded_at) is a no-op; an amendment replaces the
    earlier mark and takes its code out of the year's counts.
    """
    old = state.marks.get(mark.key)
    if not supersedes(mark, old):
        return None
    days = state.days
    at = bisect_left(days, mark.date)
    if at == len(days) or days[at] != mark.date:
        days = (*days[:at], mark.date, *days[at:])
    years = _with_mark_counted(state.years, old, mark, state.roster.enrolment)
    return replace(state, lines={**state.lines, mark.key: mark_line(mark)}, years=years,
                   days=days, parsed={**state.parsed, mark.key: mark})


def recounted(state: PupilState, roster: Roster) -> PupilState:
    """The state under a new roster: figures recounted over the marks on roll, flags kept."""
    figures: dict[str, Figures] = {}
    for mark in state.marks.values():
        if roster.enrolment.on_roll(mark.date):
            key = year_key(mark.date)
            figures[key] = shifted(figures.get(key, Figures.empty()), mark.code, 1)
    years = {key: YearState(figures.get(key, Figures.empty()), year.flags)
             for key, year in state.years.items()}
    years.update({key: YearState(f) for key, f in figures.items() if key not in years})
    return replace(state, roster=roster, years=years)


def with_roster(state: PupilState, roster: Roster) -> PupilState:
    """The state under a newer roster record; an older or equal updated_at is a no-op."""
    held = state.roster.updated_at
    if held is not None and roster.updated_at is not None and roster.updated_at <= held:
        return state
    if roster.enrolment == state.roster.enrolment:
        return replace(state, roster=roster)
    return recounted(state, roster)


def emit(state: PupilState, signals: list[Signal]) -> tuple[PupilState, list[Emitted]]:
    """Give each signal its id and drop any already emitted: a crossing fires once."""
    emitted: list[Emitted] = []
    ids = set(state.signal_ids)
    for signal in signals:
        new_id = signal_id(state.school_urn, state.upn, signal.kind, signal.basis)
        if new_id not in ids:
            ids.add(new_id)
            emitted.append(Emitted(new_id, signal))
    if not emitted:
        return state, []
    return replace(state, signal_ids=frozenset(ids)), emitted
