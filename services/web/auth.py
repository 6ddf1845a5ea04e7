"""Signed session cookies and CSRF tokens for the staff pages.

Cookies are signed with HMAC-SHA256 and carry their issue time, so a changed or stale
cookie is refused. Each session has a random id, so signing out can end it on the
server (services.web.signed_out). Passwords are checked in services.web.staff (Argon2id).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from services.web.settings import StaffLoginSettings

SESSION_COOKIE = "attendance_session"
SIGN_IN_COOKIE = "attendance_sign_in"
SIGN_IN_FORM_SECONDS = 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs small JSON payloads; `unsign` refuses a forged, altered or expired value."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _signature(self, body: str) -> str:
        return _b64(hmac.new(self._secret, body.encode("ascii"), hashlib.sha256).digest())

    def sign(self, payload: dict[str, Any], now: float) -> str:
        body = _b64(json.dumps({**payload, "iat": int(now)}, separators=(",", ":")).encode())
        return f"{body}.{self._signature(body)}"

    def unsign(self, token: str, now: float, max_age_s: float) -> dict[str, Any] | None:
        body, _, signature = token.partition(".")
        if not body or not hmac.compare_digest(signature, self._signature(body)):
            return None
        try:
            payload = json.loads(_unb64(body))
        except ValueError:
            return None
        issued = payload.get("iat") if isinstance(payload, dict) else None
        if not isinstance(issued, int) or not 0 <= now - issued <= max_age_s:
            return None
        return payload


@dataclass(frozen=True)
class Session:
    """A signed-in member of staff, with the CSRF token their forms must carry."""

    user: str
    csrf: str
    session_id: str
    issued_at: float  # seconds since the epoch


class SessionCodec:
    """Session and sign-in-form cookies, signed with the service's secret."""

    def __init__(self, settings: StaffLoginSettings) -> None:
        secret = settings.session_secret.get_secret_value().encode()
        self._signer = Signer(secret or secrets.token_bytes(32))
        self.max_age_s = settings.session_hours * 3600

    def session_cookie(self, user: str, now: float) -> str:
        return self._signer.sign({"user": user, "csrf": secrets.token_urlsafe(24),
                                  "sid": secrets.token_urlsafe(18)}, now)

    def session(self, cookie: str | None, now: float) -> Session | None:
        """The session, unless the cookie is forged, altered, stale or has no session id
        (one made before sessions had ids could not be ended by signing out)."""
        payload = self._signer.unsign(cookie or "", now, self.max_age_s)
        if payload is None or not isinstance(payload.get("user"), str):
            return None
        session_id = payload.get("sid")
        if not isinstance(session_id, str) or not session_id:
            return None
        return Session(payload["user"], str(payload.get("csrf", "")), session_id,
                       float(payload["iat"]))

    def expires_at(self, session: Session) -> float:
        """When the session's cookie stops being accepted anyway."""
        return session.issued_at + self.max_age_s

    def sign_in_form(self, now: float) -> tuple[str, str]:
        """A fresh CSRF token for the sign-in form and the signed cookie that vouches for it."""
        token = secrets.token_urlsafe(24)
        return token, self._signer.sign({"csrf": token}, now)

    def sign_flow(self, payload: dict[str, Any], now: float) -> str:
        """A signed cookie value carrying an identity-provider sign-in in progress."""
        return self._signer.sign(payload, now)

    def flow(self, cookie: str | None, now: float) -> dict[str, Any] | None:
        """The sign-in in progress, unless the cookie is forged, altered or stale."""
        return self._signer.unsign(cookie or "", now, SIGN_IN_FORM_SECONDS)

    def sign_in_form_ok(self, cookie: str | None, form_token: str, now: float) -> bool:
        payload = self._signer.unsign(cookie or "", now, SIGN_IN_FORM_SECONDS)
        expected = "" if payload is None else str(payload.get("csrf", ""))
        return bool(expected) and hmac.compare_digest(expected, form_token)
