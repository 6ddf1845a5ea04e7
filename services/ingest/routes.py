"""HTTP intake routes, version 1: marks (JSON and CSV), pupils, school settings, health."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from services.ingest.answers import answer, request_problem
from services.ingest.bodies import BodyError, csv_records, json_object, json_records
from services.ingest.http_deps import GrantDep, ServiceDep, read_body
from services.ingest.intake import Batch, IntakeDeps, Outcome, publish_with_rejects, take_marks
from services.ingest.roster_intake import take_pupils, take_school_settings
from services.ingest.validation import Received, Refusal
from shared.contracts.answers_v1 import IntakeAnswerV1
from shared.contracts.common_v1 import Source
from shared.contracts.rejects_v1 import RecordKind
from shared.infra.tokens import TokenGrant
from shared.kernel import FieldError

router = APIRouter()
CSV_TYPES = ("text/csv", "application/csv", "text/plain")
UseCase = Callable[[Sequence[Received], Batch, IntakeDeps], Awaitable[Outcome]]
ANSWERS: dict[int | str, dict[str, Any]] = {
    status: {"model": IntakeAnswerV1, "description": meaning} for status, meaning in (
        (202, "accepted; any refused records are listed and sent to the rejects topic"),
        (401, "no valid bearer token"),
        (403, "every record is for a school this token may not send for"),
        (413, "the body is larger than the configured limit"),
        (422, "nothing accepted: the body is unreadable or every record was refused"),
        (503, "the broker or store did not answer; nothing was accepted, send again"),
    )
}


def _body_schema(model: str, media_type: str = "application/json") -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{model}"} if model else {"type": "string"}
    return {"requestBody": {"required": True, "content": {media_type: {"schema": schema}}}}


@router.post("/v1/marks", status_code=202, responses=ANSWERS,
             openapi_extra=_body_schema("MarksRequestV1"))
async def post_marks(request: Request, service: ServiceDep, grant: GrantDep) -> JSONResponse:
    """Send register marks as JSON `{"marks": [mark, ...]}`; each is checked on its own."""
    return await _take(request, service, grant, "http", "mark", take_marks,
                       lambda body: json_records(body, "marks"))


@router.post("/v1/marks.csv", status_code=202, responses=ANSWERS,
             openapi_extra=_body_schema("", "text/csv"))
async def post_marks_csv(request: Request, service: ServiceDep, grant: GrantDep) -> JSONResponse:
    """Send register marks as CSV whose header line names the canonical mark fields
    (school_urn,upn,date,session,code,minutes_late,recorded_at,comment). Each line is
    read on its own: one that is not UTF-8 or not readable CSV is refused by its line
    number, and the other lines still count."""
    media_type = request.headers.get("content-type", "text/csv").split(";")[0].strip().lower()
    if media_type not in CSV_TYPES:
        return request_problem(422, f"this address takes CSV (Content-Type: text/csv), not "
                                    f"{media_type}; send JSON marks to POST /v1/marks")
    return await _take(request, service, grant, "csv", "mark", take_marks, csv_records)


@router.post("/v1/pupils", status_code=202, responses=ANSWERS,
             openapi_extra=_body_schema("PupilsRequestV1"))
async def post_pupils(request: Request, service: ServiceDep, grant: GrantDep) -> JSONResponse:
    """Send pupil records (roster, flags, contacts) as JSON `{"pupils": [pupil, ...]}`."""
    return await _take(request, service, grant, "http", "pupil", take_pupils,
                       lambda body: json_records(body, "pupils"))


@router.put("/v1/schools/{urn}", status_code=202, responses=ANSWERS,
            openapi_extra=_body_schema("SchoolSettingsV1"))
async def put_school(urn: str, request: Request, service: ServiceDep,
                     grant: GrantDep) -> JSONResponse:
    """Set one school's settings: calendar, closures, register close, thresholds..."""
    async def one_school(received: Sequence[Received], batch: Batch,
                         deps: IntakeDeps) -> Outcome:
        return await take_school_settings(urn, received[0], batch, deps)

    return await _take(request, service, grant, "http", "school_settings", one_school,
                       lambda body: [Received(json_object(body), {"index": 0})])


@router.get("/healthz")
async def healthz(service: ServiceDep) -> JSONResponse:
    """200 once the broker and the store answer, 503 until then."""
    if await service.healthy():
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "unavailable"}, status_code=503)


async def _take(request: Request, service: ServiceDep, grant: TokenGrant, source: Source,
                kind: RecordKind, use_case: UseCase,
                split: Callable[[bytes], list[Received]]) -> JSONResponse:
    batch = Batch(source, grant.name, grant.schools)
    body = await read_body(request, service.max_body_bytes)
    try:
        received = split(body)
    except BodyError as error:
        whole = Refusal(Received(error.body, {"body": "whole"}),
                        (FieldError("body", error.message),))
        await publish_with_rejects([], [whole], kind, batch, service.intake)
        return request_problem(422, error.message)
    if not received:
        return request_problem(422, f"the request holds no {kind.replace('_', ' ')} records")
    return answer(await use_case(received, batch, service.intake))
