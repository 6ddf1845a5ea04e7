"""What every stream of a synthetic trust shares, whatever carries it: time-ordered
batches, the simulated clock, pacing to a rate, and the report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from shared.simulator.model import SyntheticMark, Trust
from shared.simulator.registers import register_days

Progress = Callable[[int, int], None]
# Chooses which marks a stream sends (e.g. the demo's backfill, then one step of a day).
MarkFilter = Callable[[SyntheticMark], bool]


class SimulatedClock:
    """The stream's notion of now; it only moves forward."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start

    def now(self) -> datetime:
        """The simulated moment; raises until the stream (or the caller) has set it."""
        if self._now is None:
            raise RuntimeError("the simulated clock has not started: stream a day first "
                               "or give SimulatedClock a start time")
        return self._now

    def advance_to(self, moment: datetime) -> None:
        """Move to `moment`, unless the clock is already later."""
        if self._now is None or moment > self._now:
            self._now = moment


class Pacer:
    """Keeps a stream at or under `rate` marks per second (no waiting when rate is None)."""

    def __init__(self, rate: float | None, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if rate is not None and rate <= 0:
            raise ValueError(f"rate must be a positive number of marks per second, got {rate}")
        self._rate, self._sleep, self._monotonic = rate, sleep, monotonic
        self._started = monotonic()

    def wait_for(self, sent: int) -> None:
        if self._rate is not None:
            ahead = sent / self._rate - (self._monotonic() - self._started)
            if ahead > 0:
                self._sleep(ahead)


@dataclass
class StreamReport:
    """What was sent and what the receiver said about it."""

    schools: int = 0
    pupils: int = 0
    marks: int = 0
    accepted: int = 0
    rejected: int = 0
    # Field names of the first rejections (never values: they may hold UPNs).
    rejected_fields: list[str] = field(default_factory=list)


class StreamError(RuntimeError):
    """The receiver refused the stream in a way the sender must fix (URL, token, data)."""


def count_marks(trust: Trust, only: MarkFilter | None = None) -> int:
    """How many marks (with corrections) the trust sends: one generation pass."""
    return sum(len(_chosen(day.marks, only)) for day in register_days(trust))


def _chosen(marks: tuple[SyntheticMark, ...] | list[SyntheticMark],
            only: MarkFilter | None) -> list[SyntheticMark]:
    return list(marks) if only is None else [mark for mark in marks if only(mark)]


def mark_batches(trust: Trust, batch_size: int,
                 only: MarkFilter | None = None) -> Iterator[list[SyntheticMark]]:
    """The trust's marks in time order, in batches that never span two days."""
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, got {batch_size}")
    for day in register_days(trust):
        marks = _chosen(day.marks, only)
        for start in range(0, len(marks), batch_size):
            yield marks[start:start + batch_size]


def send_marks(trust: Trust, send: Callable[[list[SyntheticMark]], None], batch_size: int,
               rate: float | None, clock: SimulatedClock | None,
               progress: Progress | None, total: int | None,
               only: MarkFilter | None = None) -> int:
    """Send every (chosen) batch in order, moving the clock and pacing; returns marks sent."""
    if progress is not None and total is None:
        total = count_marks(trust, only)
    pacer, sent = Pacer(rate), 0
    for batch in mark_batches(trust, batch_size, only):
        if clock is not None:
            clock.advance_to(batch[0].recorded_at)
        send(batch)
        sent += len(batch)
        if clock is not None:
            clock.advance_to(batch[-1].recorded_at)
        if progress is not None:
            progress(sent, total or sent)
        pacer.wait_for(sent)
    return sent


def json_bytes(document: object) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
