"""A service stops its background tasks at shutdown, even one that lost a cancellation."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import pytest

from shared.infra.tasks import stop_tasks


async def _loop_that_swallows_the_first_cancellation(rounds: list[int]) -> None:
    """What a dispatch loop does when the store driver's wait_for loses a cancellation."""
    swallowed = False
    while True:
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if swallowed:
                raise
            swallowed = True
        rounds.append(1)


async def _refuses_to_stop(released: asyncio.Event) -> None:
    while not released.is_set():
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(0.01)


async def test_a_loop_that_lost_its_cancellation_is_still_stopped() -> None:
    rounds: list[int] = []
    task = asyncio.create_task(_loop_that_swallows_the_first_cancellation(rounds))
    await asyncio.sleep(0.05)
    await asyncio.wait_for(stop_tasks([task], grace_s=5), timeout=10)
    assert task.cancelled()


async def test_a_task_that_never_stops_is_left_behind_with_a_warning_after_the_grace(
        caplog: pytest.LogCaptureFixture) -> None:
    released = asyncio.Event()
    stubborn = asyncio.create_task(_refuses_to_stop(released), name="stubborn feed")
    polite = asyncio.create_task(asyncio.sleep(60), name="polite feed")
    with caplog.at_level(logging.WARNING):
        await asyncio.wait_for(stop_tasks([stubborn, polite], grace_s=0.3), timeout=5)
    assert polite.cancelled() and not stubborn.done()
    assert "stubborn feed did not stop within 0.3 s" in caplog.text
    released.set()  # tidy up, so the test's event loop can close
    await stubborn


async def test_an_error_a_task_ended_with_is_logged_not_raised(
        caplog: pytest.LogCaptureFixture) -> None:
    async def fails() -> None:
        raise ConnectionError("the broker went away")
    failed = asyncio.create_task(fails(), name="office feed")
    await asyncio.sleep(0)
    with caplog.at_level(logging.WARNING):
        await stop_tasks([failed], grace_s=1)
    assert "office feed ended with ConnectionError while stopping" in caplog.text
