"""`attendance bench` (and `make bench`): throughput, latency and memory on this machine.

(a) backfill: a year of marks for a trust pushed through the intake and the risk
service, beside the raw rate of a bare consumer on the same topic and of bulk writes
to the same store; (b) live: a steady rate of marks and the intake-to-signal latency;
(c) the peak memory of each service.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from shared.bench.backfill import BackfillFigures, BackfillRoute, run_backfill, send_roster
from shared.bench.environment import BenchNames
from shared.bench.live import LatencyFigures, measure_latency
from shared.bench.memory import peak_rss_mib
from shared.bench.raw_limits import bare_consumer_rate, bulk_write_rate
from shared.cli.services_command import stop_everything
from shared.cli.token_command import issue_token
from shared.config import IngestSettings
from shared.infra.localstack.credentials import local_staff_login
from shared.infra.localstack.services import LocalServices, default_services
from shared.infra.localstack.stack import LocalStack
from shared.simulator.sending import count_marks
from shared.simulator.trust import generate_trust

console = Console()
LIVE_SCHOOL = "999001"
BACKFILL_PATH = ("ingest", "risk")
T = TypeVar("T")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("bench", help="measure throughput, latency and memory")
    parser.add_argument("--pupils", type=int, default=5000)
    parser.add_argument("--schools", type=int, default=6)
    parser.add_argument("--weeks", type=int, default=46,
                        help="calendar weeks from --start (46 covers a school year)")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2025, 9, 1))
    parser.add_argument("--live-rate", type=float, default=100.0, help="marks per second")
    parser.add_argument("--live-seconds", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Measure in two phases on names of their own, stop what was started; write figures.

    The backfill runs the services on its path, intake and risk, alone: on the local
    store (one FerretDB on the same cores) the staff pages and comms following the same
    1.9 million marks would share its time and the figure would measure them too. The
    live phase then runs every service on fresh topics.
    """
    # Servers named in the environment are someone else's: never restarted or stopped.
    external = bool(os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("MONGODB_URI"))
    stack = LocalStack()
    if not external:
        stop_everything()
        stack.up(fresh=True)
    try:
        backfill = _in_phase(lambda names: _backfill(args, names), BACKFILL_PATH)
        live = _in_phase(lambda names: _live(args, names), None)
    finally:
        if not external:
            stack.down()
    results = _figures(args, *backfill, *live)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    console.print_json(json.dumps(results))
    console.print(f"Written to {args.out}")
    return 0


def _in_phase(measure: Callable[[BenchNames], T],
              only: tuple[str, ...] | None) -> tuple[T, dict[str, float]]:
    """Run `measure` with the services named in `only` (all when None) started on a fresh
    set of names; return its result and each service's peak memory in MiB."""
    names = BenchNames(uuid.uuid4().hex[:8])
    os.environ.update(names.environment())
    stack = LocalStack()
    specs = [spec for spec in default_services() if only is None or spec.name in only]
    services = LocalServices(stack.paths, specs)
    services.start({**os.environ, **stack.endpoints.as_env(),
                    **local_staff_login(stack.paths).as_env()})
    try:
        result = measure(names)
        memory = {spec.name: peak_rss_mib(pid) for spec in services.specs
                  if (pid := services.process(spec).pid())}
        return result, {name: mib for name, mib in memory.items() if mib}
    finally:
        services.stop()


def _backfill(args: argparse.Namespace, names: BenchNames) -> BackfillPhase:
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    ingest_url = f"http://127.0.0.1:{IngestSettings().port}"
    trust = generate_trust(1, args.schools, args.pupils, args.weeks, args.start)
    token = issue_token("bench-mis", [school.urn for school in trust.schools], "ingest")
    total = count_marks(trust)
    send_roster(trust, ingest_url, token)
    route = BackfillRoute(bootstrap, names.mis_marks, names.ingest_group, names.marks,
                          names.risk_group)
    with Progress("{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=console) as progress:
        task = progress.add_task("backfill into the Kafka intake", total=total)
        backfill = run_backfill(trust, route, total,
                                lambda done, _t: progress.update(task, completed=done))
    console.print(f"backfill: {backfill.end_to_end_rate:.0f} marks/s end to end")
    consumer_rate = bare_consumer_rate(bootstrap, names.marks, backfill.accepted)
    console.print(f"bare consumer: {consumer_rate:.0f} marks/s")
    store_rate = bulk_write_rate()
    console.print(f"store: {store_rate:.0f} updates/s of pupil-sized documents")
    return BackfillPhase(backfill, consumer_rate, store_rate)


def _live(args: argparse.Namespace, names: BenchNames) -> LatencyFigures:
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    token = issue_token("bench-live", [LIVE_SCHOOL], "ingest")
    live = measure_latency(f"http://127.0.0.1:{IngestSettings().port}", token, bootstrap,
                           LIVE_SCHOOL, args.live_rate, args.live_seconds, date(2026, 10, 5),
                           names.signals)
    console.print(f"live: p50 {live.p50_ms:.0f} ms, p99 {live.p99_ms:.0f} ms")
    return live


@dataclass(frozen=True)
class BackfillPhase:
    run: BackfillFigures
    consumer_rate: float
    store_rate: float


def _figures(args: argparse.Namespace, backfill: BackfillPhase,
             backfill_memory: dict[str, float], live: LatencyFigures,
             live_memory: dict[str, float]) -> dict[str, Any]:
    run = backfill.run
    return {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "trust": {"schools": args.schools, "pupils": args.pupils, "weeks": args.weeks,
                  "marks": run.marks},
        "backfill": {"services": list(BACKFILL_PATH), "accepted": run.accepted,
                     "intake_marks_per_s": round(run.intake_rate),
                     "end_to_end_marks_per_s": round(run.end_to_end_rate),
                     "end_to_end_seconds": round(run.end_to_end_seconds, 1),
                     "bare_consumer_marks_per_s": round(backfill.consumer_rate),
                     "store_bulk_updates_per_s": round(backfill.store_rate)},
        "live": {"rate_marks_per_s": live.rate, "marks": live.marks,
                 "signals_seen": live.signals_seen, "p50_ms": round(live.p50_ms, 1),
                 "p99_ms": round(live.p99_ms, 1)},
        "peak_rss_mib": {"backfill": {k: round(v, 1) for k, v in backfill_memory.items()},
                         "live": {k: round(v, 1) for k, v in live_memory.items()}},
    }
