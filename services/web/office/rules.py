"""The office's rules for one school: defaults from the action plan, overridable in the
school's settings message.

A school states where it differs under `message_schedule.office` (or a top-level
`office` object) in `PUT /v1/schools/{urn}`, e.g.
`{"callers": ["Mrs Patel", "Mr Jones"], "nudge_below_pct": 94, "first_call_deadline": "10:15"}`.
A value that cannot be read keeps its default and is reported on every list page, so
a typo never silently changes who is called. The golden-hour settings (nudge_*,
call_below_pct, pattern_*) are read by the kernel's nudge rule, as comms reads them for
its nudge texts, so the list and the texts follow one rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import time
from typing import Any

from shared.kernel.nudge_settings import (
    NUDGE_SETTINGS,
    nudge_rule_from_settings,
    office_block,
    problem,
)
from shared.kernel.nudges import NudgeRule, PatternRule

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class OfficeRules:
    """Every rule the lists apply, stated on the pages as they stand for the school."""

    callers: tuple[str, ...] = ("Office 1", "Office 2")
    register_close_am: time = time(9, 5)
    first_call_deadline: time = time(10, 30)
    register_check_at: time = time(15, 0)
    nudge_below_pct: float = NudgeRule.below_pct
    nudge_absent_yesterday: bool = NudgeRule.absent_yesterday
    nudge_weekday_pattern: bool = NudgeRule.weekday_pattern
    call_below_pct: float = NudgeRule.call_below_pct
    pattern_absences: int = PatternRule.absences
    pattern_weeks: int = PatternRule.weeks
    encouragement_below_pct: float = 90
    home_visit_absent_days: int = 3
    problems: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        values = {spec.name: getattr(self, spec.name) for spec in fields(self)}
        return {name: value.strftime("%H:%M") if isinstance(value, time) else
                list(value) if isinstance(value, tuple) else value
                for name, value in values.items()}

    def nudge_rule(self) -> NudgeRule:
        """The golden-hour rule these settings give (the one comms texts by)."""
        return NudgeRule(self.nudge_below_pct, self.nudge_absent_yesterday,
                         self.nudge_weekday_pattern, self.call_below_pct,
                         PatternRule(self.pattern_absences, self.pattern_weeks))


def rules_from_settings(settings: Mapping[str, Any]) -> OfficeRules:
    """The school's rules: register close from `register_close.AM`, the rest from the
    office block; anything unreadable keeps its default and is named in `problems`."""
    office = office_block(settings)
    nudge, problems_found = nudge_rule_from_settings(settings)
    problems = list(problems_found)
    values: dict[str, Any] = {
        "nudge_below_pct": nudge.below_pct, "nudge_absent_yesterday": nudge.absent_yesterday,
        "nudge_weekday_pattern": nudge.weekday_pattern, "call_below_pct": nudge.call_below_pct,
        "pattern_absences": nudge.pattern.absences, "pattern_weeks": nudge.pattern.weeks}
    close = (settings.get("register_close") or {}).get("AM")
    if close is not None:
        office = {"register_close_am": close, **office}
    for spec in fields(OfficeRules):
        if spec.name in ("problems", *NUDGE_SETTINGS) or spec.name not in office:
            continue
        try:
            values[spec.name] = _read(spec.name, office[spec.name],
                                      getattr(OfficeRules(), spec.name))
        except ValueError as error:
            problems.append(problem(spec.name, str(error)))
    return replace(OfficeRules(**values), problems=tuple(problems))


def _read(name: str, raw: Any, default: Any) -> Any:
    if isinstance(default, time):
        match = _CLOCK.match(str(raw))
        if not match:
            raise ValueError(f"'{raw}' is not a time of day written HH:MM")
        return time(int(match.group(1)), int(match.group(2)))
    if isinstance(default, bool):
        if not isinstance(raw, bool):
            raise ValueError(f"must be true or false, not {raw!r}")
        return raw
    if isinstance(default, tuple):
        if not isinstance(raw, list) or not raw or not all(
                isinstance(item, str) and item.strip() for item in raw):
            raise ValueError("must be a non-empty list of staff names")
        return tuple(item.strip() for item in raw)
    return _number(name, raw)


def _number(name: str, raw: Any) -> float | int:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"must be a number, not {raw!r}")
    if name.endswith("_pct") and not 0 <= raw <= 100:
        raise ValueError(f"is a percentage between 0 and 100, not {raw}")
    if name.endswith("_days") and (int(raw) != raw or raw < 1):
        raise ValueError(f"is a whole number of days of at least 1, not {raw}")
    return int(raw) if name.endswith("_days") else raw
