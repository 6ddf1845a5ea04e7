"""OpenID Connect sign-in through the school's identity provider (Microsoft Entra ID,
Google Workspace, or any provider publishing a discovery document).

Authorization-code flow with PKCE, a state and a nonce kept in a short-lived signed
cookie. The ID token is verified with the provider's published keys (signature,
issuer, audience, expiry, nonce); the keys are kept, and fetched again when a token
names one not among them (oidc_keys.py), so a provider's key rotation needs no restart.
The member of staff is found by the e-mail
address the provider vouches for; nobody without an account in the staff accounts
file gets in, whatever the provider says.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    DecodeError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.web.oidc_keys import KeySetError, ProviderKeys

ALGORITHMS = ["RS256", "ES256"]
TIMEOUT_S = 10.0


class OidcSettings(BaseSettings):
    """WEB_OIDC_*: the identity provider; sign-in through it is off until all are set."""

    model_config = SettingsConfigDict(env_prefix="WEB_OIDC_", extra="ignore")

    issuer: str = ""  # e.g. https://login.microsoftonline.com/<tenant>/v2.0
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    # Shown on the button: "Sign in with Microsoft".
    provider_name: str = "your school account"
    # This service's address as the browser sees it (the redirect URI registered).
    public_base_url: str = "http://127.0.0.1:8000"

    @property
    def configured(self) -> bool:
        return bool(self.issuer and self.client_id and self.client_secret.get_secret_value())

    @property
    def redirect_uri(self) -> str:
        return self.public_base_url.rstrip("/") + "/sign-in/oidc/callback"


class OidcError(Exception):
    """The provider's answer could not be trusted; the message is safe to show."""


@dataclass(frozen=True)
class SignInStart:
    """Where to send the browser, and what to keep until it comes back."""

    url: str
    state: str
    nonce: str
    code_verifier: str


class OidcProvider:
    """One identity provider, discovered once from its issuer's well-known document."""

    def __init__(self, settings: OidcSettings, http: httpx.AsyncClient | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._http = http or httpx.AsyncClient(timeout=TIMEOUT_S)
        self._metadata: dict[str, Any] | None = None
        # `clock` paces fetching the keys again (tests move it on instead of waiting).
        self._keys = ProviderKeys(self._get_json, clock)

    async def _discovered(self) -> dict[str, Any]:
        if self._metadata is None:
            url = self.settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
            self._metadata = await self._get_json(url)
        return self._metadata

    async def start(self) -> SignInStart:
        metadata = await self._discovered()
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        query = urlencode({
            "response_type": "code", "client_id": self.settings.client_id,
            "redirect_uri": self.settings.redirect_uri, "scope": "openid email profile",
            "state": state, "nonce": nonce, "code_challenge_method": "S256",
            "code_challenge": create_s256_code_challenge(verifier)})
        return SignInStart(f"{metadata['authorization_endpoint']}?{query}", state, nonce,
                           verifier)

    async def email_for(self, code: str, code_verifier: str, nonce: str) -> str:
        """Exchange the code, verify the ID token, and return the e-mail it vouches for."""
        metadata = await self._discovered()
        answer = await self._http.post(metadata["token_endpoint"], data={
            "grant_type": "authorization_code", "code": code,
            "redirect_uri": self.settings.redirect_uri, "code_verifier": code_verifier,
            "client_id": self.settings.client_id,
            "client_secret": self.settings.client_secret.get_secret_value()})
        if answer.status_code != 200:
            raise OidcError(f"the identity provider refused the sign-in ({answer.status_code})")
        id_token = answer.json().get("id_token")
        if not isinstance(id_token, str):
            raise OidcError("the identity provider sent no ID token")
        claims = await self._verified_claims(id_token, metadata, nonce)
        return _email(claims)

    async def _verified_claims(self, id_token: str, metadata: dict[str, Any],
                               nonce: str) -> dict[str, Any]:
        try:
            token = await self._decoded(id_token, metadata["jwks_uri"])
            jwt.JWTClaimsRegistry(
                now=int(time.time()), leeway=60,
                iss={"essential": True, "value": metadata["issuer"]},
                aud={"essential": True, "value": self.settings.client_id},
                exp={"essential": True}, nonce={"essential": True, "value": nonce},
            ).validate(token.claims)
        except KeySetError as error:
            raise OidcError(str(error)) from None
        except (JoseError, ValueError) as error:
            raise OidcError(f"the ID token was not valid: {_refusal(error)}") from None
        return dict(token.claims)

    async def _decoded(self, id_token: str, jwks_uri: str) -> jwt.Token:
        """The token checked against the keys held; when it names a key not among them,
        against the keys fetched again (the provider has rotated its keys)."""
        try:
            return jwt.decode(id_token, await self._keys.current(jwks_uri),
                              algorithms=ALGORITHMS)
        except InvalidKeyIdError:
            refreshed = await self._keys.refreshed(jwks_uri)
            if refreshed is None:  # fetched under a minute ago: nothing newer to find
                raise
            return jwt.decode(id_token, refreshed, algorithms=ALGORITHMS)

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            answer = await self._http.get(url)
            answer.raise_for_status()
            found: dict[str, Any] = answer.json()
            return found
        except (httpx.HTTPError, ValueError) as error:
            raise OidcError(f"the identity provider could not be reached "
                            f"({type(error).__name__})") from None

    async def close(self) -> None:
        await self._http.aclose()


def _email(claims: dict[str, Any]) -> str:
    """Google sends `email` (with `email_verified`); Entra ID `email` or `preferred_username`."""
    if claims.get("email_verified") is False:
        raise OidcError("the identity provider has not verified this e-mail address")
    email = claims.get("email") or claims.get("preferred_username")
    if not isinstance(email, str) or "@" not in email:
        raise OidcError("the identity provider did not say who this is (no e-mail address)")
    return email


# What each refused claim means, as the member of staff signing in reads it.
_CLAIM_REFUSALS = {
    "nonce": "it was not issued for this sign-in (its nonce does not match); please sign "
             "in again",
    "aud": "it was issued for another application (check WEB_OIDC_CLIENT_ID)",
    "iss": "it was issued by another identity provider (check WEB_OIDC_ISSUER)",
}


def _refusal(error: Exception) -> str:
    """Why the ID token was refused, in words; the token's contents are never repeated."""
    if isinstance(error, ExpiredTokenError):
        return ("it has expired; please sign in again (if this keeps happening, check "
                "that this server's clock is right)")
    if isinstance(error, ClaimError):
        return _CLAIM_REFUSALS.get(error.claim, f"its '{error.claim}' claim is missing or "
                                                f"wrong ({error.description})")
    if isinstance(error, InvalidKeyIdError):
        return ("it was signed with a key the identity provider does not publish, even "
                "after fetching its keys again; try again in a minute, and if it keeps "
                "happening check WEB_OIDC_ISSUER names the right provider")
    if isinstance(error, BadSignatureError):
        return "its signature does not match the identity provider's published key"
    if isinstance(error, DecodeError):
        return "it could not be read as a signed token"
    return f"({type(error).__name__})"
