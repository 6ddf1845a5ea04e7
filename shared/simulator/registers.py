"""Register marks for the whole trust, school day by school day, in time order.

Each school takes an AM and a PM register per registration group; late arrivals are
recorded when they reach the office; corrections are re-sent on the day the office
settles them, so they come later in the stream than the marks they replace.
Generation is lazy and deterministic: the same trust always yields the same days.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from shared.simulator.calibration import PROFILES
from shared.simulator.corrections import LONDON, Amendment, amendment_time, first_sent_code, settle
from shared.simulator.model import Pupil, School, Session, SyntheticMark, Trust
from shared.simulator.planning import WORK_EXPERIENCE_YEAR, Plans, make_plans
from shared.simulator.seasonality import day_factors
from shared.simulator.sessions import DayCodes, SessionDecider

ON_SITE = frozenset({"/", "\\", "L"})


@dataclass(frozen=True)
class RegisterDay:
    """Every mark sent on one date (registers and corrections), ordered by recorded_at."""

    date: date
    marks: tuple[SyntheticMark, ...]


def trust_school_days(trust: Trust) -> list[date]:
    """Dates on which at least one school of the trust is open to pupils."""
    days = {day for school in trust.schools
            for day in school.calendar.school_days(trust.first_day, trust.last_day)}
    return sorted(days)


def register_days(trust: Trust) -> Iterator[RegisterDay]:
    """The trust's marks, one school day at a time."""
    registers = _TrustRegisters(trust)
    for day in trust_school_days(trust):
        yield registers.day(day)


class _TrustRegisters:
    def __init__(self, trust: Trust) -> None:
        self._rng = random.Random(f"{trust.seed}:registers")
        self._plans: Plans = make_plans(trust, self._rng)
        self._schools = [_SchoolRegister(school, trust, self._plans, self._rng)
                         for school in trust.schools]
        self._due: dict[date, list[SyntheticMark]] = {}

    def day(self, day: date) -> RegisterDay:
        marks: list[SyntheticMark] = []
        for school in self._schools:
            marks.extend(school.marks_on(day, self._due))
        marks.extend(self._due.pop(day, ()))
        marks.sort(key=lambda m: (m.recorded_at, m.school_urn, m.upn, m.session))
        return RegisterDay(day, tuple(marks))


class _SchoolRegister:
    def __init__(self, school: School, trust: Trust, plans: Plans,
                 rng: random.Random) -> None:
        self._school = school
        self._plans = plans
        self._rng = rng
        self._pupils = [p for p in trust.pupils if p.school_urn == school.urn]
        self._factors = day_factors(school.calendar)
        self._days = school.calendar.school_days(trust.first_day, trust.last_day)
        self._index = {day: n for n, day in enumerate(self._days)}
        self._decider = SessionDecider(PROFILES[school.phase], rng)
        self._yesterday: dict[str, DayCodes] = {}

    def marks_on(self, day: date, due: dict[date, list[SyntheticMark]]) -> list[SyntheticMark]:
        if day not in self._index:
            return []
        times = {group: self._register_times(day) for group in
                 sorted({p.reg_group for p in self._pupils})}
        marks = []
        for pupil in self._pupils:
            if pupil.on_roll(day):
                codes = self._codes(pupil, day)
                group_times = times[pupil.reg_group]
                marks.append(self._mark(pupil, day, "AM", codes.am, group_times, due))
                marks.append(self._mark(pupil, day, "PM", codes.pm, group_times, due))
                self._yesterday[pupil.upn] = codes
        return marks

    def _codes(self, pupil: Pupil, day: date) -> DayCodes:
        key = (self._school.urn, pupil.upn)
        if day in self._plans.holidays.get(key, ()):
            return DayCodes("G", "G")
        if (pupil.year_group == WORK_EXPERIENCE_YEAR
                and day in self._plans.work_experience.get(self._school.urn, ())):
            return DayCodes("W", "W")
        codes = self._decider.decide(pupil, day, self._factors.get(day, 1.0))
        if day in self._plans.trips.get((self._school.urn, pupil.reg_group), ()):
            return DayCodes(*("V" if code in ON_SITE else code for code in (codes.am, codes.pm)))
        return codes

    def _register_times(self, day: date) -> dict[Session, datetime]:
        # A teacher submits the register a few minutes into the session.
        school = self._school
        return {"AM": self._at(day, school.am.starts, self._rng.randint(120, 720)),
                "PM": self._at(day, school.pm.starts, self._rng.randint(120, 540))}

    def _at(self, day: date, clock: time, seconds: int) -> datetime:
        return datetime.combine(day, clock, tzinfo=LONDON) + timedelta(seconds=seconds)

    def _mark(self, pupil: Pupil, day: date, session: Session, code: str,
              times: dict[Session, datetime], due: dict[date, list[SyntheticMark]],
              ) -> SyntheticMark:
        recorded_at, minutes_late = times[session], None
        if code in ("L", "U"):
            minutes_late, recorded_at = self._arrival(day, session, code)
        sent, amendment = self._first_sent(pupil, day, session, code)
        if amendment is not None:
            self._schedule(pupil, day, session, amendment, due)
        return SyntheticMark(self._school.urn, pupil.upn, day, session, sent, recorded_at,
                             minutes_late)

    def _first_sent(self, pupil: Pupil, day: date, session: Session,
                    code: str) -> tuple[str, Amendment | None]:
        if code == "V":
            wrong = self._plans.misregistered_trips.get((self._school.urn, pupil.reg_group, day))
            if wrong is not None and session == "AM":
                return wrong, settle("V", self._rng)
            return code, None
        yesterday = self._yesterday.get(pupil.upn)
        first_day = yesterday is None or code not in (yesterday.am, yesterday.pm)
        return first_sent_code(code, first_day, self._rng)

    def _arrival(self, day: date, session: Session, code: str) -> tuple[int, datetime]:
        times = self._school.am if session == "AM" else self._school.pm
        open_minutes = _minutes_between(times.starts, times.register_closes)
        if code == "L":
            minutes = self._rng.randint(1, open_minutes)
        else:
            minutes = open_minutes + self._rng.randint(1, 75)
        arrived = self._at(day, times.starts, minutes * 60 + self._rng.randint(30, 240))
        return minutes, arrived

    def _schedule(self, pupil: Pupil, day: date, session: Session, amendment: Amendment,
                  due: dict[date, list[SyntheticMark]]) -> None:
        index = self._index[day] + amendment.after_school_days
        if index >= len(self._days):
            return  # settled after the simulated weeks: the mark stays as first sent
        when = self._days[index]
        recorded_at = amendment_time(when, when == day, session, self._rng)
        due.setdefault(when, []).append(SyntheticMark(
            self._school.urn, pupil.upn, day, session, amendment.code, recorded_at,
            comment=amendment.comment, is_correction=True))


def _minutes_between(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
