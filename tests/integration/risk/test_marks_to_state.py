"""A real risk worker on the real broker and store: marks in, state and signals out."""

from __future__ import annotations

import pytest

from tests.integration.risk.harness import RiskDeployment
from tests.integration.risk.scenario import (
    backfill,
    expected_figures,
    expected_signal_ids,
    stored_figures,
)

pytestmark = pytest.mark.infra


def test_marks_produced_to_the_marks_topic_end_up_in_state_with_the_kernels_counts(
        deployment: RiskDeployment) -> None:
    messages = backfill(pupils=12, days=10)
    deployment.start_worker("worker")
    deployment.produce_marks(messages)
    deployment.wait_until_processed()
    assert stored_figures(deployment.states()) == expected_figures(messages)
    ids = [signal["signal_id"] for signal in deployment.signals_published()]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected_signal_ids(messages)


def test_replaying_the_marks_from_the_earliest_offset_changes_nothing_and_signals_nothing_again(
        deployment: RiskDeployment) -> None:
    messages = backfill(pupils=8, days=8)
    worker = deployment.start_worker("first-run")
    deployment.produce_marks(messages)
    deployment.wait_until_processed()
    states, signals = deployment.states(), deployment.signals_published()
    worker.stop()
    deployment.reset_to_earliest()
    assert deployment.lag() == len(messages)
    deployment.start_worker("replay")
    deployment.wait_until_processed()
    assert deployment.states() == states
    assert deployment.signals_published() == signals
