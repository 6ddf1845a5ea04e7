"""HTTP answers of the intake, all in the IntakeAnswerV1 shape."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from services.ingest.intake import Outcome
from shared.contracts.answers_v1 import IntakeAnswerV1, RejectedRecordV1, WarnedRecordV1
from shared.contracts.common_v1 import FieldErrorV1


def answer(outcome: Outcome) -> JSONResponse:
    """202 when anything was accepted; else 403 when every record was outside the
    token's schools; else 422. Refused records are listed either way, and accepted
    records with warnings."""
    rejected = [
        RejectedRecordV1(
            index=refusal.received.position.get("index"),
            row=refusal.received.position.get("row"),
            errors=[FieldErrorV1(field=e.field, message=e.message) for e in refusal.errors],
        )
        for refusal in outcome.refusals
    ]
    warnings = [
        WarnedRecordV1(
            index=warned.position.get("index"),
            row=warned.position.get("row"),
            warnings=[FieldErrorV1(field=w.field, message=w.message) for w in warned.warnings],
        )
        for warned in outcome.warnings
    ]
    return _json(_status(outcome), IntakeAnswerV1(accepted=outcome.accepted, rejected=rejected,
                                                  warnings=warnings))


def request_problem(status: int, message: str) -> JSONResponse:
    """An answer about the request as a whole (unreadable, too large, unavailable)."""
    return _json(status, IntakeAnswerV1(accepted=0, message=message))


def _json(status: int, body: IntakeAnswerV1) -> JSONResponse:
    content = body.model_dump(mode="json", exclude_none=True)
    # Present only when there is something to warn about, so a clean batch is answered
    # exactly as before warnings existed.
    if not content.get("warnings"):
        content.pop("warnings", None)
    return JSONResponse(content, status_code=status)


def _status(outcome: Outcome) -> int:
    if outcome.accepted:
        return 202
    return 403 if outcome.all_forbidden else 422
