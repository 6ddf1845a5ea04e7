"""Checks on each received record, the same for HTTP, CSV and Kafka (pure, no I/O).

Marks are validated by the attendance kernel; the intake adds the token's school scope
before, and the future, the school's calendar and the pupil's roll after
(`shared.kernel.check_mark_context`). A field that is not a field of a mark does not
refuse it: the accepted mark carries a warning naming the field.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from shared.contracts.topics import pupil_key
from shared.kernel import (
    Enrolment,
    FieldError,
    Mark,
    MarkError,
    SchoolCalendar,
    check_mark_context,
    parse_mark,
    unknown_field_warnings,
)

log = logging.getLogger(__name__)
_URN = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Received:
    """A record as it arrived, where it was in its batch, and any problem reading it."""

    record: Any
    position: dict[str, Any]
    errors: tuple[FieldError, ...] = ()


@dataclass(frozen=True)
class Refusal:
    """A refused record with every reason; `forbidden` when the token's scope alone
    refused it."""

    received: Received
    errors: tuple[FieldError, ...] = field(default_factory=tuple)
    forbidden: bool = False


@dataclass(frozen=True)
class Warned:
    """Where an accepted record was, its school, and what its sender should still fix."""

    position: dict[str, Any]
    school_urn: str | None
    warnings: tuple[FieldError, ...]


def school_of(record: Any) -> str | None:
    """The record's school URN when it names a well-formed one."""
    if not isinstance(record, Mapping):
        return None
    urn = str(record.get("school_urn", "")).strip()
    return urn if _URN.match(urn) else None


def first_problem(received: Received, allowed: frozenset[str] | None,
                  kind: str) -> Refusal | None:
    """Refuse a record that could not be read, is not an object, or is out of scope."""
    if received.errors:
        return Refusal(received, received.errors)
    if not isinstance(received.record, Mapping):
        return Refusal(received, (FieldError("record", (
            f"each {kind} must be a JSON object with named fields; got "
            f"{_json_type(received.record)}")),))
    urn = school_of(received.record)
    if allowed is not None and urn is not None and urn not in allowed:
        return Refusal(received, (FieldError("school_urn", (
            f"this integration's token is not allowed to send for school {urn}; send it "
            "with a token issued for that school")),), forbidden=True)
    return None


def parse_received_mark(received: Received, allowed: frozenset[str] | None) -> Mark | Refusal:
    """The kernel Mark of a received record, or its refusal with every bad field."""
    refusal = first_problem(received, allowed, "mark")
    if refusal is not None:
        return refusal
    try:
        return parse_mark(received.record)
    except MarkError as error:
        return Refusal(received, error.errors)
    except Exception as error:  # a record must never stop a batch or a stream
        log.exception("a mark could not be checked (%s)", type(error).__name__)
        return Refusal(received, (FieldError("record", (
            "this record could not be checked; it is kept in the rejects for correction")),))


def check_in_context(parsed: Sequence[tuple[Received, Mark]], enrolments: Mapping[str, Enrolment],
                     calendars: Mapping[str, SchoolCalendar], today: date) -> list[Mark | Refusal]:
    """Refuse marks for a future date, a day that is not a school day (a weekend, or off
    the calendar the school set) or outside the pupil's roll (unknown pupils pass)."""
    checked: list[Mark | Refusal] = []
    for received, mark in parsed:
        enrolment = enrolments.get(pupil_key(mark.school_urn, mark.upn))
        errors = check_mark_context(mark, enrolment, today, calendars.get(mark.school_urn))
        checked.append(Refusal(received, tuple(errors)) if errors else mark)
    return checked


def warnings_of(received: Received) -> Warned | None:
    """The warnings of an accepted mark: each field that is not a field of a mark."""
    if not isinstance(received.record, Mapping):
        return None
    warnings = unknown_field_warnings(received.record)
    if not warnings:
        return None
    return Warned(received.position, school_of(received.record), tuple(warnings))


def field_errors_of(error: ValidationError) -> tuple[FieldError, ...]:
    """Pydantic's errors as FieldErrors named by dotted path, e.g. "contacts.0.phone"."""
    found = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"]) or "record"
        message = "is required" if item["type"] == "missing" else item["msg"]
        if item["type"] == "extra_forbidden":
            message = "is not a field of this record; check its spelling"
        found.append(FieldError(path, message))
    return tuple(found)


def _json_type(value: Any) -> str:
    names = {list: "a list", str: "text", bool: "true/false", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)

