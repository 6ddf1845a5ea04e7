"""The records parts as the composition root starts them: the office log on the web
database, the office feed following its topics, and the publisher for forms."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from pymongo.asynchronous.database import AsyncDatabase

from services.web.following import RETRY_SECONDS
from services.web.records import (
    concern_routes,
    history_routes,
    letter_routes,
    outbox_routes,
    record_routes,
)
from services.web.records.feed import OfficeFeed
from services.web.records.mongo_log import MongoOfficeLog
from services.web.records.publisher import KafkaOfficePublisher
from services.web.records.settings import OfficeFeedSettings
from shared.config import KafkaSettings
from shared.infra.tasks import stop_tasks

logger = logging.getLogger(__name__)
# The pupil page's timeline is added by history_routes.history_for_pupil_page, a
# dependency of the staff pages' router.
ROUTERS: tuple[APIRouter, ...] = (record_routes.router, record_routes.api_router,
                                  history_routes.router, outbox_routes.router,
                                  letter_routes.router, concern_routes.router)


@dataclass(frozen=True)
class OfficeParts:
    log: MongoOfficeLog
    publisher: KafkaOfficePublisher
    feed: OfficeFeed


@asynccontextmanager
async def office_parts(database: AsyncDatabase[dict[str, Any]], kafka: KafkaSettings,
                       settings: OfficeFeedSettings) -> AsyncIterator[OfficeParts]:
    """Start the feed and the publisher (each retries until Kafka answers); stop both."""
    log = MongoOfficeLog(database)
    parts = OfficeParts(log, KafkaOfficePublisher(kafka, settings),
                        OfficeFeed(log, kafka, settings))
    tasks = [asyncio.create_task(parts.feed.run(), name="office feed"),
             asyncio.create_task(_start_publisher(parts.publisher), name="office publisher")]
    try:
        yield parts
    finally:
        await stop_tasks(tasks)
        await parts.publisher.stop()


async def _start_publisher(publisher: KafkaOfficePublisher) -> None:
    for attempt in itertools.count():
        try:
            await publisher.start()
            return
        except Exception as error:
            delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
            logger.warning("office publisher cannot reach Kafka (%s); retrying in %.1fs",
                           type(error).__name__, delay)
            await asyncio.sleep(delay)
