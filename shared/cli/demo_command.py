"""`attendance demo` (and `make demo`): the main job, end to end, on the local stack.

Starts Kafka, the store and every service; simulates a trust and streams it through
the public HTTP intake with a progress bar; checks that the staff pages' figures equal
`attendance stats` over the same files; prints where to look; serves until Ctrl-C and
then stops everything it started.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from shared.cli.services_command import start_everything, stop_everything
from shared.cli.token_command import issue_token
from shared.cli.trust_options import at_least, output_folder_problem, positive_rate, trust_problem
from shared.config import IngestSettings, WebSettings
from shared.demo.accounts import DemoLogin, create_demo_accounts
from shared.demo.figures_check import SchoolComparison, compare_when_settled, offline_figures
from shared.demo.week_replay import (
    CatchingUpNote,
    Replay,
    local,
    recorded_before,
    replay_day,
    replayed_days,
    set_clock_before,
    wait_until_read,
)
from shared.infra.clock import CLOCK_FILE_ENV
from shared.infra.localstack.build import BuildError
from shared.infra.localstack.paths import LocalPaths
from shared.infra.localstack.services import ServiceError
from shared.infra.localstack.stack import StackError
from shared.simulator.files import write_trust
from shared.simulator.model import SyntheticMark, Trust
from shared.simulator.sending import count_marks
from shared.simulator.stream import StreamError, stream_http
from shared.simulator.trust import generate_trust

console = Console(soft_wrap=True)  # addresses and passwords stay whole on one line


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="run the main job on a simulated trust")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--schools", type=at_least(1), default=3)
    parser.add_argument("--pupils", type=at_least(1), default=2000)
    parser.add_argument("--weeks", type=at_least(1), default=6)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 9, 2))
    parser.add_argument("--out", type=Path, default=Path("demo-output"),
                        help="where the simulated files are written (default demo-output/)")
    parser.add_argument("--rate", type=positive_rate, default=None,
                        help="marks per second (default: as fast as the intake takes them)")
    parser.add_argument("--replay-days", type=at_least(0), default=5,
                        help="replay the last school days on a simulated clock, so the "
                             "office's lists, texts and letters appear day by day (default "
                             "5, a week; 0 streams everything at once)")
    parser.add_argument("--no-wait", action="store_true",
                        help="stop everything once the figures are checked (for scripts)")
    parser.set_defaults(handler=run, usage_error=parser.error)


def run(args: argparse.Namespace) -> int:
    # Checked before anything starts: a bad option is a usage error, not a half-started stack.
    problem = trust_problem(args) or output_folder_problem(args.out)
    if problem:
        args.usage_error(problem)
    try:
        return _run(args)
    except KeyboardInterrupt:
        # Ctrl-C at any point: `_run` has already stopped what it started.
        return 130


def _run(args: argparse.Namespace) -> int:
    try:
        console.print("Starting Kafka, FerretDB and the ingest, risk, web and comms services...")
        trust = generate_trust(args.seed, args.schools, args.pupils, args.weeks, args.start)
        clock_file = LocalPaths.default().run / "demo-clock"
        clock_file.parent.mkdir(parents=True, exist_ok=True)
        set_clock_before(trust, clock_file)
        stack, _, login = start_everything(fresh=True, extra_env=_demo_env(clock_file))
        demo_logins = create_demo_accounts(Path(login.accounts_file),
                                           [school.urn for school in trust.schools])
    except (BuildError, StackError, ServiceError) as error:
        console.print(f"[red]Could not start:[/red] {error}")
        stop_everything()
        return 1
    except KeyboardInterrupt:
        console.print("Stopping everything the demo started...")
        stop_everything()
        raise
    try:
        replay = Replay(trust, _ingest_url(), "", clock_file, stack.endpoints.kafka_bootstrap)
        agreed = _stream_and_check(args, replay)
        _print_where_to_look(login.user, login.password, demo_logins, args.out)
        if not args.no_wait:
            _serve_until_interrupted()
        return 0 if agreed else 1
    finally:
        console.print("Stopping everything the demo started...")
        stop_everything()


def _demo_env(clock_file: Path) -> dict[str, str]:
    """Every service on the simulated clock; comms looks at it every second."""
    return {CLOCK_FILE_ENV: str(clock_file), "COMMS_DISPATCH_EVERY_SECONDS": "1"}


def _stream_and_check(args: argparse.Namespace, replay: Replay) -> bool:
    trust = replay.trust
    written = write_trust(trust, args.out)
    console.print(f"Simulated {written.schools} schools, {written.pupils} pupils, "
                  f"{written.marks} marks ({written.corrections} corrections) into {args.out}/")
    urns = [school.urn for school in trust.schools]
    ingest_token = issue_token("demo-mis", urns, "ingest")
    read_token = issue_token("demo-reader", urns, "read")
    days = replayed_days(trust, args.replay_days)
    first_replayed = local(days[0], time(0, 0)) if days else None
    _stream(trust, ingest_token, args.rate,
            recorded_before(first_replayed) if first_replayed else None)
    if days:
        _replay_week(replace(replay, token=ingest_token), days, urns[0])
    as_of = trust.last_day.isoformat()
    console.print("Checking the staff pages' figures against `attendance stats`...")
    comparisons = compare_when_settled(_web_url(), read_token, offline_figures(args.out, as_of),
                                       as_of)
    _print_comparisons(comparisons)
    console.print(f"Read API token for these schools: {read_token}")
    return all(not c.differences for c in comparisons)


def _replay_week(replay: Replay, days: list[date], school_urn: str) -> None:
    console.print("Waiting for the web and comms services to read the backfill...")
    if not wait_until_read(replay.kafka_bootstrap, signals_timeout_s=120.0):
        console.print("The risk service is still working through the backfill; the replayed "
                      "days' absence texts wait for its signals, so some may be skipped.")
    console.print(f"Replaying {len(days)} school days on the simulated clock:")
    note = CatchingUpNote()
    for day in days:
        replay_day(replay, day, console.print, note)
        console.print(f"  see {_web_url()}/schools/{school_urn}/office?day={day.isoformat()} "
                      f"and {_web_url()}/schools/{school_urn}/outbox?day={day.isoformat()}")


def _stream(trust: Trust, token: str, rate: float | None,
            only: Callable[[SyntheticMark], bool] | None) -> None:
    total = count_marks(trust, only)
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("Streaming marks to the HTTP intake", total=total)
        try:
            report = stream_http(trust, _ingest_url(), token, rate=rate, total=total, only=only,
                                 progress=lambda done, _total: progress.update(task,
                                                                               completed=done))
        except StreamError as error:
            raise SystemExit(f"streaming failed: {error}") from error
    console.print(f"Intake accepted {report.accepted} marks, rejected {report.rejected}.")


def _print_comparisons(comparisons: list[SchoolComparison]) -> None:
    for comparison in comparisons:
        offline = comparison.offline
        if comparison.differences:
            console.print(f"[red]{comparison.school_urn}: pages differ from attendance stats: "
                          f"{comparison.differences}[/red]")
        else:
            console.print(f"{comparison.school_urn}: attendance {offline['attendance_pct']}%, "
                          f"PA {offline['pa_pct']}% - pages equal `attendance stats`")


def _print_where_to_look(user: str, password: str, demo_logins: list[DemoLogin],
                         out_dir: Path) -> None:
    console.print(f"\nStaff pages: [bold]{_web_url()}/[/bold]  sign in as [bold]{user}[/bold] "
                  f"with password [bold]{password}[/bold] (every school), or as one of:")
    for demo in demo_logins:
        console.print(f"  {demo.user:16} {demo.password:18} {demo.role:18} schools {demo.schools}")
    console.print(f"Read API docs: {_web_url()}/docs   "
                  f"Intake API schema: {_ingest_url()}/openapi.json")
    console.print(f"Logs: {LocalPaths.default().logs}/   Simulated files: {out_dir}/")


def _serve_until_interrupted() -> None:
    console.print("Serving until Ctrl-C.")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        while not stop.wait(1.0):
            pass


def _web_url() -> str:
    return f"http://127.0.0.1:{WebSettings().port}"


def _ingest_url() -> str:
    return f"http://127.0.0.1:{IngestSettings().port}"
