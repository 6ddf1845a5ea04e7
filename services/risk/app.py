"""The risk worker's composition root: one faust app, its agents, timers and health page.

Nothing connects at import: `create_app` is called by `python -m services.risk` at
start-up with the settings and the one MongoDB client of the process.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import faust
from pymongo import AsyncMongoClient

from services.risk.config import RiskConfig
from services.risk.engine import RiskEngine
from services.risk.events import decoded
from services.risk.kafka_signals import FaustSignalPublisher, KafkaSignalLog
from services.risk.outbox import sweep_outbox
from services.risk.ownership import partition_of
from services.risk.pupil_store import MongoPupilStore
from services.risk.register import SCHOOL_TIME, check_register
from services.risk.resilience import applied, logged_failures, retried
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
        datadir=str(worker.faust_data_dir),
        web_host=worker.web_host,
        web_bind=worker.web_host,
        web_port=config.risk.port,
        topic_partitions=config.kafka.topic_partitions,
        broker_session_timeout=worker.session_timeout_s,
        broker_heartbeat_interval=min(3.0, worker.session_timeout_s / 3),
        consumer_auto_offset_reset="earliest",
    )


@dataclass
class Wiring:
    """What the agents, timers and health page of one worker share."""

    app: faust.App
    config: RiskConfig
    client: AsyncMongoClient[dict[str, Any]]
    engine: RiskEngine
    pupils: MongoPupilStore
    schools: MongoSchoolStore
    publisher: FaustSignalPublisher
    now: Callable[[], datetime]
    marks_partitions: int
    ready: asyncio.Event = field(default_factory=asyncio.Event)

    def topic(self, name: str) -> faust.TopicT:
        return self.app.topic(name, key_serializer="raw", value_serializer="raw")

    def owns(self, key: str) -> bool:
        """Whether this worker holds the marks partition of a pupil's key right now."""
        try:
            assigned = self.app.consumer.assignment()
        except Exception:  # not started or mid-rebalance: own nothing for now
            return False
        mine = {tp.partition for tp in assigned if tp.topic == self.config.worker.marks_topic}
        return partition_of(key, self.marks_partitions) in mine


def create_app(config: RiskConfig, client: AsyncMongoClient[dict[str, Any]],
               marks_partitions: int, now: Callable[[], datetime] = utc_now) -> faust.App:
    """The risk worker: marks, roster and school settings in; signals out.

    `marks_partitions` is the partition count of the marks topic (to tell which pupils
    this worker owns).
    """
    wiring = wired(config, client, marks_partitions, now)
    _agents(wiring)
    _outbox_timers(wiring)
    _register_timer(wiring)
    _health(wiring)
    return wiring.app


def wired(config: RiskConfig, client: AsyncMongoClient[dict[str, Any]],
          marks_partitions: int, now: Callable[[], datetime] = utc_now) -> Wiring:
    """The worker's parts, built from its settings (nothing connects yet)."""
    app = _faust_app(config)
    database = client[config.risk.database]
    one_at_a_time = asyncio.Lock()  # one operation at a time on the database (FerretDB)
    pupils = MongoPupilStore(database, one_at_a_time)
    schools = MongoSchoolStore(database, one_at_a_time)
    publisher = FaustSignalPublisher(
        app.topic(config.worker.signals_topic, key_serializer="raw", value_serializer="raw"))
    engine = RiskEngine(pupils, schools, publisher, now, config.worker.pupils_at_once)
    return Wiring(app, config, client, engine, pupils, schools, publisher, now,
                  marks_partitions)


def _agents(w: Wiring) -> None:
    settings = w.config.worker
    size, within = settings.batch_size, settings.batch_within_s

    @w.app.agent(w.topic(settings.marks_topic), name="risk.marks")
    async def apply_marks(stream: faust.StreamT[Any]) -> None:
        async for batch in stream.take(size, within=within):
            # Raw: decoded one at a time into marks (see events.json_values).
            await applied(w.engine.record_marks, batch)

    @w.app.agent(w.topic(settings.pupils_topic), name="risk.roster")
    async def apply_roster(stream: faust.StreamT[Any]) -> None:
        async for batch in stream.take(size, within=within):
            await applied(w.engine.record_roster, batch)

    @w.app.agent(w.topic(settings.schools_topic), name="risk.schools")
    async def keep_school_settings(stream: faust.StreamT[Any]) -> None:
        async for batch in stream.take(_SETTINGS_BATCH, within=within):
            for message in decoded(batch):
                await applied(lambda one: w.schools.save_settings(one[0]), [message])

    @w.app.task
    async def prepare() -> None:
        await retried(lambda _: w.pupils.prepare(), [])
        w.ready.set()


def _outbox_timers(w: Wiring) -> None:
    settings = w.config.worker
    signal_log = KafkaSignalLog(w.config.kafka.bootstrap_servers, settings.signals_topic)
    grace = timedelta(seconds=settings.outbox_grace_s)

    # Every worker sweeps the outboxes of the pupils it owns (after a crash or a
    # rebalance, the new owner publishes what the old one could not).
    @w.app.timer(settings.outbox_sweep_every_s)
    async def sweep() -> None:
        async with logged_failures("outbox sweep"):
            await w.engine.clear_published(w.now() - grace)
            await sweep_outbox(w.pupils, w.publisher, signal_log, w.now(), grace,
                               w.engine.in_flight, w.owns)



def _register_timer(w: Wiring) -> None:
    settings = w.config.worker
    settle = timedelta(minutes=settings.register_settle_minutes)
    checked: set[tuple[str, date]] = set()

    # Each worker checks the pupils it owns, once a school a day: the checks are
    # idempotent, but loading a whole school every minute is not free.
    @w.app.timer(settings.register_check_every_s)
    async def registers_closed() -> None:
        async with logged_failures("register check"):
            moment = w.now()
            today = moment.astimezone(SCHOOL_TIME).date()
            for urn in await w.schools.school_urns():
                if (urn, today) not in checked and await check_register(
                        w.engine, urn, today, moment, settle, w.owns) is not None:
                    checked.add((urn, today))

    @w.app.on_partitions_assigned.connect
    async def check_new_pupils(app: Any, /, *_: Any, signal: Any, **__: Any) -> None:
        checked.clear()


def _health(w: Wiring) -> None:
    @w.app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        try:
            await asyncio.wait_for(w.client.admin.command("ping"), _HEALTH_TIMEOUT_S)
        except Exception:  # any failure means "not healthy", whatever its kind
            return web.json({"status": "unavailable", "mongodb": "no answer"}, status=503)
        if not w.ready.is_set():
            return web.json({"status": "starting"}, status=503)
        return web.json({"status": "ok"})
