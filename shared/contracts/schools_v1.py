"""School settings, version 1: `PUT /v1/schools/{urn}` and topic `attendance.schools.v1`.

Keyed by URN on the topic. Every threshold is optional with the seed plan's default,
so a school only states where it differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, ConfigDict, Field, StringConstraints, model_validator

from shared.contracts.common_v1 import SCHEMA_VERSION, Urn, WireModel
from shared.kernel import SchoolCalendar, Term

# A school-local (Europe/London) time of day, "HH:MM".
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class TermV1(WireModel):
    """One term, with its half-term break when it has one."""

    name: str = Field(min_length=1)
    start: date
    end: date
    half_term_start: date | None = None
    half_term_end: date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> TermV1:
        if self.end < self.start:
            raise ValueError(f"term {self.name!r} ends ({self.end}) before it starts "
                             f"({self.start})")
        if (self.half_term_start is None) != (self.half_term_end is None):
            raise ValueError(f"term {self.name!r} needs both half_term_start and "
                             "half_term_end, or neither")
        return self


class ClosureV1(WireModel):
    """A day with no pupils: INSET or an (un)planned closure."""

    date: date
    reason: str = ""


class RegisterCloseV1(WireModel):
    """When each register closes, school-local time: after it, arrival is U not L."""

    AM: ClockTime
    PM: ClockTime


class SubjectV1(WireModel):
    name: str = Field(min_length=1)
    lessons_per_week: int = Field(ge=0)


class TimetableV1(WireModel):
    """Lessons per day, so letters can say how many lessons were missed."""

    lessons_per_day: int = Field(ge=1)
    subjects: list[SubjectV1] = Field(default_factory=list)


class ThresholdsV1(WireModel):
    """The action plan's thresholds; percentages of possible sessions."""

    leaflet_below_pct: float = Field(default=96, ge=0, le=100)
    letter_below_pct: float = Field(default=95, ge=0, le=100)
    meeting_below_pct: float = Field(default=92, ge=0, le=100)
    persistent_absence_pct: float = Field(default=10, ge=0, le=100)
    severe_absence_pct: float = Field(default=50, ge=0, le=100)
    penalty_unauthorised_sessions: int = Field(default=10, ge=1)
    penalty_window_school_weeks: int = Field(default=10, ge=1)
    consecutive_unauthorised_days: int = Field(default=10, ge=1)
    illness_days: int = Field(default=15, ge=1)
    unresolved_n_school_days: int = Field(default=3, ge=1)


class SchoolSettingsV1(WireModel):
    """One school's settings, as its administrators send them."""

    school_urn: Urn
    name: str = Field(min_length=1)
    phase: Literal["primary", "secondary", "special"]
    head_teacher: str = ""
    terms: list[TermV1] = Field(default_factory=list)
    closures: list[ClosureV1] = Field(default_factory=list)
    register_close: RegisterCloseV1 = Field(
        default_factory=lambda: RegisterCloseV1(AM="09:00", PM="13:45"))
    timetable: TimetableV1 | None = None
    thresholds: ThresholdsV1 = Field(default_factory=ThresholdsV1)
    message_schedule: dict[str, Any] = Field(default_factory=dict)
    updated_at: AwareDatetime

    def calendar(self) -> SchoolCalendar | None:
        """The school's calendar as the kernel sees it, or None when it gave no terms."""
        return kernel_calendar(self.terms, (closure.date for closure in self.closures))


def kernel_calendar(terms: Sequence[TermV1], closures: Iterable[date]) -> SchoolCalendar | None:
    """A kernel calendar of terms and closure days, or None when there are no terms."""
    if not terms:
        return None
    return SchoolCalendar(
        tuple(Term(t.name, t.start, t.end, t.half_term_start, t.half_term_end) for t in terms),
        frozenset(closures))


class SchoolSettingsMessageV1(SchoolSettingsV1):
    """School settings on `attendance.schools.v1`."""

    model_config = ConfigDict(extra="ignore")

    schema_version: Literal[1] = SCHEMA_VERSION
