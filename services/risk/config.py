"""The risk worker's settings, read from the environment once at start-up.

RISK_DATABASE and RISK_PORT come from shared.config.RiskSettings; the rest are the
worker's own (RISK_APP_ID is the consumer group; topic names can be overridden so
tests and parallel environments never share a topic).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.risk.engine import PUPILS_AT_ONCE
from shared.config import KafkaSettings, MongoSettings, RiskSettings
from shared.contracts import topics


class RiskWorkerSettings(BaseSettings):
    """Consumer group, topics, batching and timers of a risk worker."""

    model_config = SettingsConfigDict(env_prefix="RISK_", extra="ignore")

    app_id: str = "risk"
    # Where faust keeps its local files; by default a folder per app id under the system
    # temp folder, never the working directory.
    data_dir: Path | None = None
    web_host: str = "127.0.0.1"
    marks_topic: str = topics.MARKS
    pupils_topic: str = topics.PUPILS
    schools_topic: str = topics.SCHOOLS
    signals_topic: str = topics.SIGNALS
    # Up to batch_size marks are applied together, waiting at most batch_within_s for them.
    # A pupil is written once per batch however many of its marks the batch holds, and on
    # FerretDB a write costs some milliseconds whatever it changes, so a backfill (every
    # pupil each day, days in order) goes as fast as its batches span days: a few
    # seconds of waiting gathers several days of a large trust. A live mark waits at most
    # batch_within_s before it is applied.
    batch_size: int = Field(default=50_000, ge=1)
    batch_within_s: float = Field(default=5.0, gt=0)
    # A batch's pupils are read, applied, written and published pupils_at_once at a time.
    # A pupil's state unpacks to some 100 kB by the end of a school year, so this bounds
    # the states held in memory (500: some 50-60 MB) however many pupils a batch touches;
    # each pupil is still written once per batch. On FerretDB up to 1,000 pupils are
    # read one index look-up each (see pupil_store.py), so groups of up to 1,000 cost
    # the store about the same as one read of the whole batch.
    pupils_at_once: int = Field(default=PUPILS_AT_ONCE, ge=1)
    # Outbox entries older than the grace were left by a worker that died after its write
    # (a live worker publishes within moments of its write landing).
    outbox_grace_s: float = Field(default=60.0, ge=0)
    # The sweep reads every pupil with a non-empty outbox (on FerretDB, the whole
    # collection): often enough to publish a crashed worker's leftovers within a minute
    # or two, rarely enough not to hold a backfill up.
    outbox_sweep_every_s: float = Field(default=60.0, gt=0)
    register_check_every_s: float = Field(default=60.0, gt=0)
    # Minutes after the morning register closes before absent pupils are signalled, so
    # marks taken just before the close have arrived.
    register_settle_minutes: float = Field(default=10.0, ge=0)
    # How soon a dead worker's partitions move to the others.
    session_timeout_s: float = Field(default=30.0, gt=0)


    @property
    def faust_data_dir(self) -> Path:
        """RISK_DATA_DIR, or "{temp}/{app_id}-data"."""
        return self.data_dir or Path(tempfile.gettempdir()) / f"{self.app_id}-data"


@dataclass(frozen=True)
class RiskConfig:
    """Everything a risk worker is configured with."""

    kafka: KafkaSettings
    mongo: MongoSettings
    risk: RiskSettings
    worker: RiskWorkerSettings

    @classmethod
    def from_environment(cls) -> RiskConfig:
        return cls(KafkaSettings(), MongoSettings(), RiskSettings(), RiskWorkerSettings())

    @property
    def topic_names(self) -> list[str]:
        worker = self.worker
        return [worker.marks_topic, worker.pupils_topic, worker.schools_topic,
                worker.signals_topic]
