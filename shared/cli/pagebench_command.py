"""`attendance pagebench`: how fast the risk register of a 2,000-pupil school renders with
20 members of staff asking at once (the target: p95 under 300 ms).

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

from shared.bench.pages import (
    bench_topics,
    cpu_seconds,
    feed_school,
    hammer,
    sign_in,
    wait_for_read_model,
    web_environment,
    web_process,
)
from shared.config import KafkaSettings, MongoSettings
from shared.infra.mongo import create_client
from shared.infra.topics import ensure_topics
from shared.simulator.trust import generate_trust

console = Console()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("pagebench", help="measure how fast the risk register "
                                                     "renders under concurrent staff")
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=8, help="school weeks simulated")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 9, 1))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--page", default="/schools/{urn}/risk-register",
                        help="the page to request; {urn} is the school")
    parser.add_argument("--out", type=Path, default=Path("pagebench-results.json"))
    parser.set_defaults(handler=run)


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
    trust = generate_trust(args.seed, 1, args.pupils, args.weeks, args.start)
    urn = trust.schools[0].urn
    console.print(f"Feeding a simulated school of {len(trust.pupils)} pupils, "
                  f"{args.weeks} weeks...")
    began = time.monotonic()
    sessions = feed_school(trust, kafka.bootstrap_servers, bench_topics(run_id))
    fed_s = time.monotonic() - began
    password = secrets.token_urlsafe(18)
    port = _free_port()
    env = web_environment(run_id, port, password, kafka.bootstrap_servers, mongo.uri)
    with web_process(env, f"pagebench-{run_id}-web.log") as web:
        base = f"http://127.0.0.1:{port}"
        _wait_until_healthy(base, 90)
        stored_s = wait_for_read_model(kafka.bootstrap_servers, run_id, 900)
        console.print(f"Read model holds {sessions} marked sessions; measuring "
                      f"{args.clients} clients for {args.seconds:.0f}s...")
        path = args.page.format(urn=urn)
        first_ms = asyncio.run(_first_render(base, path, password))
        cpu_before = cpu_seconds(web.pid)
        load = asyncio.run(hammer(base, path, "bench", password, args.clients, args.seconds))
        server_cpu_s = cpu_seconds(web.pid) - cpu_before
    return {"pupils": len(trust.pupils), "weeks": args.weeks, "marked_sessions": sessions,
            "page": args.page, "clients": args.clients, "feed_seconds": round(fed_s, 1),
            "read_model_seconds": round(stored_s, 1), "first_render_ms": round(first_ms, 1),
            **load.to_dict(), "p95_target_ms": 300, "p95_met": load.p95_ms < 300,
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
        await client.drop_database(f"pagebench_{run_id}")
        await client.close()

    asyncio.run(drop())
    admin = KafkaAdminClient(bootstrap_servers=kafka.bootstrap_servers)
    try:
        admin.delete_topics(list(bench_topics(run_id).values()))
    finally:
        admin.close()
