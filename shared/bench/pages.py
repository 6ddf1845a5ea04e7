"""Page speed: the risk register of a simulated 2,000-pupil school under 20 staff at once.

The web service runs as its own process (`python -m services.web`) against the real
store, with a database, consumer groups and topics of this run's own; the school is fed
to it through those topics in the wire shapes, exactly as ingest publishes them. Then
concurrent staff sessions each go round their own order of register views for a while,
as marks keep arriving on the same marks topic; latencies are wall-clock times from
request sent to body received.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AsyncExitStack, contextmanager
from datetime import date
from pathlib import Path

import httpx
from kafka import KafkaProducer

from shared.bench.lag import group_lag, wait_for_zero_lag
from shared.bench.latency import LoadFigures, Timing, load_figures
from shared.bench.mark_trickle import MarkTrickle
from shared.config import MongoSettings
from shared.contracts.topics import pupil_key
from shared.infra.mongo import create_client
from shared.simulator.model import SyntheticMark, Trust
from shared.simulator.sending import json_bytes, mark_batches
from shared.simulator.wire import mark_record, pupil_record, school_settings

FEED_TOPICS = ("marks", "pupils", "schools", "signals")
OFFICE_TOPICS = ("office_records", "comms_events", "comms_commands")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, as the kernel counts it."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_topics(run: str) -> dict[str, str]:
    return {name: f"pagebench.{run}.{name}" for name in FEED_TOPICS + OFFICE_TOPICS}


def bench_database(run: str) -> str:
    return f"pagebench_{run}"


def feed_school(trust: Trust, bootstrap: str, topics: Mapping[str, str],
                marks: Iterable[Sequence[SyntheticMark]] | None = None) -> int:
    """Publish settings, roster and the marks (by default every one of the trust's);
    returns the sessions holding a mark."""
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
        for batch in mark_batches(trust, 1000) if marks is None else marks:
            for mark in batch:
                sessions.add((mark.upn, mark.date, mark.session))
                send_mark(producer, topics, mark)
        producer.flush()
    finally:
        producer.close()
    return len(sessions)


def send_mark(producer: KafkaProducer, topics: Mapping[str, str], mark: SyntheticMark) -> None:
    """A canonical mark onto the marks topic, keyed by pupil as ingest keys it."""
    producer.send(topics["marks"], key=pupil_key(mark.school_urn, mark.upn).encode(),
                  value={"schema_version": 1, **mark_record(mark)})


@contextmanager
def marks_arriving(bootstrap: str, topics: Mapping[str, str], marks: Sequence[SyntheticMark],
                   rate: float) -> Iterator[MarkTrickle]:
    """A trickle of marks onto the run's marks topic, ready to start; stopped, and every
    mark it sent delivered, on leaving."""
    # Sent as they come (a short linger), as a register submitted in the MIS would be.
    producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, acks="all",
                             value_serializer=json_bytes)
    trickle = MarkTrickle(marks, rate, lambda mark: send_mark(producer, topics, mark))
    try:
        yield trickle
    finally:
        try:
            trickle.stop()
            producer.flush()
        finally:
            producer.close()


def web_environment(run: str, port: int, password: str, bootstrap: str, mongodb_uri: str
                    ) -> dict[str, str]:
    topics = bench_topics(run)
    return {**os.environ, "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port),
            "WEB_DATABASE": bench_database(run), "WEB_CONSUMER_GROUP": f"pagebench-{run}",
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


def marks_behind(bootstrap: str, run: str) -> int:
    """Marks on the run's topic the web feed has not yet stored."""
    return group_lag(bootstrap, f"pagebench-{run}", bench_topics(run)["marks"])


def school_version(mongo: MongoSettings, run: str, urn: str) -> int | None:
    """The school's read-model version, which moves on with every write of its marks
    (the web service's `schools` document in the run's database, see
    services/web/mongo_store.py); None while the school is not there."""
    async def read() -> int | None:
        client = create_client(mongo)
        try:
            document = await client[bench_database(run)]["schools"].find_one(
                {"_id": urn}, {"version": 1})
        finally:
            await client.close()
        return None if document is None else int(document.get("version") or 0)

    return asyncio.run(read())


async def hammer(base_url: str, orders: Sequence[Sequence[tuple[str, str]]], user: str,
                 password: str, seconds: float, started: Callable[[], None] | None = None,
                 views: Sequence[str] = ()) -> LoadFigures:
    """One signed-in member of staff per order, each requesting its (view, path) pairs
    in turn, round and round, back to back for `seconds`. All sign in first; then
    `started` is called and the clock starts. `views` orders the per-view figures."""
    if not orders or not all(orders):
        raise ValueError("every member of staff needs at least one page to load")
    timings: list[Timing] = []

    async def one_member_of_staff(client: httpx.AsyncClient, order: Sequence[tuple[str, str]],
                                  deadline: float) -> None:
        while True:
            for view, path in order:
                if time.monotonic() >= deadline:
                    return
                began = time.perf_counter()
                try:
                    answer = await client.get(path)
                    failed = answer.status_code != 200
                except httpx.HTTPError:  # a timeout or a dropped connection: staff waited
                    failed = True
                timings.append(Timing(view, (time.perf_counter() - began) * 1000, failed))

    async with AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(
            httpx.AsyncClient(base_url=base_url, timeout=30)) for _ in orders]
        await asyncio.gather(*(sign_in(client, user, password) for client in clients))
        if started is not None:
            started()
        began = time.monotonic()
        await asyncio.gather(*(one_member_of_staff(client, order, began + seconds)
                               for client, order in zip(clients, orders, strict=True)))
        elapsed = time.monotonic() - began
    return load_figures(timings, elapsed, views)
