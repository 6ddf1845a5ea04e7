"""Run the product's services as local background processes, health-checked.

Each service runs as `python -m services.<name>` with the stack's endpoints in its
environment; `up` returns once every service answers `GET /healthz`.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

import httpx

from shared.config import CommsSettings, IngestSettings, RiskSettings, WebSettings
from shared.infra.localstack.paths import LocalPaths
from shared.infra.localstack.processes import ManagedProcess

HEALTH_TIMEOUT_S = 90.0


class ServiceError(RuntimeError):
    """A service did not become healthy; the message carries its log tail."""


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    module: str
    port: int

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/healthz"


def default_services() -> list[ServiceSpec]:
    """The services `attendance up` runs, with ports from their settings."""
    return [
        ServiceSpec("ingest", "services.ingest", IngestSettings().port),
        ServiceSpec("risk", "services.risk", RiskSettings().port),
        ServiceSpec("web", "services.web", WebSettings().port),
        ServiceSpec("comms", "services.comms", CommsSettings().port),
    ]


class LocalServices:
    def __init__(self, paths: LocalPaths, specs: list[ServiceSpec] | None = None) -> None:
        self.paths = paths
        self.specs = specs if specs is not None else default_services()

    def process(self, spec: ServiceSpec) -> ManagedProcess:
        return ManagedProcess(spec.name, self.paths.run / f"{spec.name}.pid",
                              self.paths.logs / f"{spec.name}.log")

    def start(self, env: dict[str, str]) -> None:
        """Start every service not already running, then wait for all to be healthy."""
        self.paths.ensure()
        for spec in self.specs:
            process = self.process(spec)
            if process.pid() is None:
                process.start([sys.executable, "-m", spec.module], env=env)
        for spec in self.specs:
            self._await_healthy(spec)

    def _await_healthy(self, spec: ServiceSpec) -> None:
        process = self.process(spec)
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.has_exited():
                raise ServiceError(f"{spec.name} exited during start-up. "
                                   f"Log tail ({process.log_file}):\n{process.log_tail()}")
            if healthy(spec.health_url):
                return
            time.sleep(0.5)
        raise ServiceError(f"{spec.name} did not answer {spec.health_url} within "
                           f"{HEALTH_TIMEOUT_S:.0f}s. Log tail ({process.log_file}):\n"
                           f"{process.log_tail()}")

    def stop(self) -> list[str]:
        return [spec.name for spec in reversed(self.specs) if self.process(spec).stop()]

    def running(self) -> dict[str, bool]:
        return {spec.name: self.process(spec).pid() is not None for spec in self.specs}


def healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False
