"""Signing in and out of the staff pages (forms carry CSRF tokens; cookies are signed;
signing out ends the session on the server too)."""

from __future__ import annotations

import hmac
import logging

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.web.access import Context, PageViewer, WebContext
from services.web.auth import SESSION_COOKIE, SIGN_IN_COOKIE, SIGN_IN_FORM_SECONDS
from services.web.cookies import delete_cookie, set_cookie
from services.web.pages import render
from services.web.throttle import ADDRESS_PREFIX

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


def safe_next(path: str | None) -> str:
    """Only a path on this site: never an address elsewhere (no open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/schools"
    return path


def sign_in_form(request: Request, context: WebContext, next_path: str, status: int = 200,
                 error: str | None = None) -> HTMLResponse:
    """The sign-in page, with a fresh CSRF token (and the identity provider's button)."""
    token, cookie = context.sessions.sign_in_form(context.timestamp())
    provider = context.oidc.settings.provider_name if context.oidc else None
    response = render(request, "sign_in.html", None, status=status, form_csrf=token,
                      next_path=safe_next(next_path), error=error, provider=provider)
    set_cookie(response, request, context, SIGN_IN_COOKIE, cookie, SIGN_IN_FORM_SECONDS,
               path="/sign-in")
    return response


def _throttle_keys(request: Request, username: str) -> list[str]:
    """Failures count against the account and against the address they come from."""
    client = request.client.host if request.client else "unknown"
    return [f"user:{username.strip().lower()}", f"{ADDRESS_PREFIX}{client}"]


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_page(request: Request, context: Context, next: str = "/schools"
                       ) -> HTMLResponse:
    return sign_in_form(request, context, next)


@router.post("/sign-in")
async def sign_in(request: Request, context: Context, username: str = Form(""),
                  password: str = Form(""), csrf_token: str = Form(""),
                  next: str = Form("/schools")) -> Response:
    """Check the form's CSRF token, then the user name and password; start a session."""
    now = context.timestamp()
    if not context.sessions.sign_in_form_ok(request.cookies.get(SIGN_IN_COOKIE), csrf_token,
                                            now):
        return sign_in_form(request, context, next, status=400, error=(
            "The sign-in form had expired or was not sent from this site. Please try again."))
    keys = _throttle_keys(request, username)
    wait_s = context.throttle.wait_seconds(keys, now)
    if wait_s > 0:
        logger.warning("a staff sign-in was refused: too many recent failures")
        return sign_in_form(request, context, next, status=429, error=(
            f"Too many failed sign-ins. Try again in {int(wait_s // 60) + 1} minutes, or "
            "ask the school's administrator to check the account."))
    member = context.staff.check(username, password)
    if member is None:
        context.throttle.failed(keys, now)
        logger.info("a staff sign-in failed")
        return sign_in_form(request, context, next, status=401,
                             error="The user name or password is not right.")
    context.throttle.succeeded(keys[:1])
    response = start_session(request, context, member.user, next)
    delete_cookie(response, request, context, SIGN_IN_COOKIE, path="/sign-in")
    return response


def start_session(request: Request, context: WebContext, user: str,
                  next_path: str) -> Response:
    """Set the signed session cookie (HttpOnly, SameSite, Secure: services.web.cookies)
    and go where the user was going."""
    response = RedirectResponse(safe_next(next_path), status_code=303)
    set_cookie(response, request, context, SESSION_COOKIE,
               context.sessions.session_cookie(user, context.timestamp()),
               int(context.sessions.max_age_s))
    return response


@router.post("/sign-out")
async def sign_out(request: Request, viewer: PageViewer, context: Context,
                   csrf_token: str = Form("")) -> Response:
    """End the session on the server, so even a copy of its cookie no longer signs in,
    and drop the cookie (the form carries the session's CSRF token)."""
    session = viewer.session
    if session is None or not session.csrf or not hmac.compare_digest(session.csrf,
                                                                      csrf_token):
        raise HTTPException(400, "The sign-out form was not sent from this site.")
    await context.signed_out.add(session.session_id, context.sessions.expires_at(session),
                                 context.timestamp())
    response = RedirectResponse("/sign-in", status_code=303)
    delete_cookie(response, request, context, SESSION_COOKIE)
    return response
