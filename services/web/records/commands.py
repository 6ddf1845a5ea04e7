"""Staff decisions for comms, built from form fields (pure) and described for pages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import ValidationError

from services.web.params import BadParameterError
from shared.contracts.comms_v1 import LetterEventV1, LetterReviewV1, SendDecisionV1

# Which review actions make sense in each state of a letter.
ACTIONS_BY_STATE: dict[str, tuple[str, ...]] = {
    "draft": ("edit", "approve", "withdraw"), "approved": ("issue", "withdraw"),
    "issued": (), "withdrawn": ()}


class CommandProblemError(ValueError):
    """A decision form that cannot be sent as it is; the message says why."""


def send_decision(form: Mapping[str, str], school_urn: str, by: str,
                  at: datetime) -> SendDecisionV1:
    return _validated(SendDecisionV1, {
        "command_id": form.get("command_id", ""), "school_urn": school_urn, "issued_by": by,
        "issued_at": at, "delivery_id": form.get("delivery_id", ""),
        "decision": form.get("decision", "")})


def letter_review(form: Mapping[str, str], letter: LetterEventV1, by: str,
                  at: datetime) -> LetterReviewV1:
    action = form.get("action", "")
    if action not in ACTIONS_BY_STATE[letter.state]:
        raise CommandProblemError(
            f"This letter is {letter.state}: it can no longer be '{action}'. It may have "
            "changed since the page was shown; look at it again below.")
    body = form.get("body_text") if action == "edit" else None
    if action == "edit" and not (body or "").strip():
        raise CommandProblemError("The edited letter is empty: write its text, then save.")
    return _validated(LetterReviewV1, {
        "command_id": form.get("command_id", ""), "school_urn": letter.school_urn,
        "issued_by": by, "issued_at": at, "letter_id": letter.letter_id, "action": action,
        "body_text": body})


Command = TypeVar("Command", SendDecisionV1, LetterReviewV1)


def _validated(model: type[Command], values: dict[str, Any]) -> Command:
    try:
        return model.model_validate(values)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        raise CommandProblemError(f"{field.replace('_', ' ')}: {first['msg']}. Reload the "
                                  "page and try again.") from error


def parse_day(value: str | None, today: date) -> date:
    """The `day` parameter (YYYY-MM-DD), today when absent."""
    if not value:
        return today
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadParameterError("day", f"day '{value}' is not a date: use YYYY-MM-DD, "
                                       "e.g. 2026-09-08.") from None


def masked(phone: str) -> str:
    """A phone number with all but its last 3 digits hidden."""
    digits = [c for c in phone if c.isdigit()]
    return "•" * max(len(digits) - 3, 0) + "".join(digits[-3:])
