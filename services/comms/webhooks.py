"""HTTP routes of the comms service: health and Twilio's webhooks.

Every webhook is checked with Twilio's RequestValidator over the public URL Twilio
called (COMMS_PUBLIC_BASE_URL + path + query): a forged or unsigned request gets 403.
Without Twilio credentials no webhook can be genuine, so all are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from twilio.request_validator import RequestValidator

from services.comms.deliveries import DeliveryStore
from services.comms.inbound import StatusOutcome, delivery_status, parent_reply
from services.comms.ports import Clock, Directory, OptOuts, Replies

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@dataclass(frozen=True)
class WebhookDeps:
    deliveries: DeliveryStore
    directory: Directory
    opt_outs: OptOuts
    replies: Replies
    validator: RequestValidator | None
    public_base_url: str
    clock: Clock


def webhook_deps(request: Request) -> WebhookDeps:
    deps: WebhookDeps = request.app.state.webhooks
    return deps


Deps = Annotated[WebhookDeps, Depends(webhook_deps)]
router = APIRouter()


async def signed_form(request: Request, deps: WebhookDeps) -> dict[str, str]:
    """The webhook's form fields, once its Twilio signature has been checked."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    url = deps.public_base_url.rstrip("/") + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    signature = request.headers.get("X-Twilio-Signature", "")
    if deps.validator is None or not signature or not deps.validator.validate(
            url, form, signature):
        raise HTTPException(403, "the request is not signed by Twilio for this address; "
                                 "check COMMS_PUBLIC_BASE_URL and the auth token")
    return form


@router.post("/twilio/status", status_code=204)
async def twilio_status(request: Request, deps: Deps,
                        delivery: Annotated[str | None, Query()] = None) -> Response:
    """Twilio's delivery-status callback: moves the delivery to the status reported."""
    form = await signed_form(request, deps)
    outcome = await delivery_status(deps.deliveries, form, delivery, deps.clock())
    if outcome is StatusOutcome.UNKNOWN_DELIVERY:
        raise HTTPException(404, "no delivery matches this callback's id or MessageSid")
    return Response(status_code=204)


@router.post("/twilio/inbound")
async def twilio_inbound(request: Request, deps: Deps) -> Response:
    """A parent's reply: kept with the family's pupils; STOP opts out, START opts in."""
    form = await signed_form(request, deps)
    await parent_reply(deps.directory, deps.opt_outs, deps.replies, form, deps.clock())
    return Response(EMPTY_TWIML, media_type="text/xml")


@router.get("/healthz")
async def healthz(request: Request) -> dict[str, str]:
    """200 once the store answers and the service has started its consumers."""
    check = request.app.state.health
    if not await check():
        raise HTTPException(503, "the store or the broker does not answer yet")
    return {"status": "ok"}
