"""A school's own nudge rule, read from its settings message (pure: a mapping in).

The school states where it differs from the plan under `message_schedule.office` (or a
top-level `office` object), beside the office's other settings, e.g.
`{"nudge_below_pct": 94, "call_below_pct": 88, "pattern_absences": 3, "pattern_weeks": 8}`.
Keys: nudge_below_pct (95), nudge_absent_yesterday (true), nudge_weekday_pattern (true),
call_below_pct (90), pattern_absences (2) and pattern_weeks (6): the Monday and Friday
patterns, and the Thursday-evening text's Friday pattern.
A value that cannot be read keeps its default and is named in the problems returned, so
the office's pages can say so; the web's list and the comms job read the same rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from shared.kernel.nudges import NudgeRule, PatternRule

_PCT = {"nudge_below_pct": "below_pct", "call_below_pct": "call_below_pct"}
_SWITCH = {"nudge_absent_yesterday": "absent_yesterday",
           "nudge_weekday_pattern": "weekday_pattern"}
_COUNT = {"pattern_absences": "absences", "pattern_weeks": "weeks"}
NUDGE_SETTINGS = (*_PCT, *_SWITCH, *_COUNT)


def office_block(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The school's office settings: `message_schedule.office`, then `office` on top."""
    schedule = settings.get("message_schedule")
    nested = schedule.get("office") if isinstance(schedule, Mapping) else None
    top = settings.get("office")
    return {**(nested if isinstance(nested, Mapping) else {}),
            **(top if isinstance(top, Mapping) else {})}


def problem(name: str, error: str) -> str:
    """How an unreadable office setting is reported to staff."""
    return (f"office setting {name}: {error}; the default is used. "
            "Correct it in the school's settings.")


def nudge_rule_from_settings(settings: Mapping[str, Any]) -> tuple[NudgeRule, tuple[str, ...]]:
    """The school's nudge rule, and what in its settings could not be read."""
    office = office_block(settings)
    problems: list[str] = []
    values: dict[str, Any] = {}
    pattern: dict[str, int] = {}
    for name, raw in office.items():
        try:
            if name in _PCT:
                values[_PCT[name]] = _percentage(raw)
            elif name in _SWITCH:
                values[_SWITCH[name]] = _switch(raw)
            elif name in _COUNT:
                pattern[_COUNT[name]] = _count(raw)
        except ValueError as error:
            problems.append(problem(name, str(error)))
    rule = replace(NudgeRule(), **values)
    chosen = replace(rule.pattern, **pattern)
    if chosen.absences > chosen.weeks:
        problems.append(problem("pattern_absences", (
            f"{chosen.absences} absences cannot come from the last {chosen.weeks} weeks")))
        chosen = PatternRule()
    return replace(rule, pattern=chosen), tuple(problems)


def _percentage(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueError(f"must be a number, not {raw!r}")
    if not 0 <= raw <= 100:
        raise ValueError(f"is a percentage between 0 and 100, not {raw}")
    return raw


def _switch(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise ValueError(f"must be true or false, not {raw!r}")
    return raw


def _count(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or int(raw) != raw or raw < 1:
        raise ValueError(f"is a whole number of at least 1, not {raw!r}")
    return int(raw)
