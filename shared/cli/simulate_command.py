"""`attendance simulate`: a synthetic trust as files, streamed over HTTP, or to Kafka.

    attendance simulate --seed 7 --schools 3 --pupils 2000 --weeks 6 \\
        --start 2026-09-02 --out DIR
    attendance simulate ... --to http --url http://127.0.0.1:8100 --token TOKEN [--rate N]
    attendance simulate ... --to kafka [--bootstrap HOST:PORT] [--topic mis.marks.v1]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from rich.progress import Progress

from shared.cli.trust_options import at_least, output_error, positive_rate, trust_problem
from shared.config import IngestSettings, KafkaSettings
from shared.contracts.topics import MIS_MARKS
from shared.simulator import generate_trust, trust_school_days, write_trust
from shared.simulator.model import Trust
from shared.simulator.sending import StreamError, StreamReport
from shared.simulator.stream import stream_http, stream_kafka

TOKEN_ENV = "ATTENDANCE_INGEST_TOKEN"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "simulate", help="generate a realistic synthetic trust; write files or stream it")
    parser.add_argument("--seed", type=int, default=7, help="same seed, same trust (default 7)")
    parser.add_argument("--schools", type=at_least(1), default=3)
    parser.add_argument("--secondary-schools", type=at_least(0), default=None,
                        help="how many of the schools are secondary (default: about a third)")
    parser.add_argument("--pupils", type=at_least(1), default=2000)
    parser.add_argument("--weeks", type=at_least(1), default=6)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 9, 2),
                        help="first simulated date, YYYY-MM-DD (default 2026-09-02)")
    parser.add_argument("--out", type=Path, help="write marks.csv, pupils.csv, pupils.json "
                        "and schools.json into this folder")
    parser.add_argument("--to", choices=("http", "kafka"), help="also stream the trust")
    parser.add_argument("--url", help="intake base URL (default from INGEST_HOST/INGEST_PORT)")
    parser.add_argument("--token", help=f"ingest bearer token (default ${TOKEN_ENV})")
    parser.add_argument("--bootstrap", help="Kafka bootstrap servers "
                        "(default KAFKA_BOOTSTRAP_SERVERS)")
    parser.add_argument("--topic", default=MIS_MARKS, help="Kafka topic for raw marks")
    parser.add_argument("--rate", type=positive_rate, default=None, help="at most N marks a second")
    parser.add_argument("--batch-size", type=at_least(1), default=250, help="marks per request")
    parser.set_defaults(handler=_simulate, usage_error=parser.error)


def _simulate(args: argparse.Namespace) -> int:
    if args.out is None and args.to is None:
        print("say where the trust should go: --out DIR for files, or --to http|kafka",
              file=sys.stderr)
        return 2
    problem = trust_problem(args)
    if problem:
        args.usage_error(problem)
    try:
        trust = generate_trust(args.seed, args.schools, args.pupils, args.weeks, args.start,
                               args.secondary_schools)
    except ValueError as error:
        print(f"cannot simulate that trust: {error}", file=sys.stderr)
        return 2
    if args.out is not None:
        try:
            _write_files(trust, args.out)
        except OSError as error:
            print(f"attendance simulate: {output_error(args.out, error)}", file=sys.stderr)
            return 1
    if args.to is not None:
        try:
            report = _stream(trust, args)
        except (StreamError, ValueError) as error:
            print(f"streaming stopped: {error}", file=sys.stderr)
            return 1
        _print_report(report, args.to, args.topic)
    return 0


def _write_files(trust: Trust, out: Path) -> None:
    days = len(trust_school_days(trust))
    with _progress_bar("writing files", days) as advance:
        written = write_trust(trust, out, on_day=lambda _day: advance(1, days))
    print(f"{written.schools} schools, {written.pupils} pupils, {written.marks} marks "
          f"({written.corrections} corrections), {trust.first_day} to {trust.last_day}, "
          f"written to {out}")


def _stream(trust: Trust, args: argparse.Namespace) -> StreamReport:
    with _progress_bar(f"streaming to {args.to}", None) as advance:
        def progress(done: int, total: int) -> None:
            advance(done, total, absolute=True)

        if args.to == "http":
            token = args.token or os.environ.get(TOKEN_ENV)
            if not token:
                raise StreamError(f"give an ingest token with --token or ${TOKEN_ENV}")
            settings = IngestSettings()
            url = args.url or f"http://{settings.host}:{settings.port}"
            return stream_http(trust, url, token, rate=args.rate, progress=progress,
                               batch_size=args.batch_size)
        bootstrap = args.bootstrap or KafkaSettings().bootstrap_servers
        return stream_kafka(trust, bootstrap, topic=args.topic, rate=args.rate,
                            progress=progress, batch_size=args.batch_size)


def _print_report(report: StreamReport, target: str, topic: str) -> None:
    if target == "kafka":
        print(f"streamed {report.marks} marks to Kafka topic {topic}")
        return
    line = (f"streamed over HTTP: {report.schools} schools, {report.pupils} pupils, "
            f"{report.marks} marks ({report.accepted} accepted, {report.rejected} rejected)")
    if report.rejected_fields:
        line += "; rejected fields: " + ", ".join(sorted(set(report.rejected_fields)))
    print(line)


@contextmanager
def _progress_bar(label: str, total: int | None) -> Iterator[Callable[..., None]]:
    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(amount: int, new_total: int | None, absolute: bool = False) -> None:
            if absolute:
                bar.update(task, completed=amount, total=new_total)
            else:
                bar.update(task, advance=amount, total=new_total)

        yield advance
