"""Stream a synthetic trust to the product: over HTTP to the intake, or as raw marks
to Kafka, day by day in time order, at an optional rate, on a simulated clock.

The clock advances to each batch's register times as the batch goes out; callers
read it to act "at" the simulated moment (e.g. a demo's scheduled jobs). There is
no wall-clock waiting unless a rate (marks per second) is given.
"""

from __future__ import annotations

from typing import Any

import httpx
from kafka import KafkaProducer

from shared.contracts.topics import MIS_MARKS, pupil_key
from shared.simulator.model import SyntheticMark, Trust
from shared.simulator.sending import (
    MarkFilter,
    Progress,
    SimulatedClock,
    StreamError,
    StreamReport,
    json_bytes,
    send_marks,
)
from shared.simulator.wire import mark_record, pupil_record, school_settings

__all__ = ["SimulatedClock", "StreamError", "StreamReport", "stream_http", "stream_kafka"]


def stream_http(trust: Trust, base_url: str, token: str, *, rate: float | None = None,
                clock: SimulatedClock | None = None, progress: Progress | None = None,
                batch_size: int = 250, pupil_batch_size: int = 200,
                total: int | None = None, timeout: float = 30.0,
                only: MarkFilter | None = None, send_roster: bool = True) -> StreamReport:
    """PUT each school's settings, POST the pupils in batches, then POST the marks.

    Marks go day by day in recorded_at order, `batch_size` per request; `only` picks
    some of them, and `send_roster=False` sends only marks (settings and pupils are
    already there). Rejected
    records are counted in the report; a refused request (wrong URL or token, server
    error, invalid settings or roster) raises StreamError saying what to fix.
    """
    report = StreamReport()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    transport = httpx.HTTPTransport(retries=3)
    with httpx.Client(base_url=base_url, headers=headers, timeout=timeout,
                      transport=transport) as client:
        if send_roster:
            _send_settings_and_pupils(client, trust, report, pupil_batch_size)

        def post_marks(batch: list[SyntheticMark]) -> None:
            answer = _send(client, "POST", "/v1/marks",
                           {"marks": [mark_record(m) for m in batch]}, strict=False)
            _count_answer(report, answer, len(batch))

        report.marks = send_marks(trust, post_marks, batch_size, rate, clock, progress, total,
                                  only)
    return report


def _send_settings_and_pupils(client: httpx.Client, trust: Trust, report: StreamReport,
                              pupil_batch_size: int) -> None:
    for school in trust.schools:
        _send(client, "PUT", f"/v1/schools/{school.urn}",
              school_settings(school, trust.settings_updated_at), strict=True)
        report.schools += 1
    records = [pupil_record(p, trust.settings_updated_at) for p in trust.pupils]
    for start in range(0, len(records), pupil_batch_size):
        batch = records[start:start + pupil_batch_size]
        _send(client, "POST", "/v1/pupils", {"pupils": batch}, strict=True)
        report.pupils += len(batch)


def _send(client: httpx.Client, method: str, path: str, document: Any,
          strict: bool) -> dict[str, Any]:
    try:
        response = client.request(method, path, content=json_bytes(document))
    except httpx.HTTPError as error:
        raise StreamError(f"{method} {client.base_url}{path} failed: {error}. "
                          "Check that the intake service is running at that URL.") from error
    if response.status_code in (401, 403):
        raise StreamError(f"{method} {path} answered {response.status_code}: the token was "
                          "refused. Create an ingest token for these schools "
                          "(attendance token create --scope ingest --schools ...).")
    if response.is_success or (response.status_code == 422 and not strict):
        body = response.json() if response.content else {}
        return body if isinstance(body, dict) else {}
    raise StreamError(f"{method} {path} answered {response.status_code}: "
                      f"{response.text[:500]}")


def _count_answer(report: StreamReport, answer: dict[str, Any], sent: int) -> None:
    rejected = answer.get("rejected") or []
    report.rejected += len(rejected)
    report.accepted += int(answer.get("accepted", sent - len(rejected)))
    for entry in rejected:
        for error in entry.get("errors", []) if isinstance(entry, dict) else []:
            if len(report.rejected_fields) < 20:
                report.rejected_fields.append(str(error.get("field", "?")))


def stream_kafka(trust: Trust, bootstrap_servers: str, *, topic: str = MIS_MARKS,
                 rate: float | None = None, clock: SimulatedClock | None = None,
                 progress: Progress | None = None, batch_size: int = 250,
                 total: int | None = None) -> StreamReport:
    """Produce the raw marks to `topic`, keyed "{school_urn}:{upn}", in time order.

    Each batch is flushed before the next, so a pupil's marks reach their partition
    in recorded_at order and the clock never runs ahead of what the broker holds.
    """
    producer = KafkaProducer(bootstrap_servers=bootstrap_servers, acks="all",
                             enable_idempotence=True, linger_ms=5)
    report = StreamReport()

    def produce(batch: list[SyntheticMark]) -> None:
        for mark in batch:
            producer.send(topic, key=pupil_key(mark.school_urn, mark.upn).encode(),
                          value=json_bytes(mark_record(mark)))
        producer.flush()
        report.accepted += len(batch)

    try:
        report.marks = send_marks(trust, produce, batch_size, rate, clock, progress, total)
    finally:
        producer.close()
    return report
