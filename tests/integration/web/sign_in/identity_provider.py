"""A small OpenID Connect provider on 127.0.0.1 for tests: discovery, authorize, token
and JWKS over real HTTP, signing ID tokens with a key made per test run.

It approves every sign-in as `email`, checks the client secret and the PKCE verifier
like a real provider, counts the fetches of its published keys, rotates its signing key
when told to, and can be told to issue a token a careful client refuses: for the wrong
audience, with another nonce, already expired, or signed by a key it does not publish.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "attendance-web"
CLIENT_SECRET = "identity-provider-test-secret"


def signing_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


@dataclass
class ProviderState:
    issuer: str = ""
    email: str = "head@school.example"
    audience: str = CLIENT_ID
    key: RSAKey = field(default_factory=lambda: signing_key("test-key"))
    pending: dict[str, dict[str, str]] = field(default_factory=dict)
    # How the next ID tokens go wrong, when they should.
    nonce: str | None = None  # else the nonce the sign-in sent
    lifetime_s: int = 300  # negative: expired when issued
    forge_signature: bool = False  # signed by a key of the same kid that is not published
    jwks_requests: int = 0


def _handler(state: ProviderState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return None

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path == "/.well-known/openid-configuration":
                self._json(200, {"issuer": state.issuer,
                                 "authorization_endpoint": state.issuer + "/authorize",
                                 "token_endpoint": state.issuer + "/token",
                                 "jwks_uri": state.issuer + "/jwks"})
            elif url.path == "/jwks":
                state.jwks_requests += 1
                self._json(200, {"keys": [state.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                code = secrets.token_urlsafe(16)
                state.pending[code] = query
                self.send_response(303)
                self.send_header("Location", query["redirect_uri"] + "?" + urlencode(
                    {"code": code, "state": query["state"]}))
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            asked = state.pending.pop(form.get("code", ""), None)
            if asked is None or form.get("client_secret") != CLIENT_SECRET:
                self._json(400, {"error": "invalid_grant"})
                return
            challenge = base64.urlsafe_b64encode(hashlib.sha256(
                form.get("code_verifier", "").encode()).digest()).rstrip(b"=").decode()
            if challenge != asked["code_challenge"]:
                self._json(400, {"error": "invalid_grant"})
                return
            now = int(time.time())
            claims = {"iss": state.issuer, "aud": state.audience, "sub": "staff-1",
                      "iat": min(now, now + state.lifetime_s - 60),
                      "exp": now + state.lifetime_s, "nonce": state.nonce or asked["nonce"],
                      "email": state.email, "email_verified": True}
            key = signing_key(state.key.kid or "") if state.forge_signature else state.key
            token = jwt.encode({"alg": "RS256", "kid": state.key.kid}, claims, key)
            self._json(200, {"access_token": "unused", "token_type": "Bearer",
                             "id_token": token})

    return Handler


class IdentityProvider:
    """Runs the provider in a thread until `stop`."""

    def __init__(self) -> None:
        self.state = ProviderState()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.state.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def rotate_key(self, kid: str) -> None:
        """Sign with a new key from now on and publish only it, as providers do."""
        self.state.key = signing_key(kid)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
