"""The concerns inbox (action 2.2): the open concerns sent to the signed-in lead's
routes, newest first, each with a form to answer it (acknowledged, or acted on).

An answer is an office record (ConcernResponseV1) published on office.records.v1 like
every other: the office feed stores it, the pupil's timeline shows it, and the concern
leaves the open list of the routes it answers. Who reads and answers which concern is
the rule of services.web.records.concerns; the page states it.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.web.access import (
    AccessRefusedError,
    Context,
    PageViewer,
    Viewer,
    WebContext,
    audit_view,
    require_pupils,
    require_role,
)
from services.web.pages import render
from services.web.readmodel import PupilRecord
from services.web.records.concerns import (
    ANSWERERS,
    RESPONSES,
    ROUTE_TITLES,
    RULE,
    answer_from_form,
    concern_by_id,
    open_concerns,
)
from services.web.records.forms import FormProblemError
from services.web.records.guard import check_csrf, known_school, new_form_id
from services.web.records.publisher import PublishFailedError
from services.web.views import NotFoundError
from shared.contracts.office_v1 import ConcernRoute

router = APIRouter(include_in_schema=False)
INBOX = "/schools/{urn}/concerns"
_NOT_SENT = ("The answer could not be sent just now (the message service did not answer). "
             "Nothing was recorded; your note is kept below: please send it again.")


@router.get(INBOX, response_class=HTMLResponse)
async def concerns_page(request: Request, urn: str, viewer: PageViewer, context: Context,
                        answered: str | None = None) -> HTMLResponse:
    """The open concerns sent to the viewer's routes, newest first."""
    notice = (f"Your answer ({RESPONSES[answered].lower()}) was sent; the concern leaves "
              "this list as soon as it is stored, usually within seconds."
              if answered in RESPONSES else None)
    return await _inbox(request, context, viewer, urn, notice=notice)


@router.post(INBOX + "/{concern_id}/answer")
async def answer_concern(request: Request, urn: str, concern_id: str, viewer: PageViewer,
                         context: Context) -> Response:
    """Publish the lead's answer to a concern sent to their route, then back to the list."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    check_csrf(viewer, form.get("csrf_token"))
    routes = _inbox_routes(viewer, urn)
    records = await context.office_log.concern_records(urn)
    concern = concern_by_id(records, concern_id)
    if concern is None:
        raise NotFoundError(f"No concern {concern_id} is known at school {urn}. It may not "
                            "have been stored yet; go back to the concerns list and reload.")
    if not set(routes) & set(concern.routed_to):
        raise AccessRefusedError(viewer, urn, "This concern was sent to the "
                                 f"{ROUTE_TITLES[concern.routed_to[0]]}, not to you. "
                                 + ANSWERERS)
    try:
        answer = answer_from_form(form, concern, routes, viewer.name, context.now(),
                                  context.today())
        await context.office_publisher.record(answer)
        await audit_view(context, viewer, urn, concern.upn, f"answered concern "
                         f"({answer.response})", "changed")
    except FormProblemError as problem:
        return await _inbox(request, context, viewer, urn, error=problem.message,
                            status=422, typed={concern_id: form})
    except PublishFailedError:
        return await _inbox(request, context, viewer, urn, error=_NOT_SENT, status=503,
                            typed={concern_id: form})
    query = urlencode({"answered": answer.response})
    return RedirectResponse(f"/schools/{urn}/concerns?{query}", status_code=303)


def _inbox_routes(viewer: Viewer, urn: str) -> tuple[ConcernRoute, ...]:
    """The viewer's routes; 403 (audited) for anyone no concern is sent to."""
    require_pupils(viewer, urn)
    require_role(viewer, urn, lambda member: bool(member.concern_routes),
                 "The concerns list is for the people concerns are sent to. " + ANSWERERS
                 + " Raise a concern from the pupil's page.")
    assert viewer.member is not None
    return viewer.member.concern_routes


async def _inbox(request: Request, context: WebContext, viewer: Viewer, urn: str,
                 notice: str | None = None, error: str | None = None, status: int = 200,
                 typed: dict[str, dict[str, str]] | None = None) -> HTMLResponse:
    routes = _inbox_routes(viewer, urn)
    school = await known_school(context, viewer, urn)
    waiting = open_concerns(await context.office_log.concern_records(urn), routes)
    pupils = await _pupils(context, urn, {item.concern.upn for item in waiting})
    return render(request, "records/concerns.html", viewer, status=status, school=school,
                  waiting=waiting, pupils=pupils, routes=[ROUTE_TITLES[r] for r in routes],
                  responses=RESPONSES, rule=RULE, notice=notice, error=error,
                  typed=typed or {}, form_ids={item.concern.record_id: new_form_id()
                                               for item in waiting})


async def _pupils(context: WebContext, urn: str, upns: set[str]) -> dict[str, PupilRecord]:
    """The roster entries of the pupils named, by UPN (a pupil not on the roster is left
    out and shown by UPN)."""
    ordered = sorted(upns)
    found = await asyncio.gather(*(context.store.pupil(urn, upn) for upn in ordered))
    return {upn: pupil for upn, pupil in zip(ordered, found, strict=True) if pupil}
