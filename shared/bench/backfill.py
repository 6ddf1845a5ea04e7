"""The backfill phase: a year of a trust's marks pushed through the HTTP intake and the
risk service, timed from the first request until risk has committed the last mark."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from shared.bench.lag import wait_for_zero_lag
from shared.contracts.topics import MARKS
from shared.simulator.model import Trust
from shared.simulator.stream import stream_http


@dataclass(frozen=True)
class BackfillFigures:
    marks: int
    accepted: int
    intake_seconds: float
    end_to_end_seconds: float

    @property
    def intake_rate(self) -> float:
        return self.accepted / self.intake_seconds

    @property
    def end_to_end_rate(self) -> float:
        return self.accepted / self.end_to_end_seconds


def run_backfill(trust: Trust, ingest_url: str, token: str, bootstrap: str, risk_group: str,
                 total: int, progress: Callable[[int, int], None] | None = None,
                 timeout_s: float = 3600.0) -> BackfillFigures:
    began = time.monotonic()
    report = stream_http(trust, ingest_url, token, total=total, batch_size=1000,
                         progress=progress, timeout=120.0)
    intake_done = time.monotonic()
    finished = wait_for_zero_lag(bootstrap, risk_group, MARKS, timeout_s)
    return BackfillFigures(report.marks, report.accepted, intake_done - began,
                           finished - began)
