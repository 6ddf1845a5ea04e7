"""Synthetic records for intake tests: invented pupils, valid UPNs, register marks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from stdnum.gb import upn as stdnum_upn

# Monday 7 September 2026, mid-morning in London: the intake's "now" in tests.
NOW = datetime(2026, 9, 7, 9, 30, tzinfo=UTC)
SCHOOL_A = "100001"
SCHOOL_B = "100002"


def make_upn(serial: int, la_code: str = "330") -> str:
    """A valid permanent UPN (check letter computed) for a made-up pupil."""
    body = f"{la_code}1234" + "26" + f"{serial % 1000:03d}"
    return stdnum_upn.calc_check_digit("X" + body) + body


def mark(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "school_urn": SCHOOL_A, "upn": make_upn(1), "date": "2026-09-02", "session": "AM",
        "code": "/", "recorded_at": "2026-09-02T08:50:00+01:00",
    }
    record.update(changes)
    return record


def pupil(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "school_urn": SCHOOL_A, "upn": make_upn(1), "given_name": "Ada",
        "family_name": "Example", "date_of_birth": "2015-03-04", "year_group": 6,
        "reg_group": "6B", "admission_date": "2019-09-04",
        "flags": {"sen": "sen_support", "fsm": True, "independent_travel": True},
        "contacts": [{"contact_id": "c1", "name": "Grace Example", "relationship": "mother",
                      "phone": "07700 900123", "priority": 1,
                      "parental_responsibility": True, "may_receive_texts": True}],
        "updated_at": "2026-09-01T08:00:00+01:00",
    }
    record.update(changes)
    return record


def school(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "school_urn": SCHOOL_A, "name": "Oakfield Primary", "phase": "primary",
        "head_teacher": "Mrs Example",
        "terms": [{"name": "Autumn 2026", "start": "2026-09-02", "end": "2026-12-18",
                   "half_term_start": "2026-10-26", "half_term_end": "2026-10-30"}],
        "closures": [{"date": "2026-09-01", "reason": "INSET"}],
        "updated_at": "2026-08-20T09:00:00+01:00",
    }
    record.update(changes)
    return record
