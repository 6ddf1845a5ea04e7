"""The letters queue: drafts to edit and approve, approved letters to issue, issued
letters kept with their PDF. Staff actions go to comms on comms.commands.v1.

Every member of staff who may see pupils reads the queue; only leaders (attendance
lead, SLT, safeguarding lead, head teacher) review, edit, approve, issue or withdraw a
letter, so the family's circumstances are weighed before it goes out.
"""

from __future__ import annotations

import base64
import binascii
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
from services.web.records.commands import ACTIONS_BY_STATE, CommandProblemError, letter_review
from services.web.records.guard import check_csrf, known_school, new_form_id
from services.web.records.publisher import PublishFailedError
from services.web.views import NotFoundError
from shared.contracts.comms_v1 import LetterEventV1

router = APIRouter(include_in_schema=False)
STATES = {"draft": "Drafts to review", "approved": "Approved, to issue",
          "issued": "Issued", "withdrawn": "Withdrawn"}
REVIEWERS = ("Only attendance leads, senior leaders, safeguarding leads and head teachers "
             "review, edit, approve, issue or withdraw letters; ask one of them.")


@router.get("/schools/{urn}/letters", response_class=HTMLResponse)
async def letters_page(request: Request, urn: str, viewer: PageViewer,
                       context: Context) -> HTMLResponse:
    """Every letter of the school by state, newest first."""
    school = await known_school(context, viewer, urn)
    letters = await context.office_log.letters(urn)
    by_state = {state: [x for x in letters if x.state == state] for state in STATES}
    return render(request, "records/letters.html", viewer, school=school, states=STATES,
                  by_state=by_state)


@router.get("/schools/{urn}/letters/{letter_id}.pdf")
async def letter_pdf(urn: str, letter_id: str, viewer: PageViewer,
                     context: Context) -> Response:
    """The issued letter as the family received it (application/pdf)."""
    letter = await _letter(context, viewer, urn, letter_id)
    if not letter.pdf_base64:
        raise NotFoundError(f"Letter {letter_id} has no PDF yet: a letter gets one when it "
                            "is issued.")
    try:
        pdf = base64.b64decode(letter.pdf_base64, validate=True)
    except binascii.Error:
        raise NotFoundError(f"Letter {letter_id}'s PDF arrived damaged; ask for it to be "
                            "issued again.") from None
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="letter-{letter_id}.pdf"'})


@router.get("/schools/{urn}/letters/{letter_id}", response_class=HTMLResponse)
async def letter_page(request: Request, urn: str, letter_id: str, viewer: PageViewer,
                      context: Context, sent: str | None = None) -> HTMLResponse:
    """One letter: its text, and what can be done with it next."""
    notice = ("Sent to be carried out; this page shows the change once it is done."
              if sent else None)
    return await _letter_page(request, context, viewer, urn, letter_id, notice=notice)


async def _letter_page(request: Request, context: WebContext, viewer: Viewer, urn: str,
                       letter_id: str, notice: str | None = None, error: str | None = None,
                       status: int = 200) -> HTMLResponse:
    school = await known_school(context, viewer, urn)
    letter = await _letter(context, viewer, urn, letter_id)
    reviewer = viewer.member is not None and viewer.member.leads
    return render(request, "records/letter.html", viewer, status=status, school=school,
                  letter=letter, actions=ACTIONS_BY_STATE[letter.state] if reviewer else (),
                  reviewer=reviewer, reviewers=REVIEWERS, command_id=new_form_id(),
                  notice=notice, error=error)


@router.post("/schools/{urn}/letters/{letter_id}/review")
async def review_letter(request: Request, urn: str, letter_id: str, viewer: PageViewer,
                        context: Context) -> Response:
    """Publish a LetterReviewV1: edit (with the new text), approve, issue or withdraw
    (leaders only)."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    check_csrf(viewer, form.get("csrf_token"))
    require_pupils(viewer, urn)
    require_role(viewer, urn, lambda member: member.leads, REVIEWERS)
    letter = await _letter(context, viewer, urn, letter_id)
    try:
        review = letter_review(form, letter, viewer.name, context.now())
        await context.office_publisher.command(review)
    except CommandProblemError as problem:
        return await _letter_page(request, context, viewer, urn, letter_id,
                                  error=str(problem), status=409)
    except PublishFailedError:
        return await _letter_page(request, context, viewer, urn, letter_id, status=503,
                                  error="The action could not be sent just now; nothing "
                                        "changed. Please try again.")
    query = urlencode({"sent": review.action})
    return RedirectResponse(f"/schools/{urn}/letters/{letter_id}?{query}", status_code=303)


async def _letter(context: WebContext, viewer: Viewer, urn: str,
                  letter_id: str) -> LetterEventV1:
    await known_school(context, viewer, urn)
    letter = await context.office_log.letter(urn, letter_id)
    if letter is None:
        raise NotFoundError(f"No letter {letter_id} is known at school {urn}. It may not "
                            "have been drafted yet; check the letters queue.")
    return letter
