"""The demo's streaming and replay as the console shows them: the backfill with a progress
bar, stopping the clock at the plan's dated moments inside it (a letter batch); then the
replayed week with the office's holiday request, and the leaflet drop when the week ends
the first half-term. What the staff pages were seen to show is kept for the closing
"where to look".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import pairwise

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn

from shared.demo import holiday_request
from shared.demo.holiday_request import HolidayRequest
from shared.demo.milestones import Milestone, backfill_milestones, replay_milestones
from shared.demo.staff_client import SignIn, StaffError, count_letters
from shared.demo.week_replay import (
    CatchingUpNote,
    Replay,
    Visit,
    local,
    recorded_before,
    recorded_between,
    replay_day,
    stop_clock_at,
    wait_until_read,
)
from shared.simulator.model import SyntheticMark
from shared.simulator.sending import count_marks
from shared.simulator.stream import StreamError, StreamReport, stream_http

# Comms makes a school's leaflets in seconds on a quiet machine; on a busy one its
# Friday jobs and the drop itself have taken ten minutes, and the clock's last stop is
# not worth missing.
LETTERS_SEEN_WITHIN_S = 900.0
MarkFilter = Callable[[SyntheticMark], bool]


@dataclass(frozen=True)
class DemoStaff:
    """Who the demo signs in as: `reader` reads every school's letters queue; `office`
    (the first school's office) records the holiday request."""

    web_url: str
    reader: SignIn
    office: SignIn | None


@dataclass
class Shown:
    """What the clock stops and the visit put on the staff pages: each stop with how many
    letters were seen, and the holiday request with whether comms' answer was seen."""

    milestones: list[tuple[Milestone, Counter[str]]] = field(default_factory=list)
    refusal: tuple[HolidayRequest, bool] | None = None


def backfill(console: Console, replay: Replay, days: list[date], rate: float | None,
             staff: DemoStaff, shown: Shown) -> None:
    """Stream every mark recorded before the first replayed day (all of them without a
    replay), stopping the clock at each dated moment of the plan on the way."""
    end = local(days[0], time(0, 0)) if days else None
    stops = backfill_milestones(replay.trust, days[0]) if days else []
    bounds: list[datetime | None] = [None, *(stop.moment for stop in stops), end]
    total = count_marks(replay.trust, _between(None, end))
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    sent = accepted = rejected = 0
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("Streaming marks to the HTTP intake", total=total)
        for index, (start, stop_at) in enumerate(pairwise(bounds)):
            report = _stream(replay, _between(start, stop_at), rate, total, index == 0,
                             _advance(progress, task, sent))
            sent += report.marks
            accepted, rejected = accepted + report.accepted, rejected + report.rejected
            if index < len(stops):
                _stop(console, replay, stops[index], staff, shown)
    console.print(f"Intake accepted {accepted} marks, rejected {rejected}.")


def _between(start: datetime | None, end: datetime | None) -> MarkFilter | None:
    if start is None:
        return recorded_before(end) if end is not None else None
    if end is None:
        return lambda mark: mark.recorded_at >= start
    return recorded_between(start, end)


def _advance(progress: Progress, task: TaskID, offset: int) -> Callable[[int, int], None]:
    """The bar moves on from the marks sent in the stretches before."""
    return lambda done, _total: progress.update(task, completed=offset + done)


def _stream(replay: Replay, only: MarkFilter | None, rate: float | None, total: int,
            send_roster: bool, progress: Callable[[int, int], None]) -> StreamReport:
    try:
        return stream_http(replay.trust, replay.ingest_url, replay.token, rate=rate,
                           total=total, only=only, send_roster=send_roster,
                           progress=progress)
    except StreamError as error:
        raise SystemExit(f"streaming failed: {error}") from error


def replay_week(console: Console, replay: Replay, days: list[date], staff: DemoStaff,
                shown: Shown) -> None:
    """Replay the days, with the office's holiday request on the first of them its
    school is open, and the leaflet drops on or straight after them."""
    console.print("Waiting for the web and comms services to read the backfill...")
    if not wait_until_read(replay.kafka_bootstrap, signals_timeout_s=120.0):
        console.print("The risk service is still working through the backfill; the replayed "
                      "days' absence texts wait for its signals, so some may be skipped.")
    console.print(f"Replaying {len(days)} school days on the simulated clock:")
    drops = replay_milestones(replay.trust, days)
    visits = _holiday_visit(replay, days, staff, shown)
    note, school_urn = CatchingUpNote(), replay.trust.schools[0].urn
    for day in days:
        while drops and drops[0].moment.date() <= day:
            _stop(console, replay, drops.pop(0), staff, shown)
        replay_day(replay, day, console.print, note, visits.get(day, ()))
        console.print(f"  see {staff.web_url}/schools/{school_urn}/office?day={day.isoformat()}"
                      f" and {staff.web_url}/schools/{school_urn}/outbox?day={day.isoformat()}")
    for drop in drops:
        _stop(console, replay, drop, staff, shown)


def _holiday_visit(replay: Replay, days: list[date], staff: DemoStaff,
                   shown: Shown) -> dict[date, list[Visit]]:
    request = holiday_request.choose_request(replay.trust, days)
    office = staff.office
    if request is None or office is None:
        return {}

    def act() -> str:
        try:
            seen = holiday_request.run_visit(staff.web_url, office, request)
        except (StaffError, httpx.HTTPError) as error:
            return f"not recorded: {error or type(error).__name__}"
        shown.refusal = (request, seen.letter and seen.call)
        return seen.text()

    return {request.day: [Visit(holiday_request.RECORDED_AT, holiday_request.LABEL, act)]}


def _stop(console: Console, replay: Replay, milestone: Milestone, staff: DemoStaff,
          shown: Shown) -> None:
    def letters_seen() -> str:
        try:
            counts = count_letters(staff.web_url, staff.reader, milestone.school_urns,
                                   milestone.letter_kind, LETTERS_SEEN_WITHIN_S)
        except (StaffError, httpx.HTTPError) as error:
            shown.milestones.append((milestone, Counter()))
            return f"the letters queue could not be read: {error or type(error).__name__}"
        shown.milestones.append((milestone, counts))
        return milestone.seen(counts, LETTERS_SEEN_WITHIN_S)

    stop_clock_at(replay, milestone.moment, milestone.label, letters_seen, console.print,
                  milestone.then)


def where_letters_are(web_url: str, shown: Shown) -> list[str]:
    """Where to see what the clock stops and the visit brought, for the closing text."""
    not_yet = " - not there yet when the demo last looked"
    held = [(milestone.moment.date(), f"{milestone.label} ({milestone.action})"
             + (_how_many(milestone, counts) if sum(counts.values()) else not_yet))
            for milestone, counts in shown.milestones]
    school_urn = shown.milestones[0][0].school_urns[0] if shown.milestones else None
    if shown.refusal:
        request, seen = shown.refusal
        day, school_urn = request.day, request.school_urn
        held.append((day, "the head teacher's refusal of the holiday request the office "
                          "recorded (9.2); its same-day call is on "
                          f"{web_url}/schools/{school_urn}/office/second-calls"
                          f"?day={day.isoformat()}" + ("" if seen else not_yet)))
    lines = []
    if held:
        lines.append(f"Letters queue: {web_url}/schools/{school_urn}/letters (each school's "
                     "at /schools/URN/letters); it holds:")
        lines += [f"  {day:%a %-d %b}: {what}" for day, what in sorted(held)]
    lines.append("The July letter to families who took term-time leave (9.1) goes out in "
                 "July, after the simulated weeks.")
    return lines


def _how_many(milestone: Milestone, counts: Counter[str]) -> str:
    complete = all(counts[urn] for urn in milestone.school_urns)
    return f": {sum(counts.values())} {milestone.noun}" + ("" if complete else " so far")
