"""A pupil's state as ONE MongoDB document, and the update that moves one to another.

{_id: "{urn}:{upn}", school_urn, upn, version, write_token,
 roster: "admission=2026-09-01 leaving=- born=2015-05-04 travels_alone=yes updated=...",
 tracking: "latest_day=2026-09-21 penalty_used_through=- run_start=- open_n=2026-09-21_AM",
 years: {"2026": {marks: <the latest mark per session, one a line, zlib-compressed>,
                  figures: "possible=42 present=20 aea=0 authorised=0 unauthorised=22 missing=0",
                  codes: "/=10 N=2 O=20 \\=10", flags: "below_leaflet persistent_absence"}},
 signal_ids: "<ids already emitted>", outbox: {signal_id: {message, staged_at, sequence}}}

Why text, and compressed marks: the store rewrites the whole document on every update,
at a cost that grows with the number of values in it and with its size (on FerretDB,
measured: about a third of a millisecond per value and a few milliseconds per kilobyte),
and a pupil is written once per batch. A year of marks as 380 sub-documents would make
each write some 40 times dearer than this layout's dozen values; as text it is 16 kB,
compressed about 2 kB. A mark's line is "2026-09-02_AM N 2026-09-02T08:50:00+00:00
[minutes late]" (`unpack_marks` reads a stored year); recorded_at keeps full precision
(a BSON date would drop microseconds and make a re-sent mark look like an amendment).
Keys never hold "." or "$".
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from services.risk.pupil import PupilState, Roster, Tracking, YearState, year_key
from shared.kernel.figures import Figures
from shared.kernel.pupils import Enrolment
from shared.kernel.signals import SessionKey, YearFlags, session_text

Document = dict[str, Any]
_NONE = "-"
_COUNTS = ("possible", "present", "aea", "authorised", "unauthorised", "missing")
_date = lru_cache(maxsize=4096)(date.fromisoformat)
_LEVEL = 6  # zlib: a year of marks (16 kB of text) in about 2 kB


def fields_text(fields: Mapping[str, object]) -> str:
    """'name=value name=value' (None as '-'); values never hold spaces or '='."""
    return " ".join(f"{name}={_NONE if value is None else value}"
                    for name, value in fields.items())


def text_fields(text: str) -> dict[str, str | None]:
    """The fields of `fields_text` output ('-' back to None)."""
    pairs = (item.split("=", 1) for item in text.split(" ") if item)
    return {name: None if value == _NONE else value for name, value in pairs}


def _day(text: str | None) -> date | None:
    return None if text is None else _date(text)


def _session_key(text: str) -> SessionKey:
    return (_date(text[:10]), text[11:13])


def pack_marks(lines: Mapping[SessionKey, str], keys: list[SessionKey]) -> bytes:
    """The marks of these sessions, one a line (see `mark_line`) in session order, as
    compressed text."""
    return zlib.compress("\n".join(lines[key] for key in sorted(keys)).encode(), _LEVEL)


def unpack_marks(stored: bytes | str) -> dict[SessionKey, str]:
    """Each session's line in `pack_marks` output (marks are read from lines when used)."""
    text = stored if isinstance(stored, str) else zlib.decompress(stored).decode()
    return {_session_key(line): line for line in text.split("\n")} if text else {}


def _roster_text(roster: Roster) -> str:
    enrolment, updated = roster.enrolment, roster.updated_at
    return fields_text({"admission": enrolment.admission_date, "leaving": enrolment.leaving_date,
                        "born": enrolment.date_of_birth,
                        "travels_alone": "yes" if roster.independent_travel else "no",
                        "updated": None if updated is None else updated.isoformat()})


def _roster(text: str) -> Roster:
    fields = text_fields(text)
    updated = fields.get("updated")
    return Roster(Enrolment(_day(fields.get("admission")), _day(fields.get("leaving")),
                            _day(fields.get("born"))),
                  fields.get("travels_alone") == "yes",
                  None if updated is None else datetime.fromisoformat(updated))


def _year_doc(year: YearState, marks: bytes) -> dict[str, Any]:
    figures, flags = year.figures, year.flags
    names = [f"below_{level}" for level in sorted(flags.below)] + [
        name for name, on in (("persistent_absence", flags.persistent_absence),
                              ("severe_absence", flags.severe_absence),
                              ("illness_reached", flags.illness_reached)) if on]
    return {"marks": marks,
            "figures": fields_text({name: getattr(figures, name) for name in _COUNTS}),
            "codes": fields_text(dict(sorted(figures.codes.items()))),
            "flags": " ".join(names)}


def _year(doc: Mapping[str, str]) -> YearState:
    counts = {name: int(value or 0) for name, value in text_fields(doc["figures"]).items()}
    codes = {code: int(value or 0) for code, value in text_fields(doc["codes"]).items()}
    names = set(doc["flags"].split())
    flags = YearFlags(frozenset(n[len("below_"):] for n in names if n.startswith("below_")),
                      "persistent_absence" in names, "severe_absence" in names,
                      "illness_reached" in names)
    return YearState(Figures(**counts, codes=codes), flags)


def _tracking_text(tracking: Tracking) -> str:
    used = tracking.penalty_used_through
    open_n = ",".join(sorted(session_text(key) for key in tracking.open_n))
    return fields_text({"latest_day": tracking.latest_day,
                        "penalty_used_through": None if used is None else session_text(used),
                        "run_start": tracking.unauthorised_run_start, "open_n": open_n or None})


def _tracking(text: str) -> Tracking:
    fields = text_fields(text)
    used, open_n = fields.get("penalty_used_through"), fields.get("open_n")
    return Tracking(_day(fields.get("latest_day")), None if used is None else _session_key(used),
                    _day(fields.get("run_start")),
                    frozenset(_session_key(key) for key in (open_n or "").split(",") if key))


def state_document(state: PupilState) -> Document:
    """The stored fields of a state (without _id, version, outbox)."""
    keys_by_year: dict[str, list[SessionKey]] = {}
    for key in state.lines:
        keys_by_year.setdefault(year_key(key[0]), []).append(key)
    years = {year: _year_doc(state.years.get(year, YearState()),
                             pack_marks(state.lines, keys_by_year.get(year, [])))
             for year in sorted(set(state.years) | set(keys_by_year))}
    return {"school_urn": state.school_urn, "upn": state.upn,
            "roster": _roster_text(state.roster), "years": years,
            "tracking": _tracking_text(state.tracking),
            "signal_ids": " ".join(sorted(state.signal_ids))}


def state_from_document(doc: Mapping[str, Any]) -> PupilState:
    """Rebuild a pupil's state from its stored document."""
    lines: dict[SessionKey, str] = {}
    for year in doc.get("years", {}).values():
        lines.update(unpack_marks(year["marks"]))
    return PupilState(
        school_urn=doc["school_urn"], upn=doc["upn"], roster=_roster(doc.get("roster", "")),
        lines=lines, years={key: _year(year) for key, year in doc.get("years", {}).items()},
        tracking=_tracking(doc.get("tracking", "")),
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
