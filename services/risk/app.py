"""The risk worker's composition root: one faust app, its agents, timers and health page.

Nothing connects at import: `create_app` is called by `python -m services.risk` at
start-up with the settings and the one MongoDB client of the process.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import faust
from pymongo import AsyncMongoClient

from services.risk.config import RiskConfig
from services.risk.engine import RiskEngine
from services.risk.events import decoded
from services.risk.kafka_signals import FaustSignalPublisher, KafkaSignalLog
from services.risk.outbox import sweep_outbox
from services.risk.pupil_store import MongoPupilStore
from services.risk.resilience import applied, logged_failures
from services.risk.school_store import MongoSchoolStore

log = logging.getLogger(__name__)

_SETTINGS_BATCH = 50
_HEALTH_TIMEOUT_S = 2.0


def utc_now() -> datetime:
    """The wall clock (the only one in the service; the domain takes dates as arguments)."""
    return datetime.now(UTC)


def _faust_app(config: RiskConfig) -> faust.App:
    worker = config.worker
    return faust.App(
        worker.app_id,
        broker=f"kafka://{config.kafka.bootstrap_servers}",
        store="memory://",
        autodiscover=False,
        web_host=worker.web_host,
        web_port=config.risk.port,
        topic_partitions=config.kafka.topic_partitions,
        broker_session_timeout=worker.session_timeout_s,
        broker_heartbeat_interval=min(3.0, worker.session_timeout_s / 3),
        consumer_auto_offset_reset="earliest",
    )


def create_app(config: RiskConfig, client: AsyncMongoClient[dict[str, Any]],
               now: Callable[[], datetime] = utc_now) -> faust.App:
    """The risk worker: marks, roster and school settings in; signals out."""
    app, worker = _faust_app(config), config.worker
    database = client[config.risk.database]
    pupils, schools = MongoPupilStore(database), MongoSchoolStore(database)

    def topic(name: str) -> faust.TopicT:
        return app.topic(name, key_serializer="raw", value_serializer="raw")

    publisher = FaustSignalPublisher(topic(worker.signals_topic))
    engine = RiskEngine(pupils, schools, publisher, now)
    ready = asyncio.Event()

    @app.agent(topic(worker.marks_topic), name="risk.marks")
    async def apply_marks(stream: faust.StreamT[Any]) -> None:
        async for batch in stream.take(worker.batch_size, within=worker.batch_within_s):
            await applied(engine.record_marks, decoded(batch))

    @app.agent(topic(worker.pupils_topic), name="risk.roster")
    async def apply_roster(stream: faust.StreamT[Any]) -> None:
        async for batch in stream.take(worker.batch_size, within=worker.batch_within_s):
            await applied(engine.record_roster, decoded(batch))

    @app.agent(topic(worker.schools_topic), name="risk.schools")
    async def keep_school_settings(stream: faust.StreamT[Any]) -> None:
        async for batch in stream.take(_SETTINGS_BATCH, within=worker.batch_within_s):
            for message in decoded(batch):
                await applied(lambda one: schools.save_settings(one[0]), [message])

    @app.task
    async def prepare() -> None:
        await pupils.collection.create_index("school_urn")
        ready.set()

    signal_log = KafkaSignalLog(config.kafka.bootstrap_servers, worker.signals_topic)

    @app.timer(worker.outbox_sweep_every_s, on_leader=True)
    async def sweep() -> None:
        async with logged_failures("outbox sweep"):
            await sweep_outbox(pupils, publisher, signal_log, now(),
                               timedelta(seconds=worker.outbox_grace_s))

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        try:
            await asyncio.wait_for(client.admin.command("ping"), _HEALTH_TIMEOUT_S)
        except Exception:  # any failure means "not healthy", whatever its kind
            return web.json({"status": "unavailable", "mongodb": "no answer"}, status=503)
        if not ready.is_set():
            return web.json({"status": "starting"}, status=503)
        return web.json({"status": "ok"})

    return app
