"""kill -9 in the middle of a backfill, and two workers sharing (then handing over) the work."""

from __future__ import annotations

import pytest

from tests.integration.risk.harness import PARTITIONS, RiskDeployment, wait_for
from tests.integration.risk.scenario import (
    backfill,
    expected_figures,
    expected_signal_ids,
    stored_figures,
)

pytestmark = pytest.mark.infra


def assert_exact(deployment: RiskDeployment, messages: list[dict[str, object]]) -> None:
    """Counts equal the kernel's; every signal on the topic once, none missing."""
    assert stored_figures(deployment.states()) == expected_figures(messages)  # type: ignore[arg-type]
    ids = [signal["signal_id"] for signal in deployment.signals_published()]
    assert len(ids) == len(set(ids)), "a signal was published twice"
    assert set(ids) == expected_signal_ids(messages)  # type: ignore[arg-type]


def test_a_worker_killed_in_the_middle_of_a_backfill_loses_nothing_and_duplicates_nothing(
        deployment: RiskDeployment) -> None:
    deployment.settings["RISK_BATCH_SIZE"] = "60"
    messages = backfill(pupils=30, days=40)
    worker = deployment.start_worker("killed")
    deployment.produce_marks(messages)
    # Killed once some marks are committed and others not: mid-backfill for real.
    wait_for(lambda: deployment.lag() < len(messages), 30, "a first commit of the backfill")
    worker.kill_9()
    assert deployment.lag() > 0, "the backfill finished before the kill: make it longer"
    deployment.start_worker("restarted")
    deployment.wait_until_processed(timeout=50)
    assert_exact(deployment, messages)


def test_two_workers_share_the_partitions_and_one_stopping_hands_its_share_to_the_other(
        deployment: RiskDeployment) -> None:
    first = backfill(pupils=20, days=8)
    one = deployment.start_worker("one")
    deployment.start_worker("two")
    wait_for(lambda: len(deployment.members()) == 2, 30, "both workers to join the group")
    deployment.produce_marks(first)
    deployment.wait_until_processed()
    shares = deployment.members()
    assert all(shares) and set().union(*shares) == set(range(PARTITIONS))
    assert_exact(deployment, first)

    one.stop()
    wait_for(lambda: deployment.members() == [set(range(PARTITIONS))], 30,
             "the remaining worker to take every partition")
    more = backfill(pupils=20, days=4, skip_days=8)
    deployment.produce_marks(more)
    deployment.wait_until_processed()
    assert_exact(deployment, first + more)
