"""Signing in through the school's identity provider (OpenID Connect).

GET /sign-in/oidc sends the browser to the provider with a state, a nonce and a PKCE
challenge kept in a short-lived signed cookie; the callback checks the state, has the
ID token verified, and starts a session for the member of staff with that e-mail.
"""

from __future__ import annotations

import hmac
import logging

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from services.web.access import Context, WebContext
from services.web.auth import SIGN_IN_FORM_SECONDS
from services.web.cookies import delete_cookie, set_cookie
from services.web.oidc import OidcError, OidcProvider
from services.web.signin import sign_in_form, start_session

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
FLOW_COOKIE = "attendance_oidc"


def _provider(context: WebContext) -> OidcProvider:
    if context.oidc is None:
        raise HTTPException(404, "Sign-in through an identity provider is not set up here.")
    return context.oidc


@router.get("/sign-in/oidc")
async def start_oidc(request: Request, context: Context, next: str = "/schools") -> Response:
    """Send the browser to the identity provider."""
    provider = _provider(context)
    try:
        started = await provider.start()
    except OidcError as error:
        raise HTTPException(502, f"Signing in through {provider.settings.provider_name} is "
                                 f"not possible just now: {error}.") from None
    flow = context.sessions.sign_flow({"state": started.state, "nonce": started.nonce,
                                       "verifier": started.code_verifier, "next": next},
                                      context.timestamp())
    response = RedirectResponse(started.url, status_code=303)
    set_cookie(response, request, context, FLOW_COOKIE, flow, SIGN_IN_FORM_SECONDS,
               path="/sign-in")
    return response


@router.get("/sign-in/oidc/callback")
async def finish_oidc(request: Request, context: Context, code: str = "", state: str = ""
                      ) -> Response:
    """Check the state, verify the ID token and start the member of staff's session."""
    provider = _provider(context)
    flow = context.sessions.flow(request.cookies.get(FLOW_COOKIE), context.timestamp())
    next_path = str(flow.get("next", "/schools")) if flow else "/schools"
    if not flow or not code or not hmac.compare_digest(str(flow.get("state", "")), state):
        return _refused(request, context, next_path, "The sign-in had expired or did not "
                        "start here. Please try again.")
    try:
        email = await provider.email_for(code, str(flow["verifier"]), str(flow["nonce"]))
    except OidcError as error:
        logger.warning("an identity-provider sign-in failed: %s", error)
        return _refused(request, context, next_path, f"Signing in through "
                        f"{provider.settings.provider_name} failed: {error}.")
    member = context.staff.by_email(email)
    if member is None:
        logger.info("an identity-provider sign-in had no staff account")
        return _refused(request, context, next_path, "Your account is not set up for these "
                        "pages. Ask the school's administrator to add you.")
    response = start_session(request, context, member.user, next_path)
    delete_cookie(response, request, context, FLOW_COOKIE, path="/sign-in")
    return response


def _refused(request: Request, context: WebContext, next_path: str, message: str
             ) -> Response:
    response = sign_in_form(request, context, next_path, status=401, error=message)
    delete_cookie(response, request, context, FLOW_COOKIE, path="/sign-in")
    return response
