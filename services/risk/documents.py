"""A pupil's state as ONE MongoDB document, and the update that moves one to another.

Layout (keys never hold "." or "$", so FerretDB and MongoDB both take them):
{_id: "{urn}:{upn}", school_urn, upn, version, write_token,
 roster: {admission_date, leaving_date, date_of_birth, independent_travel, updated_at},
 marks: {"2026-09-02_AM": {code, recorded_at, minutes_late?}},
 years: {"2026": {figures: {...Figures.to_dict()}, flags: {below, persistent_absence, ...}}},
 tracking: {latest_day, penalty_used_through, unauthorised_run_start, open_n},
 signal_ids: [...], outbox: {signal_id: {message, staged_at}}}
Dates are ISO text; recorded_at keeps full precision (a BSON date would drop microseconds
and make a re-sent mark look like an amendment).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, cast

from services.risk.pupil import PupilState, Roster, Tracking, YearState
from shared.kernel.figures import Figures
from shared.kernel.marks import Mark, Session
from shared.kernel.pupils import Enrolment
from shared.kernel.signals import SessionKey, YearFlags, session_text

Document = dict[str, Any]
_INCREMENTAL = ("marks", "signal_ids", "outbox")


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _iso(day: date | datetime | None) -> str | None:
    return None if day is None else day.isoformat()


def _session_key(text: str) -> SessionKey:
    day, session = text.split("_")
    return (date.fromisoformat(day), session)


def _mark_doc(mark: Mark) -> dict[str, Any]:
    doc: dict[str, Any] = {"code": mark.code, "recorded_at": mark.recorded_at.isoformat()}
    if mark.minutes_late is not None:
        doc["minutes_late"] = mark.minutes_late
    return doc


def _roster_doc(roster: Roster) -> dict[str, Any]:
    enrolment = roster.enrolment
    return {"admission_date": _iso(enrolment.admission_date),
            "leaving_date": _iso(enrolment.leaving_date),
            "date_of_birth": _iso(enrolment.date_of_birth),
            "independent_travel": roster.independent_travel,
            "updated_at": _iso(roster.updated_at)}


def _roster(doc: Mapping[str, Any] | None) -> Roster:
    if not doc:
        return Roster()
    enrolment = Enrolment(_day(doc.get("admission_date")), _day(doc.get("leaving_date")),
                          _day(doc.get("date_of_birth")))
    updated = doc.get("updated_at")
    return Roster(enrolment, bool(doc.get("independent_travel")),
                  None if updated is None else datetime.fromisoformat(updated))


def _year_doc(year: YearState) -> dict[str, Any]:
    flags = year.flags
    return {"figures": year.figures.to_dict(),
            "flags": {"below": sorted(flags.below),
                      "persistent_absence": flags.persistent_absence,
                      "severe_absence": flags.severe_absence,
                      "illness_reached": flags.illness_reached}}


def _year(doc: Mapping[str, Any]) -> YearState:
    flags = doc.get("flags", {})
    return YearState(Figures.from_dict(doc["figures"]),
                     YearFlags(frozenset(flags.get("below", ())),
                               bool(flags.get("persistent_absence")),
                               bool(flags.get("severe_absence")),
                               bool(flags.get("illness_reached"))))


def _tracking_doc(tracking: Tracking) -> dict[str, Any]:
    used = tracking.penalty_used_through
    return {"latest_day": _iso(tracking.latest_day),
            "penalty_used_through": None if used is None else session_text(used),
            "unauthorised_run_start": _iso(tracking.unauthorised_run_start),
            "open_n": sorted(session_text(key) for key in tracking.open_n)}


def _tracking(doc: Mapping[str, Any] | None) -> Tracking:
    if not doc:
        return Tracking()
    used = doc.get("penalty_used_through")
    return Tracking(_day(doc.get("latest_day")), None if used is None else _session_key(used),
                    _day(doc.get("unauthorised_run_start")),
                    frozenset(_session_key(text) for text in doc.get("open_n", ())))


def state_document(state: PupilState) -> Document:
    """The stored fields of a state (without _id, version, outbox)."""
    return {
        "school_urn": state.school_urn,
        "upn": state.upn,
        "roster": _roster_doc(state.roster),
        "marks": {session_text(key): _mark_doc(mark) for key, mark in state.marks.items()},
        "years": {key: _year_doc(year) for key, year in sorted(state.years.items())},
        "tracking": _tracking_doc(state.tracking),
        "signal_ids": sorted(state.signal_ids),
    }


def state_from_document(doc: Mapping[str, Any]) -> PupilState:
    """Rebuild a pupil's state from its stored document."""
    urn, upn = doc["school_urn"], doc["upn"]
    marks: dict[SessionKey, Mark] = {}
    for text, stored in doc.get("marks", {}).items():
        day, session = _session_key(text)
        marks[(day, session)] = Mark(urn, upn, day, cast(Session, session), stored["code"],
                                     datetime.fromisoformat(stored["recorded_at"]),
                                     stored.get("minutes_late"))
    return PupilState(
        school_urn=urn, upn=upn, roster=_roster(doc.get("roster")), marks=marks,
        years={key: _year(year) for key, year in doc.get("years", {}).items()},
        tracking=_tracking(doc.get("tracking")), signal_ids=frozenset(doc.get("signal_ids", ())),
        days=tuple(sorted({day for day, _ in marks})))


def update_between(before: Mapping[str, Any] | None, after: Mapping[str, Any],
                   new_outbox: Mapping[str, Any]) -> dict[str, Any]:
    """The MongoDB update taking `before` (None: not stored yet) to `after`.

    Marks are set one session at a time and ids and outbox entries are only ever added,
    so the update stays small and never undoes an outbox clear made since `before`.
    """
    before = before or {}
    to_set: dict[str, Any] = {
        key: value for key, value in after.items()
        if key not in _INCREMENTAL and before.get(key) != value}
    old_marks = before.get("marks", {})
    to_set.update({f"marks.{key}": value for key, value in after["marks"].items()
                   if old_marks.get(key) != value})
    to_set.update({f"outbox.{signal}": entry for signal, entry in new_outbox.items()})
    update: dict[str, Any] = {"$set": to_set}
    known = set(before.get("signal_ids", ()))
    new_ids = [i for i in after["signal_ids"] if i not in known]
    if new_ids:
        update["$addToSet"] = {"signal_ids": {"$each": new_ids}}
    return update
