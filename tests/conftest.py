"""Test-wide fixtures: the real infrastructure, started once per run when needed.

Tests read KAFKA_BOOTSTRAP_SERVERS and MONGODB_URI. When they are unset, the
local no-Docker stack is started (and stopped again at the end if this run
started it). A server that cannot be reached fails the tests that need it; it is
never a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from shared.infra.localstack.stack import Endpoints, LocalStack


@pytest.fixture(scope="session")
def infra() -> Iterator[Endpoints]:
    """Endpoints of a running Kafka broker and MongoDB-compatible store."""
    stack = LocalStack()
    started = stack.up()  # names of the servers this run had to start
    endpoints = stack.endpoints
    saved = {key: os.environ.get(key) for key in endpoints.as_env()}
    os.environ.update(endpoints.as_env())
    yield endpoints
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    for process in (stack.kafka.process, stack.ferretdb.process):
        if process.name in started:
            process.stop()


@pytest.fixture
def unique_name() -> str:
    """A fresh suffix for topic, group and database names, so tests never collide."""
    return uuid.uuid4().hex[:10]
