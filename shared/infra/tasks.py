"""Stopping a service's background tasks at shutdown, even when a cancellation is lost.

On Python 3.11, `asyncio.wait_for` (which the MongoDB driver uses for every socket write)
can swallow a cancellation that arrives just as the operation it waits for completes:
the task carries on as if nothing had happened, and a loop such as "send what is due,
sleep, repeat" then runs for ever. A shutdown that cancels once and waits would hang.
So the tasks are cancelled again until they stop, and one that still has not stopped
after the grace period is left behind with a warning rather than holding the process.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection
from typing import Any

log = logging.getLogger(__name__)

GRACE_S = 15.0
RECANCEL_EVERY_S = 0.5


async def stop_tasks(tasks: Collection[asyncio.Task[Any]], grace_s: float = GRACE_S) -> None:
    """Cancel `tasks` (again every half second) until all have ended or `grace_s` passes.

    Errors the tasks ended with are logged, not raised: the service is stopping anyway.
    """
    pending = set(tasks)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace_s
    while pending and loop.time() < deadline:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(
            pending, timeout=min(RECANCEL_EVERY_S, max(deadline - loop.time(), 0)))
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            log.warning("task %s ended with %s while stopping", task.get_name(),
                        type(task.exception()).__name__)
    for task in pending:
        log.warning("task %s did not stop within %g s; shutting down without it",
                    task.get_name(), grace_s)

