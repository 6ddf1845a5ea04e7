"""The synthetic trust: schools, pupils, contacts and the habits behind their marks.

Plain frozen dataclasses. `Habits` are the hidden traits the register generator
draws from; they never leave the simulator (the wire shapes live in wire.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from shared.simulator.school_year import SchoolYear

Phase = Literal["primary", "secondary"]
SenStatus = Literal["none", "sen_support", "ehcp"]
Session = Literal["AM", "PM"]


@dataclass(frozen=True)
class SessionTimes:
    """When a session starts and when its register closes (school-local time)."""

    starts: time
    register_closes: time


@dataclass(frozen=True)
class School:
    urn: str
    name: str
    phase: Phase
    head_teacher: str
    la_code: str
    establishment: str
    calendar: SchoolYear
    am: SessionTimes
    pm: SessionTimes
    lessons_per_day: int
    subjects: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Contact:
    contact_id: str
    name: str
    relationship: str
    phone: str
    priority: int
    parental_responsibility: bool
    may_receive_texts: bool
    do_not_contact: bool


@dataclass(frozen=True)
class Habits:
    """How a pupil tends to miss school; rates are shares of sessions or days."""

    absence_rate: float  # illness, appointments, leave, religious and unauthorised days
    unauthorised_share: float  # part of absence_rate that is unexplained (O)
    late_rate: float  # AM sessions arriving after the start, before the register closes
    late_after_close_rate: float  # AM sessions arriving after the register closed (U)
    holiday_family: bool  # takes term-time holidays beside breaks
    part_time_weekdays: tuple[int, ...] = ()  # weekdays (0 = Monday) with a C2 afternoon


@dataclass(frozen=True)
class Pupil:
    school_urn: str
    upn: str
    given_name: str
    family_name: str
    date_of_birth: date
    year_group: int  # 0 = Reception
    reg_group: str
    admission_date: date
    leaving_date: date | None
    sen: SenStatus
    fsm: bool
    independent_travel: bool
    medical_evidence_required: bool
    social_worker: bool
    safeguarding: bool
    contacts: tuple[Contact, ...]
    habits: Habits

    def on_roll(self, day: date) -> bool:
        """True from the admission date to the leaving date, both included."""
        return self.admission_date <= day and (
            self.leaving_date is None or day <= self.leaving_date)

    @property
    def part_time_timetable(self) -> bool:
        return bool(self.habits.part_time_weekdays)


@dataclass(frozen=True)
class SyntheticMark:
    """One register mark as an MIS would send it (the canonical wire mark)."""

    school_urn: str
    upn: str
    date: date
    session: Session
    code: str
    recorded_at: datetime
    minutes_late: int | None = None
    comment: str | None = None
    is_correction: bool = False


@dataclass(frozen=True)
class Trust:
    """A multi-academy trust over a stretch of school weeks."""

    seed: int
    first_day: date
    last_day: date
    schools: tuple[School, ...]
    pupils: tuple[Pupil, ...]
    settings_updated_at: datetime
