"""Marks arriving while staff load pages, as on a school morning while registers are taken.

The bench's school is simulated over its history weeks and on past them. The history is
fed before the run; the marks recorded after it (the next school day's registers, late
arrivals and the office's corrections, in the order they were recorded) are sent during
the run at a steady rate, so the web's read model moves on and its register caches are
rebuilt as in real use.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta

from shared.simulator.model import SyntheticMark, Trust
from shared.simulator.registers import RegisterDay, register_days
from shared.simulator.trust import generate_trust

# Weeks past the history tried at most when looking for enough later school days (the
# history may end just before a half-term or the summer holiday).
MOST_EXTRA_WEEKS = 12


def history_end(start: date, weeks: int) -> date:
    """The last day of `weeks` weeks from `start`."""
    return start + timedelta(days=7 * weeks - 1)


def trust_with_later_days(seed: int, pupils: int, weeks: int, start: date,
                          marks_wanted: int) -> Trust:
    """One school simulated over `weeks` weeks of history and on far enough past them
    to hold `marks_wanted` later marks (each school day holds two per pupil on roll).

    Raises ValueError when not even MOST_EXTRA_WEEKS weeks more are enough.
    """
    # A school day holds about two marks a pupil; counting one leaves room for pupils
    # who have left or are not yet admitted.
    days_wanted = max(1, math.ceil(marks_wanted / pupils))
    last = history_end(start, weeks)
    for extra in range(1, MOST_EXTRA_WEEKS + 1):
        trust = generate_trust(seed, 1, pupils, weeks + extra, start)
        calendar = trust.schools[0].calendar
        if len(calendar.school_days(last + timedelta(days=1), trust.last_day)) >= days_wanted:
            return trust
    raise ValueError(f"{marks_wanted} marks need {days_wanted} school days after "
                     f"{last.isoformat()}, more than the next {MOST_EXTRA_WEEKS} weeks hold; "
                     "ask for fewer marks per second or seconds, or another --start")


class RegisterStream:
    """The trust's marks in the order recorded, split at the end of the history: the
    history first (in batches that never span two days), then what came later."""

    def __init__(self, trust: Trust, last_history_day: date) -> None:
        self._days = register_days(trust)
        self._last = last_history_day
        self._first_later: RegisterDay | None = None
        self._history_sent = False

    def history(self, batch_size: int) -> Iterator[list[SyntheticMark]]:
        if batch_size < 1:
            raise ValueError(f"batch size must be at least 1, got {batch_size}")
        for day in self._days:
            if day.date > self._last:
                self._first_later = day
                break
            for begin in range(0, len(day.marks), batch_size):
                yield list(day.marks[begin:begin + batch_size])
        self._history_sent = True

    def later(self, count: int) -> list[SyntheticMark]:
        """The first `count` marks recorded after the history (fewer if the simulated
        weeks end first)."""
        if not self._history_sent:
            raise RuntimeError("send the whole history first: later marks follow it")
        marks = list(self._first_later.marks) if self._first_later else []
        for day in self._days:
            if len(marks) >= count:
                break
            marks.extend(day.marks)
        return marks[:count]


class MarkTrickle:
    """Sends marks one by one at `rate` a second on a thread of its own, from start()
    until stop() or the marks run out. A rate of 0 sends nothing."""

    def __init__(self, marks: Sequence[SyntheticMark], rate: float,
                 send: Callable[[SyntheticMark], None]) -> None:
        if rate < 0:
            raise ValueError(f"marks per second must be 0 or more, got {rate}")
        self._marks, self._rate, self._send = marks, rate, send
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._began = self._ended = 0.0
        self.sent = 0

    @property
    def ran_out(self) -> bool:
        """True when every mark was sent before the trickle was stopped."""
        return self._rate > 0 and self.sent == len(self._marks)

    @property
    def seconds(self) -> float:
        return self._ended - self._began

    def start(self) -> None:
        self._began = self._ended = time.monotonic()
        if self._rate > 0:
            self._thread = threading.Thread(target=self._run, name="mark-trickle",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> int:
        """Stop sending; the number of marks sent. Raises what stopped the thread early."""
        if self._stopping.is_set():
            return self.sent
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
        self._ended = time.monotonic()
        if self._failure is not None:
            raise RuntimeError(f"sending marks stopped after {self.sent}: "
                               f"{self._failure}") from self._failure
        return self.sent

    def _run(self) -> None:
        try:
            for mark in self._marks:
                # Due times follow the start, so a slow send is caught up, not dropped.
                due = self._began + self.sent / self._rate
                if self._stopping.wait(max(0.0, due - time.monotonic())):
                    return
                self._send(mark)
                self.sent += 1
        except Exception as error:  # reported by stop(), on the caller's thread
            self._failure = error
