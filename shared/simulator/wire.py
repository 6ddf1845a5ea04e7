"""The synthetic trust in the public wire shapes: school settings, pupil records and
canonical marks, as the HTTP intake and the Kafka topics take them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.simulator.model import Pupil, School, SyntheticMark

MARK_FIELDS = ("school_urn", "upn", "date", "session", "code", "minutes_late",
               "recorded_at", "comment")
# The plan's thresholds (DOMAIN.md section 3), spelt out so each school's settings show them.
DEFAULT_THRESHOLDS = {
    "leaflet_below_pct": 96, "letter_below_pct": 95, "meeting_below_pct": 92,
    "persistent_absence_pct": 10, "severe_absence_pct": 50,
    "penalty_unauthorised_sessions": 10, "penalty_window_school_weeks": 10,
    "consecutive_unauthorised_days": 10, "illness_days": 15, "unresolved_n_school_days": 3,
}
PUPIL_CSV_FIELDS = ("school_urn", "upn", "date_of_birth", "admission_date", "leaving_date",
                    "year_group", "reg_group", "given_name", "family_name", "sen", "fsm",
                    "independent_travel")


def mark_record(mark: SyntheticMark) -> dict[str, Any]:
    """The canonical mark; optional fields are left out when empty."""
    record: dict[str, Any] = {
        "school_urn": mark.school_urn, "upn": mark.upn, "date": mark.date.isoformat(),
        "session": mark.session, "code": mark.code,
    }
    if mark.minutes_late is not None:
        record["minutes_late"] = mark.minutes_late
    record["recorded_at"] = mark.recorded_at.isoformat()
    if mark.comment is not None:
        record["comment"] = mark.comment
    return record


def mark_row(mark: SyntheticMark) -> list[str]:
    """The canonical mark as a CSV row in MARK_FIELDS order (empty for absent values)."""
    record = mark_record(mark)
    return [str(record.get(field, "")) for field in MARK_FIELDS]


def pupil_record(pupil: Pupil, updated_at: datetime) -> dict[str, Any]:
    """The roster record for POST /v1/pupils and the pupils topic."""
    return {
        "school_urn": pupil.school_urn, "upn": pupil.upn,
        "given_name": pupil.given_name, "family_name": pupil.family_name,
        "date_of_birth": pupil.date_of_birth.isoformat(),
        "year_group": pupil.year_group, "reg_group": pupil.reg_group,
        "admission_date": pupil.admission_date.isoformat(),
        "leaving_date": pupil.leaving_date.isoformat() if pupil.leaving_date else None,
        "flags": {
            "sen": pupil.sen, "fsm": pupil.fsm, "independent_travel": pupil.independent_travel,
            "medical_evidence_required": pupil.medical_evidence_required,
            "part_time_timetable": pupil.part_time_timetable,
            "social_worker": pupil.social_worker, "safeguarding": pupil.safeguarding,
        },
        "contacts": [
            {"contact_id": c.contact_id, "name": c.name, "relationship": c.relationship,
             "phone": c.phone, "priority": c.priority,
             "parental_responsibility": c.parental_responsibility,
             "may_receive_texts": c.may_receive_texts, "do_not_contact": c.do_not_contact}
            for c in pupil.contacts
        ],
        "updated_at": updated_at.isoformat(),
    }


def pupil_row(pupil: Pupil) -> list[str]:
    """The pupil as a CSV row in PUPIL_CSV_FIELDS order."""
    leaving = pupil.leaving_date.isoformat() if pupil.leaving_date else ""
    return [pupil.school_urn, pupil.upn, pupil.date_of_birth.isoformat(),
            pupil.admission_date.isoformat(), leaving, str(pupil.year_group),
            pupil.reg_group, pupil.given_name, pupil.family_name, pupil.sen,
            _flag(pupil.fsm), _flag(pupil.independent_travel)]


def school_settings(school: School, updated_at: datetime) -> dict[str, Any]:
    """The settings document for PUT /v1/schools/{urn} and the schools topic."""
    return {
        "school_urn": school.urn, "name": school.name, "phase": school.phase,
        "head_teacher": school.head_teacher,
        "terms": [{"name": t.name, "start": t.start.isoformat(), "end": t.end.isoformat(),
                   "half_term_start": t.half_term_start.isoformat(),
                   "half_term_end": t.half_term_end.isoformat()}
                  for t in school.calendar.terms],
        "closures": [{"date": c.date.isoformat(), "reason": c.reason}
                     for c in school.calendar.closures],
        "register_close": {"AM": school.am.register_closes.strftime("%H:%M"),
                           "PM": school.pm.register_closes.strftime("%H:%M")},
        "timetable": {"lessons_per_day": school.lessons_per_day,
                      "subjects": [{"name": name, "lessons_per_week": count}
                                   for name, count in school.subjects]},
        "thresholds": dict(DEFAULT_THRESHOLDS),
        "message_schedule": {},
        "updated_at": updated_at.isoformat(),
    }


def _flag(value: bool) -> str:
    return "true" if value else "false"
