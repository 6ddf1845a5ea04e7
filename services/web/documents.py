"""How read-model records are laid out as documents (shared by every store adapter).

A pupil document holds the latest mark per session under `marks`, keyed like
"2026-09-02_AM" (no "." or "$", as MongoDB and FerretDB require), and a `version`
that every mark write checks and increments, so concurrent or replayed writes
never lose an amendment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, cast

from services.web.readmodel import (
    PupilDetails,
    PupilRecord,
    SchoolRecord,
    SignalRecord,
    TermDates,
)
from shared.kernel import Mark, Session, supersedes

Document = dict[str, Any]


def session_key(day: date, session: str) -> str:
    return f"{day.isoformat()}_{session}"


def pupil_id(school_urn: str, upn: str) -> str:
    return f"{school_urn}:{upn}"


def encode_mark(mark: Mark) -> Document:
    return {"code": mark.code, "recorded_at": mark.recorded_at.isoformat(),
            "minutes_late": mark.minutes_late, "comment": mark.comment}


def decode_mark(school_urn: str, upn: str, key: str, stored: Mapping[str, Any]) -> Mark:
    return Mark(school_urn=school_urn, upn=upn, date=date.fromisoformat(key[:10]),
                session=cast(Session, key[11:]), code=stored["code"],
                recorded_at=datetime.fromisoformat(stored["recorded_at"]),
                minutes_late=stored.get("minutes_late"), comment=stored.get("comment"))


def newest_per_session(marks: Iterable[Mark]) -> dict[str, dict[str, Mark]]:
    """Per pupil id and session key, the mark that wins among `marks` in arrival order.

    A later recorded_at replaces; an equal or older one is a no-op, exactly as if
    the marks had been written one by one.
    """
    winners: dict[str, dict[str, Mark]] = {}
    for mark in marks:
        sessions = winners.setdefault(pupil_id(mark.school_urn, mark.upn), {})
        key = session_key(mark.date, mark.session)
        if supersedes(mark, sessions.get(key)):
            sessions[key] = mark
    return winners


def marks_to_write(stored: Mapping[str, Any], incoming: Mapping[str, Mark]) -> dict[str, Mark]:
    """The incoming marks that supersede what a pupil document already holds."""
    changed: dict[str, Mark] = {}
    for key, mark in incoming.items():
        held = stored.get(key)
        old = None if held is None else decode_mark(mark.school_urn, mark.upn, key, held)
        if supersedes(mark, old):
            changed[key] = mark
    return changed


def _date_or_none(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def decode_details(doc: Mapping[str, Any]) -> PupilDetails:
    year_group = doc.get("year_group")
    return PupilDetails(
        given_name=str(doc.get("given_name") or ""),
        family_name=str(doc.get("family_name") or ""),
        year_group=year_group if isinstance(year_group, int) else None,
        reg_group=doc.get("reg_group"),
        date_of_birth=_date_or_none(doc.get("date_of_birth")),
        admission_date=_date_or_none(doc.get("admission_date")),
        leaving_date=_date_or_none(doc.get("leaving_date")),
        flags=dict(doc.get("flags") or {}),
    )


def decode_pupil(doc: Mapping[str, Any]) -> PupilRecord:
    urn, upn = doc["school_urn"], doc["upn"]
    details = doc.get("details")
    marks = tuple(decode_mark(urn, upn, key, stored)
                  for key, stored in sorted((doc.get("marks") or {}).items()))
    return PupilRecord(urn, upn, decode_details(details) if details is not None else None, marks)


def _decode_term(raw: Mapping[str, Any]) -> TermDates | None:
    start, end = _date_or_none(raw.get("start")), _date_or_none(raw.get("end"))
    if start is None or end is None:
        return None
    return TermDates(str(raw.get("name") or ""), start, end,
                     _date_or_none(raw.get("half_term_start")),
                     _date_or_none(raw.get("half_term_end")))


def decode_school(doc: Mapping[str, Any]) -> SchoolRecord:
    settings = doc.get("settings") or {}
    terms = (_decode_term(raw) for raw in settings.get("terms") or [])
    closures = (_date_or_none(raw.get("date")) for raw in settings.get("closures") or [])
    days = (_date_or_none(day) for day in doc.get("mark_days") or [])
    return SchoolRecord(
        school_urn=doc["_id"], name=settings.get("name"), phase=settings.get("phase"),
        terms=tuple(term for term in terms if term is not None),
        closures=frozenset(day for day in closures if day is not None),
        mark_days=frozenset(day for day in days if day is not None),
        version=int(doc.get("version") or 0))


def encode_signal(signal: SignalRecord) -> Document:
    return {"_id": signal.signal_id, "school_urn": signal.school_urn, "upn": signal.upn,
            "kind": signal.kind, "occurred_on": signal.occurred_on.isoformat(),
            "detail": dict(signal.detail),
            "caused_by": dict(signal.caused_by) if signal.caused_by is not None else None}


def decode_signal(doc: Mapping[str, Any]) -> SignalRecord:
    return SignalRecord(doc["_id"], doc["school_urn"], doc["upn"], doc["kind"],
                        date.fromisoformat(doc["occurred_on"]), doc.get("detail") or {},
                        doc.get("caused_by"))
