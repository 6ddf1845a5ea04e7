"""Streaming a synthetic trust: raw marks through a real Kafka broker, and the HTTP
intake protocol against a small local server that records every request."""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from kafka import KafkaConsumer

from shared.config import KafkaSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.topics import ensure_topics
from shared.simulator import (
    SimulatedClock,
    Trust,
    count_marks,
    generate_trust,
    mark_record,
    register_days,
)
from shared.simulator.stream import StreamError, stream_http, stream_kafka

Answer = Callable[[str, str, Any], tuple[int, dict[str, Any]]]


@pytest.fixture(scope="module")
def tiny_trust() -> Trust:
    return generate_trust(21, 2, 60, 1, date(2026, 9, 7), secondary_schools=1)


def _consume(infra: Endpoints, topic: str, group: str, wanted: int) -> list[Any]:
    consumer = KafkaConsumer(topic, bootstrap_servers=infra.kafka_bootstrap, group_id=group,
                             auto_offset_reset="earliest", enable_auto_commit=False,
                             consumer_timeout_ms=1000)
    records: list[Any] = []
    deadline = time.monotonic() + 60
    try:
        while len(records) < wanted and time.monotonic() < deadline:
            records.extend(consumer)
    finally:
        consumer.close()
    return records


def test_stream_kafka_delivers_every_mark_keyed_by_pupil_in_time_order(
        infra: Endpoints, unique_name: str, tiny_trust: Trust) -> None:
    topic = f"test.simulator.marks.{unique_name}"
    ensure_topics([topic], KafkaSettings(bootstrap_servers=infra.kafka_bootstrap,
                                         topic_partitions=3))
    report = stream_kafka(tiny_trust, infra.kafka_bootstrap, topic=topic, batch_size=100)
    expected = [mark_record(m) for day in register_days(tiny_trust) for m in day.marks]
    assert report.marks == len(expected) == count_marks(tiny_trust)

    records = _consume(infra, topic, f"test-simulator-{unique_name}", len(expected))
    assert len(records) == len(expected)
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        by_key[record.key.decode()].append(json.loads(record.value))
    wanted: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for mark in expected:
        wanted[f"{mark['school_urn']}:{mark['upn']}"].append(mark)
    assert by_key == wanted


class _Recorder(BaseHTTPRequestHandler):
    server: _RecordingServer

    def _handle(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"] or 0)) or b"{}")
        self.server.requests.append((self.command, self.path,
                                     self.headers.get("Authorization"), body))
        status, answer = self.server.answer(self.command, self.path, body)
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_PUT = do_POST = _handle

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass


class _RecordingServer(ThreadingHTTPServer):
    def __init__(self, answer: Answer) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.answer = answer
        self.requests: list[tuple[str, str, str | None, Any]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def _accept_everything(method: str, path: str, body: Any) -> tuple[int, dict[str, Any]]:
    if path == "/v1/marks":
        return 202, {"accepted": len(body["marks"]), "rejected": []}
    return 200, {"status": "ok"}


@pytest.fixture
def serve() -> Iterator[Callable[[Answer], _RecordingServer]]:
    servers: list[_RecordingServer] = []

    def start(answer: Answer) -> _RecordingServer:
        server = _RecordingServer(answer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_stream_http_sends_schools_then_pupils_then_marks_in_time_order(
        serve: Callable[[Answer], _RecordingServer], tiny_trust: Trust) -> None:
    server = serve(_accept_everything)
    clock = SimulatedClock()
    progress: list[tuple[int, int]] = []
    report = stream_http(tiny_trust, server.url, "secret-token", clock=clock, batch_size=120,
                         pupil_batch_size=25, progress=lambda d, t: progress.append((d, t)))

    paths = [(method, path) for method, path, _, _ in server.requests]
    urns = [school.urn for school in tiny_trust.schools]
    assert paths[:2] == [("PUT", f"/v1/schools/{urn}") for urn in urns]
    assert paths[2:5] == [("POST", "/v1/pupils")] * 3
    assert set(paths[5:]) == {("POST", "/v1/marks")}
    assert {auth for _, _, auth, _ in server.requests} == {"Bearer secret-token"}
    marks = [m for _, path, _, body in server.requests if path == "/v1/marks"
             for m in body["marks"]]
    assert all(len(body["marks"]) <= 120 for _, path, _, body in server.requests[5:])
    assert marks == [mark_record(m) for day in register_days(tiny_trust) for m in day.marks]
    assert report.marks == report.accepted == len(marks) and report.rejected == 0
    assert report.schools == 2 and report.pupils == 60
    assert progress[-1] == (len(marks), len(marks))
    assert clock.now().isoformat() == marks[-1]["recorded_at"]


def test_stream_http_counts_what_the_intake_rejects(
        serve: Callable[[Answer], _RecordingServer], tiny_trust: Trust) -> None:
    def reject_first(method: str, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        if path != "/v1/marks":
            return 200, {}
        rejected = [{"index": 0, "errors": [{"field": "code", "message": "unknown code"}]}]
        return 202, {"accepted": len(body["marks"]) - 1, "rejected": rejected}

    report = stream_http(tiny_trust, serve(reject_first).url, "t", batch_size=200)
    batches = -(-report.marks // 200)
    assert report.rejected >= batches and report.accepted == report.marks - report.rejected
    assert set(report.rejected_fields) == {"code"}


def test_stream_http_says_what_to_do_when_the_token_is_refused(
        serve: Callable[[Answer], _RecordingServer], tiny_trust: Trust) -> None:
    server = serve(lambda method, path, body: (401, {"detail": "invalid token"}))
    with pytest.raises(StreamError, match="token was refused"):
        stream_http(tiny_trust, server.url, "wrong")


def test_stream_http_keeps_to_the_rate(serve: Callable[[Answer], _RecordingServer]) -> None:
    trust = generate_trust(4, 1, 20, 1, date(2026, 9, 7))
    started = time.monotonic()
    report = stream_http(trust, serve(_accept_everything).url, "t", rate=1000, batch_size=50)
    assert time.monotonic() - started >= report.marks / 1000 - 0.05
