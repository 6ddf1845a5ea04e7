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
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from shared.bench.backfill import BackfillRoute, run_backfill, send_roster
from shared.bench.environment import BenchNames
from shared.bench.live import measure_latency
from shared.bench.memory import peak_rss_mib
from shared.bench.raw_limits import bare_consumer_rate, bulk_write_rate
from shared.cli.services_command import start_everything
from shared.cli.token_command import issue_token
from shared.config import IngestSettings
from shared.simulator.sending import count_marks
from shared.simulator.trust import generate_trust

console = Console()
LIVE_SCHOOL = "999001"


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
    """Start the services on this run's own names, measure, stop them; write the figures."""
    names = BenchNames(uuid.uuid4().hex[:8])
    os.environ.update(names.environment())
    # Servers named in the environment are someone else's: never restarted or stopped.
    external = bool(os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("MONGODB_URI"))
    stack, services, _ = start_everything(fresh=not external)
    try:
        results = _measure(args, services, names)
    finally:
        services.stop()
        if not external:
            stack.down()
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    console.print_json(json.dumps(results))
    console.print(f"Written to {args.out}")
    return 0


def _measure(args: argparse.Namespace, services: Any, names: BenchNames) -> dict[str, Any]:
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    ingest_url = f"http://127.0.0.1:{IngestSettings().port}"
    trust = generate_trust(1, args.schools, args.pupils, args.weeks, args.start)
    urns = [school.urn for school in trust.schools]
    token = issue_token("bench-mis", [*urns, LIVE_SCHOOL], "ingest")
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
    store_rate = bulk_write_rate()
    live = measure_latency(ingest_url, token, bootstrap, LIVE_SCHOOL, args.live_rate,
                           args.live_seconds, date(2026, 10, 5), names.signals)
    memory = {name: peak_rss_mib(pid) for name, pid in
              ((spec.name, services.process(spec).pid()) for spec in services.specs) if pid}
    return {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "trust": {"schools": args.schools, "pupils": args.pupils, "weeks": args.weeks,
                  "marks": backfill.marks},
        "backfill": {"accepted": backfill.accepted,
                     "intake_marks_per_s": round(backfill.intake_rate),
                     "end_to_end_marks_per_s": round(backfill.end_to_end_rate),
                     "end_to_end_seconds": round(backfill.end_to_end_seconds, 1),
                     "bare_consumer_marks_per_s": round(consumer_rate),
                     "store_bulk_updates_per_s": round(store_rate)},
        "live": {"rate_marks_per_s": live.rate, "marks": live.marks,
                 "signals_seen": live.signals_seen, "p50_ms": round(live.p50_ms, 1),
                 "p99_ms": round(live.p99_ms, 1)},
        "peak_rss_mib": {name: round(mib, 1) for name, mib in memory.items() if mib},
    }
