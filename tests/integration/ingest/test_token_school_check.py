"""`attendance token create` warns about a school number nobody has set up yet."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from shared.cli.main import main
from shared.cli.token_command import SCHOOL_SETTINGS_COLLECTION
from shared.config import MongoSettings
from shared.infra.localstack.stack import Endpoints
from shared.infra.mongo import create_client


@pytest.fixture
async def web_database(infra: Endpoints, unique_name: str,
                       monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncDatabase[Any]]:
    monkeypatch.setenv("INGEST_DATABASE", f"tokens_ingest_{unique_name}")
    monkeypatch.setenv("WEB_DATABASE", f"tokens_web_{unique_name}")
    client = create_client(MongoSettings(uri=infra.mongodb_uri))
    yield client[f"tokens_web_{unique_name}"]
    for name in (f"tokens_ingest_{unique_name}", f"tokens_web_{unique_name}"):
        await client.drop_database(name)
    await client.close()


async def test_a_school_never_set_up_is_warned_about_and_still_gets_its_token(
        web_database: AsyncDatabase[Any], capsys: pytest.CaptureFixture[str]) -> None:
    # 100001's settings have arrived (PUT /v1/schools/100001); 999999 is a typo.
    await web_database[SCHOOL_SETTINGS_COLLECTION].insert_one(
        {"_id": "100001", "version": 1, "body": "{}"})
    exit_code = await asyncio.to_thread(
        main, ["token", "create", "--schools", "100001,999999", "--scope", "ingest"])
    captured = capsys.readouterr()
    assert exit_code == 0
    assert captured.out.strip().startswith("att_")
    assert ("school 999999 is not known yet (no settings sent with PUT /v1/schools/999999): "
            "check the number") in captured.err
    assert "100001" not in captured.err


async def test_schools_that_are_set_up_get_no_warning(
        web_database: AsyncDatabase[Any], capsys: pytest.CaptureFixture[str]) -> None:
    await web_database[SCHOOL_SETTINGS_COLLECTION].insert_one(
        {"_id": "100001", "version": 1, "body": "{}"})
    exit_code = await asyncio.to_thread(
        main, ["token", "create", "--schools", "100001", "--scope", "read"])
    assert exit_code == 0
    assert capsys.readouterr().err == ""
