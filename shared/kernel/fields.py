"""Field parsers for wire and CSV records: each returns a value or raises ValueError
with a message a person can act on."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Literal

Session = Literal["AM", "PM"]
SESSIONS: tuple[Session, Session] = ("AM", "PM")

_URN = re.compile(r"^[0-9]{6}$")
_SESSION_NAMES: dict[str, Session] = {"AM": "AM", "PM": "PM"}
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def clean_text(value: Any) -> str:
    """A value as stripped text; None is empty."""
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else str(value).strip()


@lru_cache(maxsize=4096)
def _parse_urn_text(text: str) -> str:
    if not _URN.match(text):
        raise ValueError("a school URN is 6 digits; use the school's URN from GIAS")
    return text


def parse_urn(value: Any) -> str:
    return _parse_urn_text(clean_text(value))


@lru_cache(maxsize=8192)
def _parse_date_text(text: str) -> dt.date:
    if not _ISO_DATE.match(text):
        raise ValueError(f"'{text}' is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None


def parse_date(value: Any) -> dt.date:
    """A date from a date object or 'YYYY-MM-DD' text; ValueError says what is wrong."""
    if isinstance(value, dt.datetime):
        raise ValueError("give a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    text = clean_text(value)
    if not text:
        raise ValueError("the date is missing; give it as YYYY-MM-DD")
    return _parse_date_text(text)


def parse_session(value: Any) -> Session:
    text = clean_text(value)
    session = _SESSION_NAMES.get(text) or _SESSION_NAMES.get(text.upper())
    if session is None:
        raise ValueError(f"session must be AM or PM, not '{text}'")
    return session


def parse_minutes_late(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("minutes_late must be a whole number of minutes")
    try:
        minutes = int(value) if isinstance(value, int) else int(clean_text(value))
    except ValueError:
        raise ValueError(
            f"minutes_late must be a whole number, not '{clean_text(value)}'") from None
    if minutes < 0:
        raise ValueError("minutes_late cannot be negative")
    return minutes


def parse_recorded_at(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = clean_text(value)
        if not text:
            raise ValueError("recorded_at is missing; give the time the mark was taken, "
                             "ISO-8601 with offset (e.g. 2024-09-02T08:55:00+01:00)")
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{text}' is not an ISO-8601 date and time") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("recorded_at needs a UTC offset (e.g. +01:00 or Z) so amendments "
                         "are ordered correctly")
    return moment


def parse_comment(value: Any) -> str | None:
    text = clean_text(value)
    return text or None
