"""Composition root: MongoDB, Kafka, the sender (Twilio or outbox) and the clock.

Nothing connects at import: `running_service` builds the clients when the app starts,
runs the consumer and the dispatcher as tasks, and stops them all on exit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiokafka import AIOKafkaProducer
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError
from twilio.request_validator import RequestValidator

from services.comms.app import CommsService
from services.comms.commands import CommandDeps
from services.comms.consumer import CommsConsumer, CommsTopics, ConsumerDeps
from services.comms.dispatch import SendDeps, send_due, settle_abandoned_sends
from services.comms.handlers import SignalDeps
from services.comms.jobs import JobDeps, run_due_jobs
from services.comms.letter_cadence import CadenceDeps, run_letter_cadence
from services.comms.letter_jobs import LetterJobDeps, run_july_letters
from services.comms.mongo_cohorts import MongoCohorts
from services.comms.mongo_day_marks import MongoDayMarks
from services.comms.mongo_deliveries import MongoDeliveries
from services.comms.mongo_letters import MongoLetters
from services.comms.mongo_staff import MongoStaffRecords
from services.comms.mongo_stores import MongoDirectory, MongoOptOuts, MongoReplies
from services.comms.office import OfficeDeps
from services.comms.ports import Clock, TextSender, wall_clock
from services.comms.publisher import EventPublisher, KafkaEventSink, publish_forever
from services.comms.senders import OutboxSender, TwilioSender
from services.comms.settings import CommsSettings
from services.comms.webhooks import WebhookDeps
from shared.config import KafkaSettings, MongoSettings
from shared.infra.mongo import create_client
from shared.infra.tasks import stop_tasks
from shared.infra.topics import ensure_topics

log = logging.getLogger(__name__)


def choose_sender(settings: CommsSettings, database: AsyncDatabase[dict[str, Any]],
                  clock: Clock) -> TextSender:
    """Twilio when its credentials are set, otherwise the outbox (the demo default)."""
    if not settings.twilio_configured:
        return OutboxSender(database, clock)
    return TwilioSender(settings.twilio_account_sid,
                        settings.twilio_auth_token.get_secret_value(), settings.twilio_from,
                        settings.status_callback_url(), settings.twilio_base_url or None)


async def dispatch_forever(deps: SendDeps, jobs: JobDeps, letter_jobs: LetterJobDeps,
                           cadence: CadenceDeps, clock: Clock, every_seconds: float) -> None:
    """Run the scheduled jobs, send what is due on the clock, and settle sends a dead
    process left behind."""
    while True:
        try:
            now = clock()
            await settle_abandoned_sends(deps.deliveries, now)
            await run_due_jobs(jobs, now)
            await run_july_letters(letter_jobs, now)
            await run_letter_cadence(cadence, now)
            await send_due(deps, now)
        except PyMongoError as error:
            log.warning("dispatch paused: the store did not answer (%s)", type(error).__name__)
        await asyncio.sleep(every_seconds)


@asynccontextmanager
async def running_service(settings: CommsSettings, kafka: KafkaSettings,
                          mongo: MongoSettings, clock: Clock = wall_clock,
                          ) -> AsyncIterator[CommsService]:
    """Start the adapters, the consumer (unless switched off) and the dispatcher."""
    topics = CommsTopics(settings.schools_topic, settings.pupils_topic, settings.marks_topic,
                         settings.signals_topic, settings.office_topic, settings.commands_topic)
    await asyncio.to_thread(ensure_topics, (*topics.in_order(), settings.events_topic), kafka)
    client = create_client(mongo)
    database = client[settings.database]
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap_servers, acks="all",
                                enable_idempotence=True, client_id="attendance-comms")
    deliveries, letters = MongoDeliveries(database), MongoLetters(database)
    directory, day_marks = MongoDirectory(database), MongoDayMarks(database)
    opt_outs, cohorts = MongoOptOuts(database), MongoCohorts(database)
    staff = MongoStaffRecords(database)
    publisher = EventPublisher(database, KafkaEventSink(producer, settings.events_topic))
    try:
        for store in (deliveries, letters, directory, cohorts, staff, publisher):
            await store.create_indexes()
        await producer.start()
        send = SendDeps(deliveries, choose_sender(settings, database, clock), directory,
                        day_marks, opt_outs)
        consumer = CommsConsumer(
            ConsumerDeps(SignalDeps(deliveries, letters, directory, day_marks, opt_outs,
                                    cohorts), directory, day_marks,
                         OfficeDeps(directory, letters, staff),
                         CommandDeps(letters, deliveries, staff), clock),
            topics, kafka, settings.consumer_group)
        token = settings.twilio_auth_token.get_secret_value()
        webhooks = WebhookDeps(deliveries, directory, opt_outs, MongoReplies(database),
                               RequestValidator(token) if token else None,
                               settings.public_base_url, clock)
        jobs = JobDeps(cohorts, directory, deliveries, opt_outs, staff)
        letter_jobs = LetterJobDeps(cohorts, directory, letters)
        cadence = CadenceDeps(cohorts, cohorts, directory, letters)
        tasks = [asyncio.create_task(dispatch_forever(
            send, jobs, letter_jobs, cadence, clock, settings.dispatch_every_seconds)),
            asyncio.create_task(publish_forever(publisher, settings.publish_every_seconds))]
        if settings.consume:
            tasks.append(asyncio.create_task(consumer.run(), name="comms-consumer"))

        async def healthy() -> bool:
            try:
                await client.admin.command("ping")
            except PyMongoError:
                return False
            return not any(task.done() for task in tasks)

        try:
            yield CommsService(webhooks, healthy)
        finally:
            await stop_tasks(tasks)
    finally:
        await producer.stop()
        await client.close()

