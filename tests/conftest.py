"""Test-wide fixtures: the real infrastructure, started once per run when needed.

Tests read KAFKA_BOOTSTRAP_SERVERS and MONGODB_URI. When they are unset, the
local no-Docker stack is started (and stopped again at the end if this run
started it); with ATTENDANCE_TEST_INFRA=containers and a Docker engine that
answers, testcontainers' Kafka and MongoDB containers are used instead. A server
that cannot be reached fails the tests that need it; it is never a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from shared.infra.localstack.ferretdb import mongo_answers
from shared.infra.localstack.kafka import kafka_answers
from shared.infra.localstack.stack import Endpoints, LocalStack

# Pinned images for the testcontainers path. KafkaContainer drives Confluent's
# packaging of Kafka; this is the tag it is built and tested for.
TEST_KAFKA_IMAGE = "confluentinc/cp-kafka:7.6.0"
TEST_MONGO_IMAGE = "mongo:7.0.28"


@pytest.fixture(scope="session")
def infra() -> Iterator[Endpoints]:
    """Endpoints of a running Kafka broker and MongoDB-compatible store."""
    servers = _containers() if _wants_containers() else _local_stack()
    with servers as endpoints:
        _require_answers(endpoints)
        saved = {key: os.environ.get(key) for key in endpoints.as_env()}
        os.environ.update(endpoints.as_env())
        yield endpoints
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _wants_containers() -> bool:
    """Containers only when asked for, nothing is configured, and Docker really answers."""
    configured = os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or os.environ.get("MONGODB_URI")
    if os.environ.get("ATTENDANCE_TEST_INFRA") != "containers" or configured:
        return False
    if shutil.which("docker") is None:
        return False
    try:
        probe = subprocess.run(["docker", "info"], capture_output=True, timeout=5)
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0


@contextmanager
def _containers() -> Iterator[Endpoints]:
    from testcontainers.community.kafka import KafkaContainer
    from testcontainers.community.mongodb import MongoDbContainer

    with (KafkaContainer(TEST_KAFKA_IMAGE).with_kraft() as kafka,
          MongoDbContainer(TEST_MONGO_IMAGE) as mongo):
        yield Endpoints(kafka.get_bootstrap_server(), mongo.get_connection_url())


@contextmanager
def _local_stack() -> Iterator[Endpoints]:
    """The local stack; only what this run started is stopped at the end."""
    stack = LocalStack()
    started = stack.up()  # names of the servers this run had to start
    try:
        yield stack.endpoints
    finally:
        for process in (stack.kafka.process, stack.ferretdb.process):
            if process.name in started:
                process.stop()


def _require_answers(endpoints: Endpoints) -> None:
    """Fail (never skip) with what to do when a configured server does not answer."""
    if not kafka_answers(endpoints.kafka_bootstrap, timeout_s=10):
        raise RuntimeError(
            f"Kafka at {endpoints.kafka_bootstrap} does not answer. Start it "
            "(`attendance infra up`) or fix KAFKA_BOOTSTRAP_SERVERS.")
    if not mongo_answers(endpoints.mongodb_uri, timeout_s=10):
        raise RuntimeError(
            f"The store at {endpoints.mongodb_uri} does not answer. Start it "
            "(`attendance infra up`) or fix MONGODB_URI.")


@pytest.fixture
def unique_name() -> str:
    """A fresh suffix for topic, group and database names, so tests never collide."""
    return uuid.uuid4().hex[:10]
