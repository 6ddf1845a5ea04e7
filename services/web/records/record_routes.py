"""Recording what staff did: the forms (server-rendered) and the same as JSON.

The form carries a record_id made when it is shown, so a double submit stores one
record. A valid record is published on office.records.v1 and the browser goes back to
the pupil's page, where the record shows once the office feed has stored it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from services.web.access import ApiViewer, Context, PageViewer, Viewer, WebContext, audit_view
from services.web.pages import render
from services.web.records.forms import (
    CHOICES,
    KINDS,
    LABELS,
    FormProblemError,
    FormValues,
    record_from_form,
    record_from_values,
)
from services.web.records.guard import check_csrf, known_pupil, new_form_id
from services.web.records.publisher import PublishFailedError
from shared.contracts.office_v1 import OfficeRecordV1

router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["records"])
FORM_PATH = "/schools/{urn}/pupils/{upn}/records/new"
SERVER_FIELDS = ("school_urn", "upn", "recorded_by", "recorded_at")


@router.get(FORM_PATH, response_class=HTMLResponse)
async def new_record(request: Request, urn: str, upn: str, viewer: PageViewer,
                     context: Context, kind: str = "call_outcome", attempt: str = "",
                     day: str = "") -> HTMLResponse:
    """An empty form for one kind of record; `attempt` and `day` fill in a call's details."""
    values = {"kind": kind if kind in KINDS else "call_outcome", "record_id": new_form_id(),
              "school_day": day or context.today().isoformat(), "attempt": attempt}
    return await _form(request, context, viewer, urn, upn, values)


@router.post(FORM_PATH)
async def save_record(request: Request, urn: str, upn: str, viewer: PageViewer,
                      context: Context) -> Response:
    """Check the CSRF token, validate, publish, and go back to the pupil's page."""
    form = await request.form()
    check_csrf(viewer, str(form.get("csrf_token", "")))
    _, pupil = await known_pupil(context, viewer, urn, upn)
    values: FormValues = {key: [str(v) for v in form.getlist(key)] for key in form}
    typed = {key: items[-1] for key, items in values.items() if items}
    typed["routed_to"] = values.get("routed_to", [])  # type: ignore[assignment]
    kind = typed.get("kind", "")
    try:
        record = record_from_form(kind, values, urn, pupil.upn, viewer.name, context.now())
        await context.office_publisher.record(record)
        await audit_view(context, viewer, urn, pupil.upn, f"recorded {record.kind}", "changed")
    except FormProblemError as problem:
        return await _form(request, context, viewer, urn, upn, typed, problem.message, 422)
    except PublishFailedError:
        return await _form(request, context, viewer, urn, upn, typed, _NOT_SENT, 503)
    return RedirectResponse(f"/schools/{urn}/pupils/{pupil.upn}?recorded={record.kind}",
                            status_code=303)


_NOT_SENT = ("The record could not be sent just now (the message service did not answer). "
             "Nothing was recorded; your entries are kept below: please send the form again.")


async def _form(request: Request, context: WebContext, viewer: Viewer, urn: str, upn: str,
                values: dict[str, Any], error: str | None = None,
                status: int = 200) -> HTMLResponse:
    school, pupil = await known_pupil(context, viewer, urn, upn)
    kind = values.get("kind") if values.get("kind") in KINDS else "call_outcome"
    return render(request, "records/form.html", viewer, status=status, school=school,
                  pupil=pupil, kind=kind, kinds=KINDS, choices=CHOICES, labels=LABELS,
                  values=values, error=error)


@api_router.post("/api/v1/schools/{urn}/pupils/{upn}/records", status_code=202)
async def post_record(request: Request, urn: str, upn: str, viewer: ApiViewer,
                      context: Context, body: Annotated[dict[str, Any], Body()]) -> JSONResponse:
    """Record a call outcome, concern, home visit or holiday request (staff session only).

    The body is an office record of `office.records.v1` without school_urn, upn,
    recorded_by and recorded_at (the server sets them). Send the same `record_id` again
    and the record is still stored once. The X-CSRF-Token header must carry the
    session's token. 202: published; the pupil's timeline shows it shortly.
    """
    if viewer.session is None:
        return _refused("Recording needs a staff session; read tokens may only read.")
    check_csrf(viewer, request.headers.get("x-csrf-token"))
    if body.get("school_urn", urn) != urn:
        return _refused(f"This record is about school {body.get('school_urn')}, not {urn}.")
    _, pupil = await known_pupil(context, viewer, urn, upn)
    if body.get("kind") not in KINDS:
        # A lead's answer to a concern is recorded on the concerns page, where who may
        # answer which concern is checked.
        message = (f"Kind: '{body.get('kind')}' cannot be recorded here; send one of "
                   f"{', '.join(KINDS)} (answer a concern on /schools/{urn}/concerns).")
        return JSONResponse({"detail": message, "errors": [
            {"field": "kind", "message": message}]}, status_code=422)
    values = {**{k: v for k, v in body.items() if k not in SERVER_FIELDS}, "school_urn": urn,
              "upn": pupil.upn, "recorded_by": viewer.name, "recorded_at": context.now()}
    values.setdefault("record_id", new_form_id())
    values.setdefault("school_day", context.today().isoformat())
    try:
        record: OfficeRecordV1 = record_from_values(values)
        await context.office_publisher.record(record)
        await audit_view(context, viewer, urn, pupil.upn, f"recorded {record.kind}", "changed")
    except FormProblemError as problem:
        return JSONResponse({"detail": problem.message, "errors": [
            {"field": problem.field, "message": problem.message}]}, status_code=422)
    except PublishFailedError:
        return JSONResponse({"detail": _NOT_SENT}, status_code=503)
    return JSONResponse({"record_id": record.record_id, "kind": record.kind,
                         "school_day": date.isoformat(record.school_day)}, status_code=202)


def _refused(message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=403)
