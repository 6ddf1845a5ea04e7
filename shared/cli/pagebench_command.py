"""`attendance pagebench`: how fast the risk register of a 2,000-pupil school renders with
20 members of staff asking at once (the target: p95 under 300 ms).

Staff go round the register's views (every page, each year group, two classes, the
severe and persistent bands, SEN and FSM; see shared/bench/register_views.py) while the
next school day's marks keep arriving, so the web's caches are rebuilt as in real use.

Uses the running Kafka and store (KAFKA_BOOTSTRAP_SERVERS, MONGODB_URI; `attendance
infra up` starts them) with topics, consumer groups and a database of the run's own,
removed afterwards; starts its own web service process on a free port.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from kafka import KafkaAdminClient
from rich.console import Console

from shared.bench.latency import TARGET_MS
from shared.bench.mark_trickle import RegisterStream, history_end, trust_with_later_days
from shared.bench.pages import (
    bench_database,
    bench_topics,
    cpu_seconds,
    feed_school,
    hammer,
    marks_arriving,
    marks_behind,
    school_version,
    sign_in,
    wait_for_read_model,
    web_environment,
    web_process,
)
from shared.bench.register_views import register_views, staff_orders
from shared.config import KafkaSettings, MongoSettings
from shared.infra.localstack.paths import LocalPaths
from shared.infra.mongo import create_client
from shared.infra.topics import ensure_topics

console = Console()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("pagebench", help="measure how fast the risk register "
                                                     "renders under concurrent staff")
    parser.add_argument("--pupils", type=_at_least_one, default=2000)
    parser.add_argument("--weeks", type=_at_least_one, default=8,
                        help="school weeks of marks fed before the run")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 9, 1))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=_at_least_one, default=20,
                        help="members of staff loading pages at once")
    parser.add_argument("--seconds", type=_positive, default=30.0)
    parser.add_argument("--marks-per-s", type=_not_negative, default=20.0,
                        help="marks arriving for the school during the run (the next "
                             "school day's registers); 0 for none")
    parser.add_argument("--page", default=None,
                        help="request only this page instead of the register views; "
                             "{urn} is the school")
    parser.add_argument("--out", type=Path, default=Path("pagebench-results.json"))
    parser.set_defaults(handler=run)


def _at_least_one(text: str) -> int:
    value = _number(text, int)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1, not {text!r}")
    return int(value)


def _positive(text: str) -> float:
    value = _number(text, float)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {text!r}")
    return value


def _not_negative(text: str) -> float:
    value = _number(text, float)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or a number above it, not {text!r}")
    return value


def _number(text: str, kind: type[int] | type[float]) -> float:
    try:
        return kind(text)
    except ValueError:
        wanted = "a whole number" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"must be {wanted}, not {text!r}") from None


def run(args: argparse.Namespace) -> int:
    kafka, mongo = KafkaSettings(), MongoSettings()
    run_id = uuid.uuid4().hex[:8]
    topics = bench_topics(run_id)
    ensure_topics(topics.values(), kafka)
    try:
        results = _measure(args, run_id, kafka, mongo)
    finally:
        _remove(run_id, kafka, mongo)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    console.print_json(json.dumps(results))
    console.print(f"Written to {args.out}")
    return 0


def _measure(args: argparse.Namespace, run_id: str, kafka: KafkaSettings,
             mongo: MongoSettings) -> dict[str, Any]:
    # Room for the marks of the sign-ins and the run, and some to spare.
    marks_wanted = int(args.marks_per_s * (args.seconds + 60))
    trust = trust_with_later_days(args.seed, args.pupils, args.weeks, args.start,
                                  marks_wanted)
    urn = trust.schools[0].urn
    views = register_views(trust.pupils)
    paths = ([(view.label, view.path(urn)) for view in views] if args.page is None
             else [("page", args.page.format(urn=urn))])
    console.print(f"Feeding a simulated school of {len(trust.pupils)} pupils, "
                  f"{args.weeks} weeks...")
    began = time.monotonic()
    stream = RegisterStream(trust, history_end(args.start, args.weeks))
    topics = bench_topics(run_id)
    sessions = feed_school(trust, kafka.bootstrap_servers, topics, stream.history(1000))
    later_marks = stream.later(marks_wanted)
    fed_s = time.monotonic() - began
    password = secrets.token_urlsafe(18)
    port = _free_port()
    env = web_environment(run_id, port, password, kafka.bootstrap_servers, mongo.uri)
    log_path = LocalPaths.default().logs / f"pagebench-{run_id}-web.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with web_process(env, str(log_path)) as web:
        base = f"http://127.0.0.1:{port}"
        _wait_until_healthy(base, 90)
        stored_s = wait_for_read_model(kafka.bootstrap_servers, run_id, 900)
        console.print(f"Read model holds {sessions} marked sessions; {args.clients} staff "
                      f"go round {len(paths)} views for {args.seconds:.0f}s while "
                      f"{args.marks_per_s:g} marks a second arrive...")
        first_ms = asyncio.run(_first_render(base, paths[0][1], password))
        version_before = school_version(mongo, run_id, urn)
        with marks_arriving(kafka.bootstrap_servers, topics, later_marks,
                            args.marks_per_s) as trickle:
            cpu_at_start: list[float] = []

            def start_measuring() -> None:  # once every member of staff has signed in
                cpu_at_start.append(cpu_seconds(web.pid))
                trickle.start()

            load = asyncio.run(hammer(
                base, staff_orders(paths, args.clients, args.seed), "bench", password,
                args.seconds, started=start_measuring, views=[label for label, _ in paths]))
            server_cpu_s = cpu_seconds(web.pid) - cpu_at_start[0]
        version_after = school_version(mongo, run_id, urn)
        behind = marks_behind(kafka.bootstrap_servers, run_id)
    moves = (None if version_before is None or version_after is None
             else version_after - version_before)
    return {"pupils": len(trust.pupils), "weeks": args.weeks, "marked_sessions": sessions,
            "page": args.page or "risk register views", "clients": args.clients,
            "feed_seconds": round(fed_s, 1), "read_model_seconds": round(stored_s, 1),
            "first_render_ms": round(first_ms, 1), **load.to_dict(),
            "p95_target_ms": TARGET_MS, "p95_met": load.p95_ms < TARGET_MS,
            # The marks that arrived while staff loaded pages, and what they did to the
            # school's read model (each stored batch moves its version on once).
            "marks_per_s_asked": args.marks_per_s, "marks_arrived_during_run": trickle.sent,
            "marks_per_s_arrived": round(trickle.sent / max(trickle.seconds, 1e-9), 1),
            "marks_ran_out": trickle.ran_out, "school_version_moves": moves,
            "marks_not_yet_stored_at_end": behind,
            # The same figures on a busy machine mean less: these say how busy it was.
            "server_cpu_ms_per_request": round(server_cpu_s * 1000 / max(load.requests, 1), 1),
            "server_cpu_share": round(server_cpu_s / load.seconds, 2),
            "cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 1)}


async def _first_render(base: str, path: str, password: str) -> float:
    """The first request builds the school's figures and register (then cached)."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        await sign_in(client, "bench", password)
        began = time.perf_counter()
        answer = await client.get(path)
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")
        return (time.perf_counter() - began) * 1000


def _wait_until_healthy(base: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise TimeoutError(f"the web service did not answer at {base} within {timeout_s:.0f}s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _remove(run_id: str, kafka: KafkaSettings, mongo: MongoSettings) -> None:
    """The run's database and topics; the servers themselves are left running."""
    async def drop() -> None:
        client = create_client(mongo)
        await client.drop_database(bench_database(run_id))
        await client.close()

    asyncio.run(drop())
    admin = KafkaAdminClient(bootstrap_servers=kafka.bootstrap_servers)
    try:
        admin.delete_topics(list(bench_topics(run_id).values()))
    finally:
        admin.close()
