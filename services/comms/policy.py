"""Wire records (`attendance.schools.v1`, `attendance.pupils.v1`) as the rules' types.

A school's message settings live in its free-form `message_schedule`:
`quiet_hours` {"start": "20:00", "end": "07:30"}, `absence_settle_minutes` (30),
`end_of_day` ("15:30"), `independent_traveller_year_groups` ([5, 6]) and `texts`
{purpose: its own wording}. Every key is optional; absent keys keep the plan's default.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from services.comms.model import Contact, Pupil, QuietHours, SchoolPolicy, Subject

_DEFAULT = SchoolPolicy(school_urn="000000")


def clock_time(raw: Any, default: time) -> time:
    """'HH:MM' as a time; anything else keeps the default."""
    if not isinstance(raw, str):
        return default
    try:
        return time.fromisoformat(raw)
    except ValueError:
        return default


def policy_from_settings(raw: Mapping[str, Any]) -> SchoolPolicy:
    """The school's policy from its settings record (a message on the schools topic)."""
    schedule = raw.get("message_schedule") or {}
    quiet = schedule.get("quiet_hours") or {}
    timetable = raw.get("timetable") or {}
    years = schedule.get("independent_traveller_year_groups")
    return SchoolPolicy(
        school_urn=str(raw["school_urn"]), name=str(raw.get("name", "")),
        head_teacher=str(raw.get("head_teacher", "")),
        closures=frozenset(date.fromisoformat(str(c["date"]))
                           for c in raw.get("closures") or []),
        register_close_am=clock_time((raw.get("register_close") or {}).get("AM"),
                                     _DEFAULT.register_close_am),
        quiet_hours=QuietHours(clock_time(quiet.get("start"), _DEFAULT.quiet_hours.start),
                               clock_time(quiet.get("end"), _DEFAULT.quiet_hours.end)),
        absence_settle_minutes=int(schedule.get("absence_settle_minutes",
                                                _DEFAULT.absence_settle_minutes)),
        end_of_day=clock_time(schedule.get("end_of_day"), _DEFAULT.end_of_day),
        independent_traveller_year_groups=(
            frozenset(int(y) for y in years) if isinstance(years, list)
            else _DEFAULT.independent_traveller_year_groups),
        texts={str(k): str(v) for k, v in (schedule.get("texts") or {}).items()},
        subjects=tuple(Subject(str(s["name"]), int(s["lessons_per_week"]))
                       for s in timetable.get("subjects") or []),
        raw=dict(raw))


def pupil_from_record(raw: Mapping[str, Any]) -> Pupil:
    """The pupil and contacts from a roster record (a message on the pupils topic)."""
    flags = raw.get("flags") or {}
    contacts = tuple(
        Contact(str(c["contact_id"]), str(c.get("name", "")), c.get("phone"),
                int(c.get("priority", 1)), bool(c.get("may_receive_texts", False)),
                bool(c.get("do_not_contact", False)))
        for c in raw.get("contacts") or [])
    return Pupil(str(raw["school_urn"]), str(raw["upn"]), str(raw.get("given_name", "")),
                 str(raw.get("family_name", "")), int(raw.get("year_group", 0)), contacts,
                 bool(flags.get("independent_travel", False)))
