"""Registers not complete at 15:00 (action 7.5), by class.

From `register_check_at` (15:00) on the day: every pupil on roll with no mark for the
morning or the afternoon session, grouped by registration group. Before then the check
has not run, and the page says so rather than showing a list that is still filling.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from services.web.office.facts import OfficeDay, marks_on, on_roll
from services.web.office.inputs import OfficePupil
from shared.kernel import NO_MARK

NO_CLASS = "Class not known"


@dataclass(frozen=True)
class MissingMarks:
    """A pupil whose register is not complete: which sessions have no mark."""

    pupil: OfficePupil
    sessions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.pupil.summary(), "sessions_without_mark": list(self.sessions)}


@dataclass(frozen=True)
class ClassRegister:
    reg_group: str
    missing: tuple[MissingMarks, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"reg_group": self.reg_group, "pupils": [m.to_dict() for m in self.missing]}


def incomplete_registers(pupils: Iterable[OfficePupil], office: OfficeDay
                         ) -> list[ClassRegister] | None:
    """Classes with a pupil missing a mark; None before the check time (not yet checked)."""
    if not office.has_reached(office.rules.register_check_at):
        return None
    if not office.is_school_day:
        return []
    by_class: dict[str, list[MissingMarks]] = {}
    for pupil in pupils:
        if not on_roll(pupil, office.day):
            continue
        marks = marks_on(pupil, office.day)
        gaps = tuple(s for s in ("AM", "PM") if s not in marks or marks[s].code == NO_MARK)
        if gaps:
            by_class.setdefault(pupil.reg_group or NO_CLASS, []).append(
                MissingMarks(pupil, gaps))
    return [ClassRegister(group, tuple(sorted(rows, key=lambda r: r.pupil.name)))
            for group, rows in sorted(by_class.items())]
