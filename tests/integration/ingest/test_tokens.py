"""Integration tokens are stored hashed and grant only their schools and scope."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from shared.cli.main import main
from shared.config import MongoSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.mongo import create_client
from shared.infra.tokens import COLLECTION, create_token, verify_token


@pytest.fixture
async def database(infra: Endpoints, unique_name: str) -> AsyncIterator[AsyncDatabase[Any]]:
    client = create_client(MongoSettings(uri=infra.mongodb_uri))
    yield client[f"tokens_{unique_name}"]
    await client.drop_database(f"tokens_{unique_name}")
    await client.close()


async def test_a_created_token_verifies_to_its_name_schools_and_scope(
        database: AsyncDatabase[Any]) -> None:
    token = await create_token(database, "Example MIS", ["100001", "100002"], "ingest")
    grant = await verify_token(database, token)
    assert grant is not None
    assert grant.name == "Example MIS"
    assert grant.schools == frozenset({"100001", "100002"})
    assert grant.scope == "ingest"


async def test_an_unknown_token_verifies_to_nothing(database: AsyncDatabase[Any]) -> None:
    await create_token(database, "Example MIS", ["100001"], "read")
    assert await verify_token(database, "att_not-a-real-token") is None
    assert await verify_token(database, "") is None


async def test_the_store_never_holds_the_token_itself(database: AsyncDatabase[Any]) -> None:
    token = await create_token(database, "Example MIS", ["100001"], "ingest")
    stored = [document async for document in database[COLLECTION].find({})]
    assert stored and token not in str(stored)


async def test_a_token_for_a_malformed_urn_is_refused(database: AsyncDatabase[Any]) -> None:
    with pytest.raises(ValueError, match="12345"):
        await create_token(database, "Example MIS", ["12345"], "ingest")


async def test_the_token_command_prints_an_ingest_token_the_ingest_database_accepts(
        infra: Endpoints, unique_name: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INGEST_DATABASE", f"tokens_cli_{unique_name}")
    exit_code = await asyncio.to_thread(
        main, ["token", "create", "--schools", "100001", "--scope", "ingest", "--name", "MIS"])
    token = capsys.readouterr().out.strip()
    client = create_client(MongoSettings(uri=infra.mongodb_uri))
    try:
        grant = await verify_token(client[f"tokens_cli_{unique_name}"], token)
        await client.drop_database(f"tokens_cli_{unique_name}")
    finally:
        await client.close()
    assert exit_code == 0
    assert grant is not None and grant.name == "MIS" and grant.schools == {"100001"}
