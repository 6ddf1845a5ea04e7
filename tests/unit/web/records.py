"""Synthetic topic messages for the web service's tests (invented names and schools).

One small school with hand-computable figures, shared by the unit tests (in-memory
store) and the integration tests (real Kafka and FerretDB):

School 100001 sets its autumn term from Wed 2 Sep 2026 with Fri 4 Sep an INSET day,
so up to Tue 8 Sep there are 4 school days (2, 3, 7, 8 Sep) = 8 sessions.
- Ada Lovelace (Year 3, of compulsory school age): present in 7 sessions, ill (I) on
  Tue PM: possible 8, present 7, authorised 1, 87.5%, persistently absent.
- Ben Okafor (Year 3): present 4 (one late, L), unauthorised 3 (N, O, G), Tue PM not
  marked yet: possible 7, missing 1, 57.1%.
- Cleo Marsh (Reception, not yet of compulsory school age): present 3, X (not a
  possible session) on Wed PM, no marks on 7-8 Sep: possible 3, missing 4, 100.0%.
School: possible 18, present 14, authorised 1, unauthorised 3, missing 5, 77.8%;
PA 2 of the 2 pupils of compulsory school age.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from shared.simulator.identifiers import make_upn

URN = "100001"
OTHER_URN = "100002"
ADA, BEN, CLEO = (make_upn("801", "1000", 26, serial) for serial in (1, 2, 3))
AS_OF = date(2026, 9, 8)

_PRESENT = {"AM": "/", "PM": "\\"}
_REGISTER_TIME = {"AM": "09:05", "PM": "13:50"}


def mark(upn: str, day: str, session: str, code: str, recorded_at: str = "",
         urn: str = URN) -> dict[str, Any]:
    """A normalised mark as ingest publishes it on attendance.marks.v1."""
    return {"schema_version": 1, "school_urn": urn, "upn": upn, "date": day,
            "session": session, "code": code, "minutes_late": None,
            "recorded_at": recorded_at or f"{day}T{_REGISTER_TIME[session]}:00+01:00",
            "comment": None, "source": "http", "ingested_at": f"{day}T12:00:00+00:00"}


def present(upn: str, day: str, session: str) -> dict[str, Any]:
    return mark(upn, day, session, _PRESENT[session])


def school_marks() -> list[dict[str, Any]]:
    """Every mark of the small school described above, in register order."""
    days = ("2026-09-02", "2026-09-03", "2026-09-07", "2026-09-08")
    ada = [present(ADA, d, s) for d in days for s in ("AM", "PM")][:-1]
    ada.append(mark(ADA, "2026-09-08", "PM", "I"))
    ben = [present(BEN, "2026-09-02", "AM"), present(BEN, "2026-09-02", "PM"),
           mark(BEN, "2026-09-03", "AM", "N"), mark(BEN, "2026-09-03", "PM", "O"),
           mark(BEN, "2026-09-07", "AM", "L"), present(BEN, "2026-09-07", "PM"),
           mark(BEN, "2026-09-08", "AM", "G")]
    cleo = [present(CLEO, "2026-09-02", "AM"), mark(CLEO, "2026-09-02", "PM", "X"),
            present(CLEO, "2026-09-03", "AM"), present(CLEO, "2026-09-03", "PM")]
    return ada + ben + cleo


def pupil(upn: str, given: str, family: str, year_group: int, born: str,
          urn: str = URN, updated_at: str = "2026-09-01T08:00:00+01:00") -> dict[str, Any]:
    """A roster entry as published on attendance.pupils.v1."""
    return {"schema_version": 1, "school_urn": urn, "upn": upn, "given_name": given,
            "family_name": family, "date_of_birth": born, "year_group": year_group,
            "reg_group": f"{year_group}B" if year_group else "RB",
            "admission_date": "2026-09-02", "leaving_date": None,
            "flags": {"sen": "none", "fsm": year_group == 3, "independent_travel": False,
                      "medical_evidence_required": False, "part_time_timetable": False,
                      "social_worker": False, "safeguarding": False},
            "contacts": [{"contact_id": f"{upn}-1", "name": f"Parent {family}",
                          "relationship": "mother", "phone": "07700 900123", "priority": 1,
                          "parental_responsibility": True, "may_receive_texts": True,
                          "do_not_contact": False}],
            "updated_at": updated_at}


def school_pupils() -> list[dict[str, Any]]:
    return [pupil(ADA, "Ada", "Lovelace", 3, "2018-05-01"),
            pupil(BEN, "Ben", "Okafor", 3, "2018-07-01"),
            pupil(CLEO, "Cleo", "Marsh", 0, "2022-06-10")]


def school_settings(urn: str = URN, name: str = "Juniper Lane Primary",
                    updated_at: str = "2026-08-20T10:00:00+01:00") -> dict[str, Any]:
    """School settings as published on attendance.schools.v1."""
    return {"schema_version": 1, "school_urn": urn, "name": name, "phase": "primary",
            "head_teacher": "Ms Example",
            "terms": [{"name": "Autumn 2026", "start": "2026-09-02", "end": "2026-12-18",
                       "half_term_start": "2026-10-26", "half_term_end": "2026-10-30"}],
            "closures": [{"date": "2026-09-04", "reason": "INSET"}],
            "register_close": {"AM": "09:00", "PM": "13:45"}, "timetable": None,
            "thresholds": {}, "message_schedule": {}, "updated_at": updated_at}


def signal(upn: str, kind: str, occurred_on: str, signal_id: str = "",
           urn: str = URN) -> dict[str, Any]:
    return {"schema_version": 1, "signal_id": signal_id or f"sig-{upn}-{kind}-{occurred_on}",
            "school_urn": urn, "upn": upn, "kind": kind, "occurred_on": occurred_on,
            "detail": {"attendance_pct": 87.5}, "caused_by": None, "ingested_at": None}


def encoded(record: dict[str, Any]) -> bytes:
    return json.dumps(record).encode()
