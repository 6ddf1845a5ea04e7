"""The backfill phase: a year of a trust's marks pushed through the Kafka intake
(`mis.marks.v1`, as an MIS backfill would send them: day by day, every pupil each day,
in large produce batches) and on through ingest and the risk service, timed from the
first mark produced until risk has committed the last one.

School settings and the roster go first through the HTTP intake (the intake checks each
mark against the pupil's roll); they are not timed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from shared.bench.lag import wait_for_zero_lag
from shared.simulator.model import Trust
from shared.simulator.stream import stream_kafka
from shared.simulator.wire import pupil_record, school_settings

# Marks per produce batch (flushed before the next, so a pupil's marks stay in order).
PRODUCE_BATCH = 20_000


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


@dataclass(frozen=True)
class BackfillRoute:
    """Where the backfill goes in and which consumer groups must have read it all."""

    bootstrap: str
    mis_topic: str
    ingest_group: str
    marks_topic: str
    risk_group: str


def send_roster(trust: Trust, ingest_url: str, token: str, per_request: int = 500) -> None:
    """Each school's settings and every pupil, through the HTTP intake."""
    with httpx.Client(base_url=ingest_url, timeout=120.0,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        for school in trust.schools:
            client.put(f"/v1/schools/{school.urn}",
                       json=school_settings(school, trust.settings_updated_at)
                       ).raise_for_status()
        records = [pupil_record(p, trust.settings_updated_at) for p in trust.pupils]
        for start in range(0, len(records), per_request):
            client.post("/v1/pupils",
                        json={"pupils": records[start:start + per_request]}).raise_for_status()


def run_backfill(trust: Trust, route: BackfillRoute, total: int,
                 progress: Callable[[int, int], None] | None = None,
                 timeout_s: float = 3600.0) -> BackfillFigures:
    """Produce the trust's marks to the MIS topic; wait until ingest, then risk, read all."""
    began = time.monotonic()
    report = stream_kafka(trust, route.bootstrap, topic=route.mis_topic, progress=progress,
                          batch_size=PRODUCE_BATCH, total=total)
    intake_done = time.monotonic()
    wait_for_zero_lag(route.bootstrap, route.ingest_group, route.mis_topic, timeout_s)
    finished = wait_for_zero_lag(route.bootstrap, route.risk_group, route.marks_topic,
                                 timeout_s - (time.monotonic() - began))
    return BackfillFigures(report.marks, report.accepted, intake_done - began,
                           finished - began)
