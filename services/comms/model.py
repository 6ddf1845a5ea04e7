"""What the message rules reason about: purposes, contacts, pupils and a school's policy.

Frozen dataclasses, built from the wire records at the edge (services.comms.policy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

SCHOOL_TIME = ZoneInfo("Europe/London")


class Purpose(StrEnum):
    """Why a family is texted: one per text action of the plan (issue 4, section 3)."""

    GOLDEN_HOUR_NUDGE = "golden_hour_nudge"  # 1.1
    LATE_INDEPENDENT_TRAVELLER = "late_independent_traveller"  # 2.3
    U_TODAY = "u_today"  # 7.1
    ABSENT_EXPECTED_BACK = "absent_expected_back"  # 7.2
    FULL_ATTENDANCE_WEEK = "full_attendance_week"  # 7.3
    FRIDAY_PATTERN = "friday_pattern"  # 7.4
    UNAUTHORISED_CONSEQUENCES = "unauthorised_consequences"  # 10.1


# Texts about an absence wait until the register has settled (an N re-coded V for a trip
# must not be chased).
ABSENCE_PURPOSES = frozenset({Purpose.U_TODAY, Purpose.ABSENT_EXPECTED_BACK})


@dataclass(frozen=True)
class Contact:
    """A person the school may contact about a pupil (from the roster)."""

    contact_id: str
    name: str
    phone: str | None
    priority: int = 1
    may_receive_texts: bool = False
    do_not_contact: bool = False


@dataclass(frozen=True)
class Pupil:
    """The roster facts the texts need."""

    school_urn: str
    upn: str
    given_name: str
    family_name: str
    year_group: int
    contacts: tuple[Contact, ...] = ()
    independent_travel: bool = False


@dataclass(frozen=True)
class QuietHours:
    """No texts from `start` to `end` (school-local; the window may cross midnight)."""

    start: time = time(20, 0)
    end: time = time(7, 30)


@dataclass(frozen=True)
class Subject:
    name: str
    lessons_per_week: int


@dataclass(frozen=True)
class SchoolPolicy:
    """One school's settings as the message rules use them (defaults: the plan's)."""

    school_urn: str
    name: str = ""
    head_teacher: str = ""
    closures: frozenset[date] = frozenset()
    register_close_am: time = time(9, 0)
    quiet_hours: QuietHours = QuietHours()
    # Minutes after the morning register closes before absence texts may go.
    absence_settle_minutes: int = 30
    end_of_day: time = time(15, 30)
    independent_traveller_year_groups: frozenset[int] = frozenset({5, 6})
    texts: dict[str, str] = field(default_factory=dict)
    subjects: tuple[Subject, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False)
