"""The web service's read models: what it keeps from the topics, as typed records.

These records are the boundary between the store adapters and the figures: the
store hands back kernel Marks and plain dataclasses, never raw documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shared.kernel import Enrolment, Mark, Term


@dataclass(frozen=True)
class PupilDetails:
    """A pupil's roster entry from `attendance.pupils.v1` (contacts are kept, never logged)."""

    given_name: str = ""
    family_name: str = ""
    year_group: int | None = None
    reg_group: str | None = None
    date_of_birth: date | None = None
    admission_date: date | None = None
    leaving_date: date | None = None
    flags: Mapping[str, Any] = field(default_factory=dict)
    # Who to ring or text, as the MIS sent them (ContactV1 fields); never logged.
    contacts: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class PupilRecord:
    """One pupil's read model: roster details (when known) and the latest mark per session."""

    school_urn: str
    upn: str
    details: PupilDetails | None
    marks: tuple[Mark, ...] = ()

    @property
    def enrolment(self) -> Enrolment:
        """Time on roll; without a roster entry a pupil is on roll from their first mark."""
        if self.details is not None:
            return Enrolment(self.details.admission_date, self.details.leaving_date,
                             self.details.date_of_birth)
        first = min((mark.date for mark in self.marks), default=None)
        return Enrolment(admission_date=first)

    @property
    def display_name(self) -> str:
        if self.details is None or not (self.details.given_name or self.details.family_name):
            return "(name not yet received)"
        return f"{self.details.given_name} {self.details.family_name}".strip()

    @property
    def sort_name(self) -> tuple[str, str, str]:
        if self.details is None:
            return ("\uffff", "", self.upn)  # unnamed pupils sort last
        return (self.details.family_name.casefold(), self.details.given_name.casefold(),
                self.upn)


@dataclass(frozen=True)
class SchoolRecord:
    """A school's read model: its settings (once received) and the days holding marks.

    `version` grows with every write that can change the school's figures, so
    computed figures can be cached safely across requests and processes.
    """

    school_urn: str
    name: str | None = None
    phase: str | None = None
    terms: tuple[Term, ...] = ()
    closures: frozenset[date] = frozenset()
    mark_days: frozenset[date] = frozenset()
    version: int = 0
    # The whole settings message (register close times, schedules, thresholds...).
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return self.name or f"School {self.school_urn}"

    @property
    def latest_mark_day(self) -> date | None:
        return max(self.mark_days, default=None)


@dataclass(frozen=True)
class SignalRecord:
    """A signal from the risk service about one pupil (`attendance.signals.v1`)."""

    signal_id: str
    school_urn: str
    upn: str
    kind: str
    occurred_on: date
    detail: Mapping[str, Any] = field(default_factory=dict)
    caused_by: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class PupilUpdate:
    """A roster entry to store; `updated_at` (UTC, sortable text) orders re-sends."""

    school_urn: str
    upn: str
    details: Mapping[str, Any]
    updated_at: str


@dataclass(frozen=True)
class SchoolUpdate:
    """School settings to store; `updated_at` (UTC, sortable text) orders re-sends."""

    school_urn: str
    settings: Mapping[str, Any]
    updated_at: str


@dataclass
class ReadModelBatch:
    """Everything one poll of the topics asks the store to write, in arrival order."""

    marks: list[Mark] = field(default_factory=list)
    pupils: list[PupilUpdate] = field(default_factory=list)
    schools: list[SchoolUpdate] = field(default_factory=list)
    signals: list[SignalRecord] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.marks) + len(self.pupils) + len(self.schools) + len(self.signals)
