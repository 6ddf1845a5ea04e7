"""Page speed: the risk register of a simulated 2,000-pupil school under 20 staff at once.

The web service runs as its own process (`python -m services.web`) against the real
store, with a database, consumer groups and topics of this run's own; the school is fed
to it through those topics in the wire shapes, exactly as ingest publishes them. Then
concurrent staff sessions request one page for a while; latencies are wall-clock times
from request sent to body received.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
from kafka import KafkaProducer

from shared.bench.lag import wait_for_zero_lag
from shared.contracts.topics import pupil_key
from shared.simulator.model import Trust
from shared.simulator.sending import json_bytes, mark_batches
from shared.simulator.wire import mark_record, pupil_record, school_settings

FEED_TOPICS = ("marks", "pupils", "schools", "signals")
OFFICE_TOPICS = ("office_records", "comms_events", "comms_commands")


@dataclass(frozen=True)
class LoadFigures:
    """What the clients saw: latencies in milliseconds, requests per second, failures."""

    requests: int
    failures: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def to_dict(self) -> dict[str, float | int]:
        return {"requests": self.requests, "failures": self.failures,
                "seconds": round(self.seconds, 1), "requests_per_s": round(self.per_second, 1),
                "p50_ms": round(self.p50_ms, 1), "p95_ms": round(self.p95_ms, 1),
                "p99_ms": round(self.p99_ms, 1), "max_ms": round(self.max_ms, 1)}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, as the kernel counts it."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_topics(run: str) -> dict[str, str]:
    return {name: f"pagebench.{run}.{name}" for name in FEED_TOPICS + OFFICE_TOPICS}


def feed_school(trust: Trust, bootstrap: str, topics: Mapping[str, str]) -> int:
    """Publish settings, roster and every mark; returns the sessions holding a mark."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, acks="all",
                             batch_size=256 * 1024, value_serializer=json_bytes)
    sessions: set[tuple[str, date, str]] = set()
    try:
        for school in trust.schools:
            producer.send(topics["schools"], key=school.urn.encode(),
                          value=school_settings(school, trust.settings_updated_at))
        for pupil in trust.pupils:
            producer.send(topics["pupils"], key=pupil_key(pupil.school_urn, pupil.upn).encode(),
                          value=pupil_record(pupil, trust.settings_updated_at))
        for batch in mark_batches(trust, 1000):
            for mark in batch:
                sessions.add((mark.upn, mark.date, mark.session))
                producer.send(topics["marks"], key=pupil_key(mark.school_urn,
                                                             mark.upn).encode(),
                              value={"schema_version": 1, **mark_record(mark)})
        producer.flush()
    finally:
        producer.close()
    return len(sessions)


def web_environment(run: str, port: int, password: str, bootstrap: str, mongodb_uri: str
                    ) -> dict[str, str]:
    topics = bench_topics(run)
    return {**os.environ, "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port),
            "WEB_DATABASE": f"pagebench_{run}", "WEB_CONSUMER_GROUP": f"pagebench-{run}",
            "WEB_OFFICE_CONSUMER_GROUP": f"pagebench-office-{run}",
            "WEB_ADMIN_USER": "bench", "WEB_ADMIN_PASSWORD": password,
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "MONGODB_URI": mongodb_uri,
            **{f"WEB_{name.upper()}_TOPIC": topic for name, topic in topics.items()}}


@contextmanager
def web_process(env: Mapping[str, str], log_path: str) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m services.web` for the run; stopped (by its own pid) afterwards."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "services.web"], env=dict(env),
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def sign_in(client: httpx.AsyncClient, user: str, password: str) -> None:
    form = await client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    if token is None:
        raise RuntimeError("the sign-in page has no form token; is the web service up?")
    answer = await client.post("/sign-in", data={"username": user, "password": password,
                                                 "csrf_token": token.group(1)})
    if answer.status_code != 303:
        raise RuntimeError(f"signing in failed with {answer.status_code}")


def wait_for_read_model(bootstrap: str, run: str, timeout_s: float) -> float:
    """Block until the web feed has stored (and so committed) every message fed to it;
    returns the seconds waited."""
    began = time.monotonic()
    topics = bench_topics(run)
    for name in ("schools", "pupils", "marks"):
        wait_for_zero_lag(bootstrap, f"pagebench-{run}", topics[name],
                          timeout_s - (time.monotonic() - began))
    return time.monotonic() - began


async def hammer(base_url: str, path: str, user: str, password: str, clients: int,
                 seconds: float) -> LoadFigures:
    """`clients` signed-in staff each request `path` back to back for `seconds`."""
    latencies: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds

    async def one_member_of_staff() -> None:
        nonlocal failures
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            await sign_in(client, user, password)
            while time.monotonic() < deadline:
                began = time.perf_counter()
                answer = await client.get(path)
                latencies.append((time.perf_counter() - began) * 1000)
                failures += answer.status_code != 200

    began = time.monotonic()
    await asyncio.gather(*(one_member_of_staff() for _ in range(clients)))
    elapsed = time.monotonic() - began
    cuts = statistics.quantiles(latencies, n=100)
    return LoadFigures(len(latencies), failures, elapsed, cuts[49], cuts[94], cuts[98],
                       max(latencies))
