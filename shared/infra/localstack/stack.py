"""The local no-Docker stack: Kafka and FerretDB, started, checked and stopped together.

KAFKA_BOOTSTRAP_SERVERS / MONGODB_URI point everything at other servers instead;
the stack then starts nothing for the server so configured.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from shared.infra.localstack import ferretdb, kafka
from shared.infra.localstack.paths import LocalPaths
from shared.infra.localstack.processes import ManagedProcess

START_TIMEOUT_S = 90.0


class StackError(RuntimeError):
    """A server did not start; the message carries its log tail."""


@dataclass(frozen=True)
class ServerStatus:
    name: str
    address: str
    managed: bool  # started by this stack (False: external, from the environment)
    running: bool
    pid: int | None


@dataclass(frozen=True)
class Endpoints:
    kafka_bootstrap: str
    mongodb_uri: str

    def as_env(self) -> dict[str, str]:
        return {"KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap, "MONGODB_URI": self.mongodb_uri}


class LocalStack:
    def __init__(self, paths: LocalPaths | None = None) -> None:
        self.paths = paths or LocalPaths.default()
        self.kafka = kafka.LocalKafka(self.paths)
        self.ferretdb = ferretdb.LocalFerretDB(self.paths)
        self.external_kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
        self.external_mongo = os.environ.get("MONGODB_URI")

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints(self.external_kafka or kafka.BOOTSTRAP,
                         self.external_mongo or ferretdb.URI)

    def build(self) -> None:
        self.paths.ensure()
        if not self.external_kafka:
            self.kafka.build()
        if not self.external_mongo:
            self.ferretdb.build()

    def up(self, fresh: bool = False) -> dict[str, float]:
        """Start what is not already running; return each server's start-up seconds."""
        self.build()
        timings: dict[str, float] = {}
        if not self.external_mongo and self.ferretdb.process.pid() is None:
            began = time.monotonic()
            self.ferretdb.start(fresh)
            self._await(self.ferretdb.process,
                        lambda: ferretdb.mongo_answers(ferretdb.URI))
            timings["ferretdb"] = time.monotonic() - began
        if not self.external_kafka and self.kafka.process.pid() is None:
            began = time.monotonic()
            self.kafka.start(fresh)
            self._await(self.kafka.process,
                        lambda: kafka.kafka_answers(kafka.BOOTSTRAP))
            timings["kafka"] = time.monotonic() - began
        return timings

    @staticmethod
    def _await(process: ManagedProcess, answers: Callable[[], bool]) -> None:
        """Poll until the server answers; fail fast, with its log, if it exits."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.has_exited():
                raise StackError(f"{process.name} exited during start-up. "
                                 f"Log tail ({process.log_file}):\n{process.log_tail()}")
            if answers():
                return
            time.sleep(0.3)
        tail = process.log_tail()
        process.stop()
        raise StackError(f"{process.name} did not answer within {START_TIMEOUT_S:.0f}s. "
                         f"Log tail ({process.log_file}):\n{tail}")

    def down(self) -> list[str]:
        """Stop only the servers this stack started; return their names."""
        stopped = []
        for process in (self.kafka.process, self.ferretdb.process):
            if process.stop():
                stopped.append(process.name)
        return stopped

    def status(self) -> list[ServerStatus]:
        return [
            self._status("kafka", self.external_kafka, kafka.BOOTSTRAP, self.kafka.process.pid()),
            self._status("ferretdb", self.external_mongo, ferretdb.URI,
                         self.ferretdb.process.pid()),
        ]

    @staticmethod
    def _status(name: str, external: str | None, local_address: str,
                pid: int | None) -> ServerStatus:
        if external:
            answers = (kafka.kafka_answers(external) if name == "kafka"
                       else ferretdb.mongo_answers(external))
            return ServerStatus(name, external, managed=False, running=answers, pid=None)
        return ServerStatus(name, local_address, managed=True, running=pid is not None, pid=pid)
