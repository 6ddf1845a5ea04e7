"""The outbox: every text of a day and where it stands, and staff decisions on texts
whose outcome is unknown (published for comms on comms.commands.v1).

Every member of staff who may see pupils reads the outbox; the office and leaders
decide what becomes of a text whose outcome is unknown, teachers do not.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.web.access import (
    Context,
    PageViewer,
    Viewer,
    WebContext,
    require_pupils,
    require_role,
)
from services.web.pages import render
from services.web.records.commands import CommandProblemError, masked, parse_day, send_decision
from services.web.records.guard import check_csrf, known_school, new_form_id
from services.web.records.publisher import PublishFailedError

router = APIRouter(include_in_schema=False)
DECISIONS = {"treat_as_sent": "Treat as sent", "send_again": "Send again",
             "cancel": "Cancel it"}
DECIDERS = ("Only the office, attendance leads, senior leaders, safeguarding leads and "
            "head teachers decide what becomes of a text whose outcome is unknown.")


@router.get("/schools/{urn}/outbox", response_class=HTMLResponse)
async def outbox_page(request: Request, urn: str, viewer: PageViewer, context: Context,
                      day: str | None = None, sent: str | None = None) -> HTMLResponse:
    """The day's texts (unknown outcomes first, to decide) and parents' replies."""
    return await _outbox(request, context, viewer, urn, day,
                         notice="Your decision was sent; the text's state changes here "
                                "once it is carried out." if sent else None)


async def _outbox(request: Request, context: WebContext, viewer: Viewer, urn: str,
                  day_text: str | None, notice: str | None = None, error: str | None = None,
                  status: int = 200) -> HTMLResponse:
    school = await known_school(context, viewer, urn)
    day = parse_day(day_text, context.today())
    texts = await context.office_log.deliveries(urn, day)
    texts.sort(key=lambda text: not text.needs_decision)  # stable: still oldest first
    replies = await context.office_log.replies(urn, day)
    decider = viewer.member is not None and viewer.member.decides_texts
    return render(request, "records/outbox.html", viewer, status=status, school=school,
                  day=day, texts=texts, replies=replies, masked=masked, decisions=DECISIONS,
                  form_ids={t.delivery_id: new_form_id() for t in texts if t.needs_decision},
                  decider=decider, deciders=DECIDERS, notice=notice, error=error)


@router.post("/schools/{urn}/outbox/decisions")
async def decide(request: Request, urn: str, viewer: PageViewer, context: Context
                 ) -> Response:
    """Publish SendDecisionV1 (treat as sent, send again or cancel) and show the outbox
    (the office and leaders only)."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    check_csrf(viewer, form.get("csrf_token"))
    require_pupils(viewer, urn)
    require_role(viewer, urn, lambda member: member.decides_texts, DECIDERS)
    await known_school(context, viewer, urn)
    try:
        decision = send_decision(form, urn, viewer.name, context.now())
        await context.office_publisher.command(decision)
    except CommandProblemError as problem:
        return await _outbox(request, context, viewer, urn, form.get("day"),
                             error=str(problem), status=422)
    except PublishFailedError:
        return await _outbox(request, context, viewer, urn, form.get("day"), status=503,
                             error="The decision could not be sent just now; nothing was "
                                   "decided. Please try again.")
    query = urlencode({"day": form.get("day", ""), "sent": decision.decision})
    return RedirectResponse(f"/schools/{urn}/outbox?{query}", status_code=303)
