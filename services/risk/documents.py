"""A pupil's state as ONE MongoDB document, and the update that moves one to another.

Layout (keys never hold "." or "$", so FerretDB and MongoDB both take them):
{_id: "{urn}:{upn}", school_urn, upn, version, write_token,
 roster: {admission_date, leaving_date, date_of_birth, independent_travel, updated_at},
 years: {"2026": {marks: "<latest mark per session, one a line>",
                  figures: {...Figures.to_dict()}, flags: {below, persistent_absence, ...}}},
 tracking: {latest_day, penalty_used_through, unauthorised_run_start, open_n},
 signal_ids: "<ids already emitted, space-separated>",
 outbox: {signal_id: {message: "<SignalV1 JSON>", staged_at, sequence}}}

A year's marks are one text of lines "2026-09-02_AM N 2026-09-02T08:50:00+00:00 [minutes
late]", in session order. Packing them keeps the document to a few dozen values: the
store's cost of an update grows with the number of values in the document (steeply on
FerretDB), and a year has 380 sessions. recorded_at keeps full precision (a BSON date
would drop microseconds and make a re-sent mark look like an amendment).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from services.risk.pupil import PupilState, Roster, Tracking, YearState, year_key
from shared.kernel.figures import Figures
from shared.kernel.pupils import Enrolment
from shared.kernel.signals import SessionKey, YearFlags, session_text

Document = dict[str, Any]


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _iso(day: date | datetime | None) -> str | None:
    return None if day is None else day.isoformat()


def _session_key(text: str) -> SessionKey:
    day, session = text.split("_")
    return (date.fromisoformat(day), session)


def pack_marks(lines: Mapping[SessionKey, str], keys: list[SessionKey]) -> str:
    """The marks of these sessions as text, one a line (see `mark_line`), in session order."""
    return "\n".join(lines[key] for key in sorted(keys))


def unpack_marks(text: str) -> dict[SessionKey, str]:
    """Each session's line in `pack_marks` text (marks are read from lines when used)."""
    return {(_date(line[:10]), line[11:13]): line for line in text.split("\n")} if text else {}


_date = lru_cache(maxsize=4096)(date.fromisoformat)


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


def _year_doc(year: YearState, marks: str) -> dict[str, Any]:
    flags = year.flags
    return {"marks": marks,
            "figures": year.figures.to_dict(),
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
    keys_by_year: dict[str, list[SessionKey]] = {}
    for key in state.lines:
        keys_by_year.setdefault(year_key(key[0]), []).append(key)
    years = {year: _year_doc(state.years.get(year, YearState()),
                             pack_marks(state.lines, keys_by_year.get(year, [])))
             for year in sorted(set(state.years) | set(keys_by_year))}
    return {
        "school_urn": state.school_urn,
        "upn": state.upn,
        "roster": _roster_doc(state.roster),
        "years": years,
        "tracking": _tracking_doc(state.tracking),
        "signal_ids": " ".join(sorted(state.signal_ids)),
    }


def state_from_document(doc: Mapping[str, Any]) -> PupilState:
    """Rebuild a pupil's state from its stored document."""
    urn, upn = doc["school_urn"], doc["upn"]
    lines: dict[SessionKey, str] = {}
    for year in doc.get("years", {}).values():
        lines.update(unpack_marks(year.get("marks", "")))
    return PupilState(
        school_urn=urn, upn=upn, roster=_roster(doc.get("roster")), lines=lines,
        years={key: _year(year) for key, year in doc.get("years", {}).items()},
        tracking=_tracking(doc.get("tracking")),
        signal_ids=frozenset(doc.get("signal_ids", "").split()),
        days=tuple(sorted({day for day, _ in lines})))


def update_between(before: Mapping[str, Any] | None, after: Mapping[str, Any],
                   new_outbox: Mapping[str, Any]) -> dict[str, Any]:
    """The MongoDB update taking `before` (None: not stored yet) to `after`.

    Only what changed is set (a year at a time), and outbox entries are only ever added,
    so the update never undoes an outbox clear made since `before` was read.
    """
    before = before or {}
    to_set: dict[str, Any] = {key: value for key, value in after.items()
                              if key != "years" and before.get(key) != value}
    old_years = before.get("years", {})
    to_set.update({f"years.{key}": year for key, year in after["years"].items()
                   if old_years.get(key) != year})
    to_set.update({f"outbox.{signal}": entry for signal, entry in new_outbox.items()})
    return {"$set": to_set}
