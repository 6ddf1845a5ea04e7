"""An isolated risk deployment per test: unique topics, consumer group and database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.infra.localstack.stack import Endpoints
from tests.integration.risk.harness import RiskDeployment


@pytest.fixture
def deployment(infra: Endpoints, unique_name: str, tmp_path: Path) -> Iterator[RiskDeployment]:
    deployed = RiskDeployment(infra, unique_name, tmp_path)
    yield deployed
    deployed.drop()
