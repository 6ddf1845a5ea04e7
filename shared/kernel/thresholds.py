"""The action plan's thresholds (DOMAIN.md section 3), school-configurable, compared exactly.

Percentages are compared with exact rational arithmetic on session counts (never a
rounded percentage), so 90.0% attendance is persistent absence and 95.99...% is below 96.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from fractions import Fraction
from functools import lru_cache
from typing import Any

from shared.kernel.errors import FieldError, MarkError

_HUNDRED = 100


@dataclass(frozen=True)
class AttendanceLevel:
    """One 'attendance below X%' rung of the plan: leaflet, letter, meeting."""

    name: str
    below_pct: float


@dataclass(frozen=True)
class Thresholds:
    """One school's thresholds; every default is the seed plan's (DOMAIN.md section 3)."""

    leaflet_below_pct: float = 96
    letter_below_pct: float = 95
    meeting_below_pct: float = 92
    persistent_absence_pct: float = 10
    severe_absence_pct: float = 50
    penalty_unauthorised_sessions: int = 10
    penalty_window_school_weeks: int = 10
    consecutive_unauthorised_days: int = 10
    illness_days: int = 15
    unresolved_n_school_days: int = 3

    @classmethod
    def from_settings(cls, raw: Mapping[str, Any] | None) -> Thresholds:
        """Thresholds from a school's settings; absent keys keep their defaults.

        Raises MarkError naming each bad key (percentages 0-100, counts whole and >= 1).
        """
        values: dict[str, Any] = {}
        errors: list[FieldError] = []
        for spec in fields(cls):
            if raw is None or raw.get(spec.name) is None:
                continue
            try:
                values[spec.name] = _checked(spec.name, raw[spec.name])
            except ValueError as error:
                errors.append(FieldError(f"thresholds.{spec.name}", str(error)))
        if errors:
            raise MarkError(errors)
        return cls(**values)

    def attendance_levels(self) -> tuple[AttendanceLevel, ...]:
        """The attendance rungs, highest first: leaflet, letter, meeting."""
        return (
            AttendanceLevel("leaflet", self.leaflet_below_pct),
            AttendanceLevel("letter", self.letter_below_pct),
            AttendanceLevel("meeting", self.meeting_below_pct),
        )

    def to_dict(self) -> dict[str, float | int]:
        """The thresholds as stored and shown (the school-settings key names)."""
        return {spec.name: getattr(self, spec.name) for spec in fields(self)}


def _checked(name: str, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number, not {value!r}")
    if name.endswith("_pct"):
        if not 0 <= value <= _HUNDRED:
            raise ValueError(f"is a percentage and must lie between 0 and 100, not {value}")
        return value
    if int(value) != value or value < 1:
        raise ValueError(f"is a count and must be a whole number of at least 1, not {value}")
    return int(value)


@lru_cache(maxsize=256)
def _ratio(pct: float) -> tuple[int, int]:
    # Through str so 95.5 is exactly 191/2, not the nearest binary fraction.
    exact = Fraction(str(pct))
    return exact.numerator, exact.denominator


def attendance_below(attended: int, possible: int, pct: float) -> bool:
    """Whether attended/possible is strictly below pct%; False with no possible session."""
    numerator, denominator = _ratio(pct)
    return possible > 0 and attended * _HUNDRED * denominator < numerator * possible


def absence_at_least(absent: int, possible: int, pct: float) -> bool:
    """Whether absent/possible is pct% or more (PA at 10%, SA at 50%); False with none."""
    numerator, denominator = _ratio(pct)
    return possible > 0 and absent * _HUNDRED * denominator >= numerator * possible


def illness_sessions(thresholds: Thresholds) -> int:
    """The illness threshold in sessions: a day is two sessions."""
    return thresholds.illness_days * 2
