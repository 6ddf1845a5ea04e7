"""What staff saw while loading pages: latencies summed up overall and per view.

Pure: timings in (milliseconds, by view label), figures out.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# A register page that takes longer than this feels slow to a member of staff; the
# bench's target is that 95% of requests are quicker.
TARGET_MS = 300


@dataclass(frozen=True)
class Timing:
    """One request: which view, how long from sending it to the whole body, and whether
    it failed (not a 200, or no answer)."""

    view: str
    ms: float
    failed: bool = False


@dataclass(frozen=True)
class Spread:
    """Latencies of a set of requests, in milliseconds."""

    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    slower_than_target: int

    @property
    def slower_share(self) -> float:
        return self.slower_than_target / self.requests

    def to_dict(self) -> dict[str, float | int]:
        return {"requests": self.requests, "failures": self.failures,
                "p50_ms": round(self.p50_ms, 1), "p95_ms": round(self.p95_ms, 1),
                "p99_ms": round(self.p99_ms, 1), "max_ms": round(self.max_ms, 1),
                f"share_slower_than_{TARGET_MS:g}_ms": round(self.slower_share, 3)}


@dataclass(frozen=True)
class LoadFigures:
    """The whole run (requests per second over its wall-clock seconds) and each view."""

    overall: Spread
    seconds: float
    by_view: dict[str, Spread]

    @property
    def requests(self) -> int:
        return self.overall.requests

    @property
    def p95_ms(self) -> float:
        return self.overall.p95_ms

    @property
    def per_second(self) -> float:
        return self.overall.requests / self.seconds

    def to_dict(self) -> dict[str, object]:
        return {**self.overall.to_dict(), "seconds": round(self.seconds, 1),
                "requests_per_s": round(self.per_second, 1),
                "views": len(self.by_view),
                "view_mix": {view: spread.to_dict() for view, spread in self.by_view.items()}}


def spread_of(timings: Sequence[Timing]) -> Spread:
    """Percentiles as statistics.quantiles cuts them (one request is its own p50..p99)."""
    if not timings:
        raise ValueError("no request finished, so there are no latencies to report")
    latencies = [t.ms for t in timings]
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return Spread(len(latencies), sum(t.failed for t in timings), cuts[49], cuts[94],
                  cuts[98], max(latencies), sum(ms > TARGET_MS for ms in latencies))


def load_figures(timings: Sequence[Timing], seconds: float, views: Sequence[str] = ()
                 ) -> LoadFigures:
    """Overall and per view: `views` first, in their order, then any other asked for."""
    by_view: dict[str, list[Timing]] = {view: [] for view in views}
    for timing in timings:
        by_view.setdefault(timing.view, []).append(timing)
    return LoadFigures(spread_of(timings), seconds,
                       {view: spread_of(own) for view, own in by_view.items() if own})
