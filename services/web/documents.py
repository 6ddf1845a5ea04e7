"""How read-model records are encoded for storage (shared by every store adapter).

A stored mark is a compact entry [code, recorded_at, minutes_late, comment] under a
session key like "2026-09-02_AM" (no "." or "$", as MongoDB and FerretDB require).
Merging follows the kernel's amendment rule (`supersedes`): a later recorded_at
replaces the session's mark; an equal or older one changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any, cast

from services.web.readmodel import (
    PupilDetails,
    PupilRecord,
    SchoolRecord,
    SignalRecord,
)
from shared.kernel import Mark, Session, Term, supersedes

Document = dict[str, Any]
MarkEntry = list[Any]
PupilKey = tuple[str, str]


def session_key(day: date, session: str) -> str:
    return f"{day.isoformat()}_{session}"


def encode_mark(mark: Mark) -> MarkEntry:
    return [mark.code, mark.recorded_at.isoformat(), mark.minutes_late, mark.comment]


# A school's marks share few dates and register times: parse each text once.
@lru_cache(maxsize=4096)
def _day(text: str) -> date:
    return date.fromisoformat(text)


@lru_cache(maxsize=65536)
def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def decode_mark(school_urn: str, upn: str, key: str, entry: MarkEntry) -> Mark:
    code, recorded_at, minutes_late, comment = entry
    return Mark(school_urn, upn, _day(key[:10]), cast(Session, key[11:]), code,
                _moment(recorded_at), minutes_late, comment)


def newest_per_session(marks: Iterable[Mark]) -> dict[PupilKey, dict[str, Mark]]:
    """Per pupil and session key, the mark that wins among `marks` in arrival order,
    exactly as if they had been stored one by one."""
    winners: dict[PupilKey, dict[str, Mark]] = {}
    for mark in marks:
        sessions = winners.setdefault((mark.school_urn, mark.upn), {})
        key = session_key(mark.date, mark.session)
        if supersedes(mark, sessions.get(key)):
            sessions[key] = mark
    return winners


def merge_marks(held: dict[str, MarkEntry], incoming: Mapping[str, Mark]) -> bool:
    """Put into `held` each incoming mark that supersedes the stored one; True if any did."""
    changed = False
    for key, mark in incoming.items():
        entry = held.get(key)
        old = None if entry is None else decode_mark(mark.school_urn, mark.upn, key, entry)
        if supersedes(mark, old):
            held[key] = encode_mark(mark)
            changed = True
    return changed


def is_newer(updated_at: str, held: str | None) -> bool:
    """Roster and settings order: a later updated_at wins; without one, the latest arrival."""
    return not updated_at or held is None or held < updated_at


def decode_marks(school_urn: str, upn: str, marks: Mapping[str, MarkEntry]
                 ) -> tuple[Mark, ...]:
    """A pupil's stored marks in session order."""
    return tuple(decode_mark(school_urn, upn, key, entry) for key, entry in sorted(marks.items()))


def decode_pupil(school_urn: str, upn: str, details: Mapping[str, Any] | None,
                 marks: tuple[Mark, ...]) -> PupilRecord:
    return PupilRecord(school_urn, upn, None if details is None else decode_details(details),
                       marks)


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
        contacts=tuple(dict(contact) for contact in doc.get("contacts") or ()),
    )


def _decode_term(raw: Mapping[str, Any]) -> Term | None:
    start, end = _date_or_none(raw.get("start")), _date_or_none(raw.get("end"))
    if start is None or end is None:
        return None
    return Term(str(raw.get("name") or ""), start, end,
                _date_or_none(raw.get("half_term_start")),
                _date_or_none(raw.get("half_term_end")))


def decode_school(school_urn: str, settings: Mapping[str, Any] | None,
                  mark_days: Iterable[str], version: int) -> SchoolRecord:
    settings = settings or {}
    terms = (_decode_term(raw) for raw in settings.get("terms") or [])
    closures = (_date_or_none(raw.get("date")) for raw in settings.get("closures") or [])
    days = (_date_or_none(day) for day in mark_days)
    return SchoolRecord(
        school_urn=school_urn, name=settings.get("name"), phase=settings.get("phase"),
        terms=tuple(term for term in terms if term is not None),
        closures=frozenset(day for day in closures if day is not None),
        mark_days=frozenset(day for day in days if day is not None), version=version,
        settings=dict(settings))


def encode_signal(signal: SignalRecord) -> Document:
    return {"signal_id": signal.signal_id, "school_urn": signal.school_urn,
            "upn": signal.upn, "kind": signal.kind,
            "occurred_on": signal.occurred_on.isoformat(), "detail": dict(signal.detail),
            "caused_by": dict(signal.caused_by) if signal.caused_by is not None else None}


def decode_signals(docs: Iterable[Mapping[str, Any]]) -> list[SignalRecord]:
    """Signals newest first (by school date, then id, so the order is stable)."""
    signals = [SignalRecord(doc["signal_id"], doc["school_urn"], doc["upn"], doc["kind"],
                            date.fromisoformat(doc["occurred_on"]), doc.get("detail") or {},
                            doc.get("caused_by")) for doc in docs]
    return sorted(signals, key=lambda s: (s.occurred_on, s.signal_id), reverse=True)
