"""OpenID Connect sign-in through the school's identity provider (Microsoft Entra ID,
Google Workspace, or any provider publishing a discovery document).

Authorization-code flow with PKCE, a state and a nonce kept in a short-lived signed
cookie. The ID token is verified with the provider's published keys (signature,
issuer, audience, expiry, nonce) and the member of staff is found by the e-mail
address the provider vouches for; nobody without an account in the staff accounts
file gets in, whatever the provider says.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    def __init__(self, settings: OidcSettings, http: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self._http = http or httpx.AsyncClient(timeout=TIMEOUT_S)
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

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
            token = jwt.decode(id_token, await self._key_set(metadata), algorithms=ALGORITHMS)
            jwt.JWTClaimsRegistry(
                now=int(time.time()), leeway=60,
                iss={"essential": True, "value": metadata["issuer"]},
                aud={"essential": True, "value": self.settings.client_id},
                exp={"essential": True}, nonce={"essential": True, "value": nonce},
            ).validate(token.claims)
        except (JoseError, ValueError) as error:
            raise OidcError(f"the ID token was not valid ({type(error).__name__})") from None
        return dict(token.claims)

    async def _key_set(self, metadata: dict[str, Any]) -> KeySet:
        if self._keys is None:
            published: Any = await self._get_json(metadata["jwks_uri"])
            self._keys = KeySet.import_key_set(published)
        return self._keys

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
