"""The live phase: a steady rate of marks into the intake, and the time from intake
to the signal each one causes.

Every live mark is an N (absent, reason not yet known) for its own pupil and day, so
each causes exactly one signal; the signal carries the mark's `ingested_at`, and the
latency is the moment a consumer sees the signal minus that time.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from kafka import KafkaConsumer

from shared.contracts.topics import SIGNALS
from shared.simulator.identifiers import LA_CODES, make_upn


@dataclass(frozen=True)
class LatencyFigures:
    marks: int
    signals_seen: int
    rate: float
    p50_ms: float
    p99_ms: float


def live_marks(urn: str, count: int, first_day: date) -> list[dict[str, Any]]:
    """One N mark per pupil, on school days from first_day, all for school `urn`."""
    marks = []
    for n in range(count):
        day = first_day + timedelta(days=n // 900 * 7)
        # A real local-authority number: the intake refuses a UPN without one.
        upn = make_upn(LA_CODES[0], urn[2:], 26, n % 900)
        marks.append({"school_urn": urn, "upn": upn,
                      "date": day.isoformat(), "session": "AM", "code": "N",
                      "recorded_at": f"{day.isoformat()}T09:05:00+00:00"})
    return marks


def measure_latency(ingest_url: str, token: str, bootstrap: str, urn: str, rate: float,
                    seconds: float, first_day: date, signals_topic: str = SIGNALS,
                    ) -> LatencyFigures:
    """Post marks at `rate` per second for `seconds`; collect intake-to-signal latencies."""
    count = max(1, int(rate * seconds))
    latencies: list[float] = []
    ready, done = threading.Event(), threading.Event()
    watcher = threading.Thread(target=_watch_signals,
                               args=(bootstrap, signals_topic, urn, count, latencies, ready, done),
                               daemon=True)
    watcher.start()
    ready.wait(30)
    accepted = _post_at_rate(ingest_url, token, live_marks(urn, count, first_day), rate)
    if accepted < count:
        raise RuntimeError(f"the intake accepted {accepted} of {count} live marks; "
                           "its answer names each refused record and field")
    done.wait(timeout=120)
    ordered = sorted(latencies) or [float("nan")]
    return LatencyFigures(count, len(latencies), rate, statistics.median(ordered) * 1000,
                          ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000)


def _post_at_rate(ingest_url: str, token: str, marks: list[dict[str, Any]],
                  rate: float, per_request: int = 10) -> int:
    """Post the marks at `rate` per second; the number the intake accepted."""
    began, accepted = time.monotonic(), 0
    with httpx.Client(base_url=ingest_url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        for start in range(0, len(marks), per_request):
            due = began + start / rate
            time.sleep(max(0.0, due - time.monotonic()))
            answer = client.post("/v1/marks", json={"marks": marks[start:start + per_request]})
            answer.raise_for_status()
            accepted += int(answer.json()["accepted"])
    return accepted


def _watch_signals(bootstrap: str, topic: str, urn: str, expected: int,
                   latencies: list[float], ready: threading.Event, done: threading.Event) -> None:
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None,
                             auto_offset_reset="latest", consumer_timeout_ms=120_000)
    consumer.poll(timeout_ms=1000)  # join the topic at its end before marks go in
    consumer.seek_to_end()
    ready.set()
    try:
        for message in consumer:
            signal = json.loads(message.value)
            if signal.get("school_urn") != urn or not signal.get("ingested_at"):
                continue
            ingested = datetime.fromisoformat(signal["ingested_at"])
            latencies.append((datetime.now(UTC) - ingested).total_seconds())
            if len(latencies) >= expected:
                break
    finally:
        consumer.close()
        done.set()
