"""The demo's replayed week: the last school days of the simulated trust, walked through
the office day on a simulated clock, so the office's lists, the texts in the outbox and
the letters appear day by day.

Every service reads the simulated time from the clock file (shared.infra.clock). The
backfill goes in first with the clock before the first school day, so nothing about the
past texts anybody. Then each replayed day steps through the plan's times; at each step
the marks recorded by then are sent through the HTTP intake, and the demo waits until
the risk and comms services have read everything before the clock moves on. A replayed
day may also hold a visit (staff doing something through the staff pages at a set
time), and the clock may stop at a dated moment of the plan between days
(shared.demo.milestones).
"""

from __future__ import annotations

import time as wall_time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from shared.bench.lag import group_lag, wait_for_zero_lag
from shared.contracts import topics
from shared.infra.clock import set_clock_file
from shared.simulator.model import SyntheticMark, Trust
from shared.simulator.registers import trust_school_days
from shared.simulator.stream import StreamReport, stream_http

LONDON = ZoneInfo("Europe/London")
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)


@dataclass(frozen=True)
class Step:
    """One moment of the office day and what happens then, by weekday (Monday = 0).

    A weekday missing from `labels` has nothing to do at this time and is skipped.
    """

    at: time
    labels: Mapping[int, str]


def every_day(label: str) -> dict[int, str]:
    return dict.fromkeys(range(5), label)


# When the office day's scheduled actions fire (defaults of the plan and DESIGN.md 3.7),
# labelled with what actually happens on that weekday (services/comms/schedule.py).
STEPS: tuple[Step, ...] = (
    Step(time(7, 35), {**every_day("before school"),
                       MONDAY: "before school: golden-hour nudge texts"}),
    Step(time(9, 15), every_day("morning registers taken")),
    Step(time(9, 45), every_day("registers settled: absence texts")),
    Step(time(10, 31), every_day("first-day calls due by 10:30")),
    Step(time(14, 5), every_day("afternoon registers taken")),
    Step(time(15, 5), every_day("registers checked at 15:00")),
    Step(time(15, 35), {THURSDAY: "golden-hour afternoon nudges",
                        FRIDAY: "weekly texts on unauthorised absence"}),
    Step(time(16, 30), {**every_day("after school: end-of-day absence texts"),
                        FRIDAY: "after school: end-of-day absence texts and 100% week texts"}),
    Step(time(18, 5), {THURSDAY: "evening: texts about the Friday pattern"}),
    Step(time(23, 30), every_day("late corrections")),
)
# Said after a step whose risk signals were still behind, and explained the first time.
CATCHING_UP_MARK = " - risk catching up"
CATCHING_UP_EXPLAINED = ("    (risk catching up: risk is still applying earlier marks; "
                         "some absence texts will come late)")
# Who must have read every mark before the clock moves on: (consumer group, topic). The
# office's lists (web) and comms' clock-driven texts and letters need the marks.
REQUIRED_READERS = (("web", topics.MARKS), ("comms", topics.MARKS))
COMMS_READER = REQUIRED_READERS[1]
# Waited for only so long: the day's absence signals from risk, which comms texts about.
# A risk worker still busy with the backfill makes those texts late (and so skipped),
# not the demo stuck.
SIGNAL_READERS = (("risk", topics.MARKS), ("comms", topics.SIGNALS))
SETTLE_S = 2.5  # comms looks at its clock every second in the demo
LAG_TIMEOUT_S = 900.0
SIGNALS_TIMEOUT_S = 30.0
# Further behind than this, risk cannot catch up within a step: the demo moves on at once.
SIGNALS_BEHIND_LIMIT = 5_000

Say = Callable[[str], None]


@dataclass(frozen=True)
class Visit:
    """Something done at a time of a replayed day besides sending marks: `act` does it
    (and waits for what it brings) and says what came of it."""

    at: time
    label: str
    act: Callable[[], str]


@dataclass(frozen=True)
class Replay:
    """What the demo needs to replay: the trust, where the intake is, the clock file."""

    trust: Trust
    ingest_url: str
    token: str
    clock_file: Path
    kafka_bootstrap: str


def replayed_days(trust: Trust, days: int) -> list[date]:
    """The trust's last `days` school days (the replayed week)."""
    return trust_school_days(trust)[-days:] if days > 0 else []


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON)


