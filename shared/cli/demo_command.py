"""`attendance demo` (and `make demo`): the main job, end to end, on the local stack.

Starts Kafka, the store and every service; simulates a trust and streams it through
the public HTTP intake with a progress bar; replays its last school week on a simulated
clock, stopping at the plan's dated moments (shared.demo.milestones) and recording a
parent's holiday request as the office would; checks that the staff pages' figures
equal `attendance stats` over the same files; prints where to look; serves until Ctrl-C
and then stops everything it started.

By default the simulated weeks end on the eve of the trust's October half-term, so the
replayed week is the last of the first half-term and the half-term's first day brings
the blanket leaflet drop.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console

from shared.cli.demo_replay import DemoStaff, Shown, backfill, replay_week, where_letters_are
from shared.cli.services_command import start_everything, stop_everything
from shared.cli.token_command import issue_token
from shared.cli.trust_options import at_least, output_folder_problem, positive_rate, trust_problem
from shared.config import IngestSettings, WebSettings
from shared.demo.accounts import DemoLogin, create_demo_accounts
from shared.demo.figures_check import SchoolComparison, compare_when_settled, offline_figures
from shared.demo.milestones import half_term_eve, start_ending_at_half_term
from shared.demo.staff_client import SignIn
from shared.demo.week_replay import Replay, replayed_days, set_clock_before
from shared.infra.clock import CLOCK_FILE_ENV
from shared.infra.localstack.build import BuildError
from shared.infra.localstack.credentials import StaffLogin
from shared.infra.localstack.paths import LocalPaths
from shared.infra.localstack.services import ServiceError
from shared.infra.localstack.stack import StackError
from shared.simulator.files import write_trust
from shared.simulator.school_year import academic_year_of
from shared.simulator.trust import generate_trust

console = Console(soft_wrap=True)  # addresses and passwords stay whole on one line
# The academic year simulated unless --start says otherwise (autumn term 2026).
AUTUMN_TERM = date(2026, 9, 1)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="run the main job on a simulated trust")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--schools", type=at_least(1), default=3)
    parser.add_argument("--pupils", type=at_least(1), default=2000)
    parser.add_argument("--weeks", type=at_least(1), default=8,
                        help="weeks simulated, ending on the eve of the October half-term "
                             "(default 8: the first half-term of autumn 2026)")
    parser.add_argument("--start", type=date.fromisoformat, default=None,
                        help="first simulated day, YYYY-MM-DD (default: --weeks before the "
                             "October half-term, so the replayed week ends the first "
                             "half-term and the half-term brings the leaflet drop)")
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
    if args.start is None:
        args.start = _start_before_half_term(args)
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
        shown = Shown()
        agreed = _stream_and_check(args, replay, login, demo_logins, shown)
        _print_where_to_look(login.user, login.password, demo_logins, args.out, shown)
        if not args.no_wait:
            _serve_until_interrupted()
        return 0 if agreed else 1
    finally:
        console.print("Stopping everything the demo started...")
        stop_everything()


def _start_before_half_term(args: argparse.Namespace) -> date:
    """The start that makes --weeks end on the eve of the trust's October half-term. The
    schools' calendars depend only on the academic year, so a one-week sketch of the
    trust has the same ones, as long as the weeks stay within that year."""
    sketch = generate_trust(args.seed, args.schools, args.pupils, 1, AUTUMN_TERM)
    eve = half_term_eve(sketch)
    start = start_ending_at_half_term(sketch, args.weeks)
    if academic_year_of(start) != academic_year_of(eve):
        most = ((eve - date(eve.year, 8, 1)).days + 1) // 7
        args.usage_error(f"argument --weeks: the demo's weeks end on the eve of the October "
                         f"half-term ({eve:%-d %B %Y}), so at most {most} fit in the school "
                         f"year, got {args.weeks}; give --start YYYY-MM-DD for a longer "
                         "period")
    return start


def _demo_env(clock_file: Path) -> dict[str, str]:
    """Every service on the simulated clock; comms looks at it every second."""
    return {CLOCK_FILE_ENV: str(clock_file), "COMMS_DISPATCH_EVERY_SECONDS": "1"}


def _staff(admin: StaffLogin, demo_logins: list[DemoLogin]) -> DemoStaff:
    """The administrator reads every school's letters; the demo office records."""
    office = next((SignIn(d.user, d.password) for d in demo_logins if d.role == "office"),
                  None)
    return DemoStaff(_web_url(), SignIn(admin.user, admin.password), office)


def _stream_and_check(args: argparse.Namespace, replay: Replay, admin: StaffLogin,
                      demo_logins: list[DemoLogin], shown: Shown) -> bool:
    trust = replay.trust
    staff = _staff(admin, demo_logins)
    written = write_trust(trust, args.out)
    console.print(f"Simulated {written.schools} schools, {written.pupils} pupils, "
                  f"{written.marks} marks ({written.corrections} corrections) into {args.out}/")
    urns = [school.urn for school in trust.schools]
    ingest_token = issue_token("demo-mis", urns, "ingest")
    read_token = issue_token("demo-reader", urns, "read")
    days = replayed_days(trust, args.replay_days)
    replay = replace(replay, token=ingest_token)
    backfill(console, replay, days, args.rate, staff, shown)
    if days:
        replay_week(console, replay, days, staff, shown)
    as_of = trust.last_day.isoformat()
    console.print("Checking the staff pages' figures against `attendance stats`...")
    comparisons = compare_when_settled(_web_url(), read_token, offline_figures(args.out, as_of),
                                       as_of)
    _print_comparisons(comparisons)
    console.print(f"Read API token for these schools: {read_token}")
    return all(not c.differences for c in comparisons)


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
                         out_dir: Path, shown: Shown) -> None:
    console.print(f"\nStaff pages: [bold]{_web_url()}/[/bold]  sign in as [bold]{user}[/bold] "
                  f"with password [bold]{password}[/bold] (every school), or as one of:")
    for demo in demo_logins:
        console.print(f"  {demo.user:16} {demo.password:18} {demo.role:18} schools {demo.schools}")
    for line in where_letters_are(_web_url(), shown):
        console.print(line)
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
