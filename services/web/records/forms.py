"""The recording forms' fields, and turning what was typed into an office record.

Pure: the caller passes the school, pupil, member of staff and time. Validation is the
contract's own (shared.contracts.office_v1); its first complaint is re-worded to name
the field as the form labels it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, get_args

from pydantic import TypeAdapter, ValidationError

from shared.contracts.office_v1 import (
    Barrier,
    CallAttempt,
    CallOutcome,
    ConcernRoute,
    HolidayDecision,
    HomeVisitOutcome,
    OfficeRecordV1,
)

FormValues = Mapping[str, Sequence[str]]
KINDS = {"call_outcome": "Call outcome", "concern": "Attendance concern",
         "home_visit": "Home visit", "holiday_request": "Holiday request"}
CHOICES: dict[str, tuple[str, ...]] = {
    "attempt": get_args(CallAttempt), "outcome_call": get_args(CallOutcome),
    "barrier": get_args(Barrier), "routed_to": get_args(ConcernRoute),
    "outcome_visit": get_args(HomeVisitOutcome), "decision": get_args(HolidayDecision)}
LABELS = {"record_id": "Form", "school_day": "School day", "note": "Note",
          "attempt": "Call", "contact_id": "Contact", "outcome": "Outcome",
          "reason_given": "Reason given", "barrier": "Barrier", "challenged": "Challenged",
          "routed_to": "Send to", "first_day": "First day", "last_day": "Last day",
          "decision": "Decision"}
_FIELDS = {"call_outcome": ("attempt", "contact_id", "outcome", "reason_given", "barrier"),
           "concern": ("barrier",), "home_visit": ("outcome",),
           "holiday_request": ("first_day", "last_day", "decision")}
_OPTIONAL = {"contact_id", "barrier"}  # an empty choice means "not known"
_RECORD = TypeAdapter[OfficeRecordV1](OfficeRecordV1)


class FormProblemError(ValueError):
    """What is wrong with a submitted form, naming the field as the form labels it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def record_from_form(kind: str, form: FormValues, school_urn: str, upn: str,
                     recorded_by: str, recorded_at: datetime) -> OfficeRecordV1:
    """The office record the form describes; FormProblemError names the first bad field."""
    if kind not in KINDS:
        raise FormProblemError("kind", f"'{kind}' is not a kind of record; choose one of "
                                       f"{', '.join(KINDS)}.")
    values: dict[str, Any] = {"kind": kind, "school_urn": school_urn, "upn": upn,
                              "recorded_by": recorded_by, "recorded_at": recorded_at,
                              "note": _one(form, "note")}
    for name in ("record_id", "school_day", *_FIELDS[kind]):
        text = _one(form, name)
        if text or name in _OPTIONAL:  # an empty required field is reported as missing
            values[name] = text or None
    if kind == "call_outcome":
        values["challenged"] = _one(form, "challenged") in ("on", "true", "yes")
    if kind == "concern":
        values["routed_to"] = list(form.get("routed_to", ()))
    return record_from_values(values)


def record_from_values(values: Mapping[str, Any]) -> OfficeRecordV1:
    """Validate with the contract; FormProblemError names the first field at fault."""
    try:
        return _RECORD.validate_python(values)
    except ValidationError as error:
        raise _problem(error) from error


def _problem(error: ValidationError) -> FormProblemError:
    first = error.errors(include_url=False)[0]
    names = [part for part in first["loc"] if isinstance(part, str) and part in LABELS]
    field = names[-1] if names else ("last_day" if "last_day" in first["msg"] else "record")
    label = LABELS.get(field, "Record")
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing" or (first["type"] == "too_short" and field == "routed_to"):
        message = "choose at least one" if field == "routed_to" else "this is needed"
    if field == "record_id":
        message = "the form is incomplete; reload the page and enter the record again"
    return FormProblemError(field, f"{label}: {message}.")


def _one(form: FormValues, name: str) -> str:
    values = form.get(name) or ("",)
    return values[-1].strip()
