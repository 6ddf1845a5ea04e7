"""The product started the way `attendance up` starts it: every service as its own
process (`python -m services.<name>`), health-checked, against the real Kafka and
store. Ports are picked free so a developer's running stack is never disturbed.
"""

from __future__ import annotations

import os
import random
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from shared.cli.token_command import issue_token
from shared.infra.localstack.paths import LocalPaths
from shared.infra.localstack.services import LocalServices, ServiceSpec
from shared.infra.localstack.stack import Endpoints
from shared.simulator.identifiers import make_upn

STAFF_USER = "office"
STAFF_PASSWORD = "e2e-not-a-real-secret"


@dataclass(frozen=True)
class RunningProduct:
    ingest_url: str
    web_url: str
    kafka_bootstrap: str
    log_dir: Path


def _free_ports(count: int) -> list[int]:
    """Distinct free ports: every probe stays bound until all are chosen."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


@pytest.fixture(scope="session")
def product(infra: Endpoints, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningProduct]:
    paths = LocalPaths(tmp_path_factory.mktemp("product"))
    ports = dict(zip(("ingest", "risk", "web"), _free_ports(3), strict=True))
    specs = [ServiceSpec(name, f"services.{name}", port) for name, port in ports.items()]
    env = {
        **os.environ, **infra.as_env(),
        "INGEST_PORT": str(ports["ingest"]), "RISK_PORT": str(ports["risk"]),
        "WEB_PORT": str(ports["web"]),
        "WEB_ADMIN_USER": STAFF_USER, "WEB_ADMIN_PASSWORD": STAFF_PASSWORD,
    }
    services = LocalServices(paths, specs)
    try:
        services.start(env)
        yield RunningProduct(f"http://127.0.0.1:{ports['ingest']}",
                             f"http://127.0.0.1:{ports['web']}", infra.kafka_bootstrap,
                             paths.logs)
    finally:
        services.stop()


@dataclass(frozen=True)
class School:
    """A school of its own for one test, with tokens for the intake and the read API."""

    urn: str
    ingest_token: str
    read_token: str

    def upn(self, serial: int) -> str:
        return make_upn("801", self.urn[2:], 26, serial)


@pytest.fixture
def school(product: RunningProduct) -> School:
    urn = str(random.randint(200000, 999999))
    return School(urn, issue_token(f"e2e-mis-{urn}", [urn], "ingest"),
                  issue_token(f"e2e-reader-{urn}", [urn], "read"))
