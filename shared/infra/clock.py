"""The services' clock: the wall clock in production, a simulated one for the demo.

Time is an input (DESIGN.md 3.7): scheduled actions - golden hour, the 10:30 call
deadline, the 15:00 register check, end-of-day and Thursday-evening texts, the letter
batches - fire from this clock. When ATTENDANCE_CLOCK_FILE names a file, every service
reads the simulated time from it (an ISO 8601 timestamp with its offset), so the demo
can walk a whole week through all of them at once; production never sets it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

Clock = Callable[[], datetime]
CLOCK_FILE_ENV = "ATTENDANCE_CLOCK_FILE"


def wall_clock() -> datetime:
    return datetime.now(UTC)


class FileClock:
    """Reads the simulated time from a file, again only when the file has changed."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stamp: int | None = None
        self._now: datetime | None = None

    def __call__(self) -> datetime:
        stamp = self._path.stat().st_mtime_ns
        if stamp != self._stamp or self._now is None:
            self._now = read_clock_file(self._path)
            self._stamp = stamp
        return self._now


def read_clock_file(path: Path) -> datetime:
    text = path.read_text().strip()
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"the clock file {path} holds {text!r}, a time without its UTC "
                         "offset; write it as e.g. 2026-10-05T07:30:00+01:00")
    return moment


def set_clock_file(path: Path, moment: datetime) -> None:
    """Move the simulated clock (atomically, so a reader never sees half a timestamp)."""
    if moment.tzinfo is None:
        raise ValueError("the simulated clock needs a timezone-aware time")
    partial = path.with_suffix(".partial")
    partial.write_text(moment.isoformat())
    os.replace(partial, path)


def clock_from_environment() -> Clock:
    """The simulated clock when ATTENDANCE_CLOCK_FILE is set, else the wall clock."""
    configured = os.environ.get(CLOCK_FILE_ENV)
    if not configured:
        return wall_clock
    path = Path(configured)
    read_clock_file(path)  # refuse to start on a missing or unreadable clock file
    return FileClock(path)
