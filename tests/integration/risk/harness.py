"""Running real risk workers against the real broker and store, and reading what they did."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from pymongo import MongoClient

from shared.config import KafkaSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.topics import ensure_topics

PARTITIONS = 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


@dataclass
class RiskDeployment:
    """One isolated risk deployment: its own topics, consumer group and database."""

    infra: Endpoints
    name: str
    logs: Path
    settings: dict[str, str] = field(default_factory=dict)
    workers: list[Worker] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = self.name
        self.marks, self.pupils, self.schools, self.signals = (
            f"risk-{n}.marks", f"risk-{n}.pupils", f"risk-{n}.schools", f"risk-{n}.signals")
        self.group, self.database = f"risk-{n}", f"risk_{n}"
        ensure_topics([self.marks, self.pupils, self.schools, self.signals],
                      KafkaSettings(bootstrap_servers=self.infra.kafka_bootstrap,
                                    topic_partitions=PARTITIONS))

    def environment(self, port: int) -> dict[str, str]:
        return {**os.environ, **self.infra.as_env(),
                "KAFKA_TOPIC_PARTITIONS": str(PARTITIONS), "RISK_APP_ID": self.group,
                "RISK_DATABASE": self.database, "RISK_PORT": str(port),
                "RISK_MARKS_TOPIC": self.marks, "RISK_PUPILS_TOPIC": self.pupils,
                "RISK_SCHOOLS_TOPIC": self.schools, "RISK_SIGNALS_TOPIC": self.signals,
                "RISK_SESSION_TIMEOUT_S": "6", "RISK_OUTBOX_GRACE_S": "2",
                "RISK_OUTBOX_SWEEP_EVERY_S": "1", **self.settings}

    def start_worker(self, label: str) -> Worker:
        port = free_port()
        log = self.logs / f"{label}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "services.risk"], env=self.environment(port),
            stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
        worker = Worker(process, port, log)
        self.workers.append(worker)
        worker.wait_healthy()
        return worker

    def produce(self, topic: str, keyed: Sequence[tuple[str, dict[str, Any]]]) -> None:
        producer = KafkaProducer(bootstrap_servers=self.infra.kafka_bootstrap, acks="all",
                                 linger_ms=5)
        for key, message in keyed:
            producer.send(topic, key=key.encode(), value=json.dumps(message).encode())
        producer.flush()
        producer.close()

    def produce_marks(self, messages: Sequence[dict[str, Any]]) -> None:
        self.produce(self.marks, [(f"{m['school_urn']}:{m['upn']}", m) for m in messages])

    def lag(self) -> int:
        """Marks not yet committed by the consumer group."""
        admin = KafkaAdminClient(bootstrap_servers=self.infra.kafka_bootstrap)
        consumer = KafkaConsumer(bootstrap_servers=self.infra.kafka_bootstrap)
        try:
            tps = [TopicPartition(self.marks, p) for p in range(PARTITIONS)]
            ends = consumer.end_offsets(tps)
            committed = admin.list_group_offsets({self.group: tps}).get(self.group, {})
            return sum(ends[tp] - max(0, committed[tp].offset if tp in committed else 0)
                       for tp in tps)
        finally:
            consumer.close()
            admin.close()

    def reset_to_earliest(self) -> None:
        admin = KafkaAdminClient(bootstrap_servers=self.infra.kafka_bootstrap)
        try:
            admin.reset_group_offsets(self.group, {TopicPartition(self.marks, p): 0
                                                   for p in range(PARTITIONS)})
        finally:
            admin.close()

    def members(self) -> list[set[int]]:
        """The marks partitions assigned to each member of the consumer group."""
        admin = KafkaAdminClient(bootstrap_servers=self.infra.kafka_bootstrap)
        try:
            group = admin.describe_groups([self.group])[self.group]
        finally:
            admin.close()
        assigned = []
        for member in group["members"]:
            topics = (member.get("member_assignment") or {}).get("assigned_partitions", [])
            assigned.append({p for entry in topics if entry["topic"] == self.marks
                             for p in entry["partitions"]})
        return assigned

    def states(self) -> dict[str, dict[str, Any]]:
        with MongoClient(self.infra.mongodb_uri, tz_aware=True) as client:
            return {doc["_id"]: doc for doc in client[self.database]["pupil_state"].find()}

    def outbox_size(self) -> int:
        return sum(len(doc.get("outbox", {})) for doc in self.states().values())

    def signals_published(self) -> list[dict[str, Any]]:
        consumer = KafkaConsumer(bootstrap_servers=self.infra.kafka_bootstrap,
                                 auto_offset_reset="earliest", enable_auto_commit=False,
                                 consumer_timeout_ms=3000)
        try:
            tps = [TopicPartition(self.signals, p) for p in range(PARTITIONS)]
            consumer.assign(tps)
            ends = consumer.end_offsets(tps)
            messages: list[dict[str, Any]] = []
            while any(consumer.position(tp) < ends[tp] for tp in tps):
                for records in consumer.poll(timeout_ms=1000).values():
                    messages += [json.loads(record.value) for record in records]
            return messages
        finally:
            consumer.close()

    def wait_until_processed(self, timeout: float = 45) -> None:
        """Until every mark is committed by the group and no signal waits in an outbox."""
        try:
            wait_for(lambda: self.lag() == 0 and self.outbox_size() == 0, timeout,
                     "the marks to be processed and the outboxes published")
        except AssertionError as error:
            tails = "\n".join(f"--- {w.log.name}:\n{w.log.read_text()[-4000:]}"
                              for w in self.workers)
            raise AssertionError(f"{error}: lag {self.lag()}, outbox {self.outbox_size()}\n"
                                 f"{tails}") from None

    def drop(self) -> None:
        for worker in self.workers:
            if worker.process.poll() is None:
                worker.kill_9()
        with MongoClient(self.infra.mongodb_uri) as client:
            client.drop_database(self.database)


@dataclass
class Worker:
    """A `python -m services.risk` subprocess."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def healthy(self) -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_healthy(self, timeout: float = 45) -> None:
        def up() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"risk worker exited: {self.log.read_text()[-3000:]}")
            return self.healthy()
        wait_for(up, timeout, "the risk worker to answer /healthz")

    def kill_9(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), as an orchestrator scaling down would."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill_9()
