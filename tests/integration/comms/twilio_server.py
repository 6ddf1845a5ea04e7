"""A local HTTP server that answers like Twilio's Messages API and records each request.

The real Twilio SDK is pointed at it (its base URL is overridable), so tests exercise
the SDK's own request building, authentication and response parsing.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

# Twilio's answer to an invalid 'To' number.
INVALID_NUMBER = {"code": 21211, "message": "The 'To' number is not a valid phone number.",
                  "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}


@dataclass
class Recorded:
    path: str
    form: dict[str, str]
    account: str


@dataclass
class FakeTwilio:
    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    refuse_numbers: set[str] = field(default_factory=set)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def answer(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        if form.get("To") in self.refuse_numbers:
            return 400, INVALID_NUMBER
        sid = f"SM{next(self._ids):032d}"
        return 201, {"sid": sid, "status": "queued", "to": form.get("To"),
                     "from": form.get("From"), "body": form.get("Body"),
                     "account_sid": path.split("/")[3], "num_segments": "1",
                     "direction": "outbound-api", "api_version": "2010-04-01",
                     "uri": f"{path[:-5]}/{sid}.json"}


def _handler(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            auth = self.headers.get("Authorization", "")
            account = base64.b64decode(auth.removeprefix("Basic ")).decode().split(":")[0] \
                if auth.startswith("Basic ") else ""
            fake.requests.append(Recorded(self.path, form, account))
            status, body = fake.answer(self.path, form)
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass  # requests carry phone numbers: keep them out of the test log

    return Handler


@contextmanager
def fake_twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
