"""Synthetic office records and comms events for the records tests (invented people)."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from typing import Any

from shared.contracts.comms_v1 import DeliveryEventV1, LetterEventV1, ReplyEventV1
from shared.contracts.office_v1 import CallOutcomeV1, ConcernResponseV1, ConcernV1
from tests.unit.web.records import ADA, BEN, URN

DAY = date(2026, 9, 8)
MORNING = datetime(2026, 9, 8, 8, 45, tzinfo=UTC)
PHONE = "07700900123"
# The smallest file a PDF reader opens; enough to prove the bytes come back unchanged.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def call(record_id: str = "call-0001", upn: str = ADA, day: date = DAY,
         minutes: int = 0, **fields: Any) -> CallOutcomeV1:
    values: dict[str, Any] = {"attempt": "first_day", "outcome": "reached",
                              "barrier": "illness", "reason_given": "Sick overnight"}
    values.update(fields)
    return CallOutcomeV1(record_id=record_id, school_urn=URN, upn=upn, school_day=day,
                         recorded_at=MORNING + timedelta(minutes=minutes),
                         recorded_by="office", **values)


def concern(record_id: str = "concern-01", upn: str = BEN, routes: tuple[str, ...] = (
        "safeguarding",), barrier: str | None = "anxiety", minutes: int = 5) -> ConcernV1:
    return ConcernV1.model_validate({
        "record_id": record_id, "school_urn": URN, "upn": upn, "school_day": DAY,
        "recorded_at": MORNING + timedelta(minutes=minutes), "recorded_by": "teacher",
        "barrier": barrier, "routed_to": list(routes), "note": "Seemed withdrawn"})


def answer(concern_id: str = "concern-01", record_id: str = "answer-0001",
           routes: tuple[str, ...] = ("safeguarding",), upn: str = BEN,
           response: str = "acknowledged", by: str = "safeguarding",
           minutes: int = 60) -> ConcernResponseV1:
    return ConcernResponseV1.model_validate({
        "record_id": record_id, "school_urn": URN, "upn": upn, "school_day": DAY,
        "recorded_at": MORNING + timedelta(minutes=minutes), "recorded_by": by,
        "concern_id": concern_id, "response": response, "routes": list(routes),
        "note": "Spoke to mum; checking in with Ben each morning"})


def delivery(delivery_id: str = "text-0001", version: int = 1, state: str = "sent",
             needs_decision: bool = False, upn: str = ADA, minutes: int = 10
             ) -> DeliveryEventV1:
    return DeliveryEventV1.model_validate({
        "school_urn": URN, "version": version, "updated_at": MORNING + timedelta(minutes=minutes),
        "delivery_id": delivery_id, "upns": [upn], "purpose": "golden_hour_nudge",
        "school_day": DAY, "recipient": PHONE, "body": "Hope to see Ada today!",
        "state": state, "needs_decision": needs_decision})


def reply(message_id: str = "reply-0001", upn: str = ADA, minutes: int = 20) -> ReplyEventV1:
    at = MORNING + timedelta(minutes=minutes)
    return ReplyEventV1(school_urn=URN, version=1, updated_at=at, message_id=message_id,
                        upns=[upn], sender=PHONE, body="She is on her way", received_at=at)


def letter(letter_id: str = "letter-0001", version: int = 1, state: str = "draft",
           upn: str = BEN, pdf: bytes | None = None, minutes: int = 30,
           full_text: str | None = None) -> LetterEventV1:
    return LetterEventV1.model_validate({
        "full_text": full_text,
        "school_urn": URN, "version": version, "updated_at": MORNING + timedelta(minutes=minutes),
        "letter_id": letter_id, "upn": upn, "letter_kind": "head_teacher_letter",
        "state": state, "title": "Attendance below 95%", "body_text": "Dear parent, ...",
        "pdf_base64": base64.b64encode(pdf).decode() if pdf else None})
