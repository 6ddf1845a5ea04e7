"""What comms tells the staff pages (`comms.events.v1`), built from its stored documents.

Pure: each function turns one stored document (a delivery, a letter, a reply, a call
task) into the event that describes it now, with the document's own `version`, so a
re-publication after a crash repeats the same event and readers keep the highest.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from jinja2 import TemplateError

from services.comms.deliveries import DeliveryState
from services.comms.documents import wording_text
from services.comms.letters import LetterKind
from shared.contracts.comms_v1 import (
    CallTaskEventV1,
    DeliveryEventV1,
    LetterEventV1,
    ReplyEventV1,
)

log = logging.getLogger(__name__)
Document = dict[str, Any]
CommsEvent = DeliveryEventV1 | ReplyEventV1 | LetterEventV1 | CallTaskEventV1

TITLES = {LetterKind.LEAFLET: "Attendance leaflet",
          LetterKind.HEAD_TEACHER: "Head teacher's attendance letter",
          LetterKind.HOLIDAY_REFUSAL: "Term-time leave request refused",
          LetterKind.JULY_LEAVE: "Term-time leave this year"}


def delivery_state(doc: Document) -> str:
    """The stored state as the staff pages name it: a pending text is planned until a
    sender claims it; a text kept in the outbox (no provider configured) is 'outbox'."""
    state = DeliveryState(doc["state"])
    if state is DeliveryState.PENDING:
        return "planned" if doc.get("sending_since") is None else "sending"
    if state is DeliveryState.UNDELIVERED:
        return "failed"
    if state is DeliveryState.SENT and str(doc.get("provider_id") or "").startswith("outbox:"):
        return "outbox"
    return str(state)


def delivery_event(doc: Document) -> DeliveryEventV1:
    state = delivery_state(doc)
    return DeliveryEventV1(
        school_urn=doc["school_urn"], version=doc.get("version", 0),
        updated_at=doc.get("updated_at") or doc["recorded_at"], delivery_id=doc["_id"],
        upns=[p["upn"] for p in doc.get("pupils", [])], purpose=doc["purpose"],
        school_day=doc["day"], recipient=doc["recipient"], body=doc.get("body") or "",
        state=state, needs_decision=state == "unknown")  # type: ignore[arg-type]


def letter_event(doc: Document, pdf: bytes | None) -> LetterEventV1:
    """A letter's event; `body_text` is the paragraph staff write for the family (the
    rest of the letter comes from its template and the pupil's figures); `full_text` is
    the whole letter with that paragraph, worded as its PDF is, so staff read it before
    approving it."""
    kind = LetterKind(doc["kind"])
    child = str((doc.get("context") or {}).get("child_name", ""))
    return LetterEventV1(
        school_urn=doc["school_urn"], version=doc.get("version", 0),
        updated_at=doc.get("updated_at") or doc["created_at"], letter_id=doc["_id"],
        upn=doc["upn"], letter_kind=str(kind), state=doc["state"],  # type: ignore[arg-type]
        title=f"{TITLES[kind]}: {child}" if child else TITLES[kind],
        body_text=doc.get("note", ""), full_text=full_text(doc),
        pdf_base64=base64.b64encode(pdf).decode() if pdf else None)


def full_text(doc: Document) -> str | None:
    """The letter's wording; None (and the event still goes) if its template cannot be
    filled, e.g. a letter stored before a template asked for a new value."""
    try:
        return wording_text(LetterKind(doc["kind"]), doc.get("context") or {},
                            doc.get("note", ""))
    except TemplateError as error:
        log.warning("letter %s: no full text (%s)", doc.get("_id"), type(error).__name__)
        return None


def reply_events(doc: Document) -> list[ReplyEventV1]:
    """One event per school whose pupils share the number (none for a stranger's text)."""
    return [ReplyEventV1(
        school_urn=school, version=doc.get("version", 0),
        updated_at=doc.get("updated_at") or doc["received_at"], message_id=doc["_id"],
        upns=[p["upn"] for p in doc.get("pupils", []) if p["school_urn"] == school],
        sender=doc["from"], body=doc["body"], received_at=doc["received_at"],
        opted_out=doc.get("opted_out")) for school in doc.get("schools", [])]


def call_task_event(doc: Document) -> CallTaskEventV1:
    return CallTaskEventV1(
        school_urn=doc["school_urn"], version=doc.get("version", 0),
        updated_at=doc["updated_at"], task_id=doc["_id"], upn=doc["upn"],
        purpose=doc["purpose"], due_on=doc["due_on"], done=bool(doc.get("done", False)))