def set_clock_before(trust: Trust, clock_file: Path) -> None:
    """The clock before the first school day: the backfill texts nobody."""
    set_clock_file(clock_file, local(trust.first_day - timedelta(days=1), time(6, 0)))


def recorded_before(moment: datetime) -> Callable[[SyntheticMark], bool]:
    return lambda mark: mark.recorded_at < moment


def recorded_between(start: datetime, end: datetime) -> Callable[[SyntheticMark], bool]:
    return lambda mark: start <= mark.recorded_at < end


def steps_of(day: date) -> list[tuple[time, str]]:
    """The day's steps with what happens at each, leaving out times with nothing to do."""
    return [(step.at, step.labels[day.weekday()]) for step in STEPS
            if day.weekday() in step.labels]


def step_line(moment: datetime, what: str, marks: int, caught_up: bool,
              outcome: str | None = None) -> str:
    return (f"  {moment:%a %-d %b %H:%M}  {what}" +
            (f" ({marks} marks)" if marks else "") +
            (f": {outcome}" if outcome else "") +
            ("" if caught_up else CATCHING_UP_MARK))


def day_plan(day: date, visits: Sequence[Visit] = ()
             ) -> list[tuple[time, str, Callable[[], str] | None]]:
    """The day's steps and visits in time order (a step before a visit at the same time)."""
    planned: list[tuple[time, str, Callable[[], str] | None]] = [
        (at, what, None) for at, what in steps_of(day)]
    planned += [(visit.at, visit.label, visit.act) for visit in visits]
    return sorted(planned, key=lambda step: (step[0], step[2] is not None))


@dataclass
class CatchingUpNote:
    """Explains the catching-up mark once per replay, not on every line it appears."""

    explained: bool = False

    def after(self, line_caught_up: bool, say: Say) -> None:
        if not line_caught_up and not self.explained:
            say(CATCHING_UP_EXPLAINED)
            self.explained = True


def replay_day(replay: Replay, day: date, say: Say,
               note: CatchingUpNote | None = None, visits: Sequence[Visit] = ()) -> int:
    """Walk one school day through the plan's times and the day's visits; return the
    marks sent."""
    note = note if note is not None else CatchingUpNote()
    sent, previous = 0, local(day, time(0, 0))
    for at, what, act in day_plan(day, visits):
        moment = local(day, at)
        set_clock_file(replay.clock_file, moment)
        report = _send(replay, recorded_between(previous, moment))
        sent += report.marks
        caught_up = wait_until_read(replay.kafka_bootstrap)
        outcome = act() if act is not None else None
        say(step_line(moment, what, report.marks, caught_up, outcome))
        note.after(caught_up, say)
        previous = moment
    return sent


def stop_clock_at(replay: Replay, moment: datetime, label: str, act: Callable[[], str],
                  say: Say, then: datetime | None = None) -> None:
    """Move the clock to a dated moment of the plan once comms has read the marks sent so
    far (it drafts letters from its own copy of them; the web service reads on
    meanwhile), say what came of it, then move it on to `then` if given."""
    wait_for_zero_lag(replay.kafka_bootstrap, *COMMS_READER, LAG_TIMEOUT_S)
    set_clock_file(replay.clock_file, moment)
    say(step_line(moment, label, 0, True, act()))
    if then is not None:
        set_clock_file(replay.clock_file, then)


def _send(replay: Replay, only: Callable[[SyntheticMark], bool]) -> StreamReport:
    return stream_http(replay.trust, replay.ingest_url, replay.token, only=only,
                       send_roster=False)


def wait_until_read(bootstrap: str, signals_timeout_s: float = SIGNALS_TIMEOUT_S) -> bool:
    """Until web and comms have read every mark, and (for a while) risk and comms every
    signal, then a beat for comms' clock. False when the signals were still behind."""
    for group, topic in REQUIRED_READERS:
        wait_for_zero_lag(bootstrap, group, topic, LAG_TIMEOUT_S)
    caught_up = True
    for group, topic in SIGNAL_READERS:
        if not caught_up or group_lag(bootstrap, group, topic) > SIGNALS_BEHIND_LIMIT:
            caught_up = False
            continue
        try:
            wait_for_zero_lag(bootstrap, group, topic, signals_timeout_s)
        except TimeoutError:
            caught_up = False
    wall_time.sleep(SETTLE_S)
    return caught_up
