"""Keeping the worker going: retry while the store or broker is away, skip what never applies.

Faust acknowledges a batch taken with `stream.take` once the agent's body returns, even
if it raised, so a batch must never fail silently: infrastructure errors are retried
until they pass, and a message that can never be applied (a bug, not an outage) is
isolated and skipped so it cannot stall its partition.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from aiokafka.errors import KafkaError
from pymongo.errors import PyMongoError

log = logging.getLogger(__name__)

OUTAGES: tuple[type[BaseException], ...] = (
    PyMongoError, KafkaError, OSError, asyncio.TimeoutError)
_FIRST_DELAY_S, _LONGEST_DELAY_S = 0.5, 30.0

Apply = Callable[[list[Any]], Awaitable[object]]


async def retried(apply: Apply, messages: list[Any]) -> None:
    """Apply, retrying with back-off for as long as the store or broker is unavailable."""
    delay = _FIRST_DELAY_S
    while True:
        try:
            await apply(messages)
            return
        except OUTAGES as error:
            log.warning("store or broker unavailable (%s); retrying in %.1fs",
                        type(error).__name__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, _LONGEST_DELAY_S)


async def applied(apply: Apply, messages: Sequence[Any]) -> None:
    """Apply a batch; if it cannot be applied, apply its messages one by one, skipping
    (and logging by position, never by content) those that fail."""
    batch = list(messages)
    try:
        await retried(apply, batch)
        return
    except Exception as error:
        log.error("a batch of %d messages could not be applied (%s); applying them one by one",
                  len(batch), type(error).__name__)
    for position, message in enumerate(batch):
        try:
            await retried(apply, [message])
        except Exception as error:
            log.error("skipped message %d of the batch: it cannot be applied (%s)", position,
                      type(error).__name__)


@asynccontextmanager
async def logged_failures(task: str) -> AsyncIterator[None]:
    """Log a periodic task's failure instead of letting it stop the worker; it runs again."""
    try:
        yield
    except Exception as error:
        log.warning("%s failed (%s); it will run again", task, type(error).__name__)
