"""The simulated clock: tests and the demo set the time; production uses the wall clock
(services.comms.ports.wall_clock)."""

from __future__ import annotations

from datetime import datetime, timedelta


class SimulatedClock:
    """A clock that only moves when told, so a whole term replays with the same results."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the simulated clock needs a timezone-aware start time")
        self._now = start

    def __call__(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now
