"""The local store finds documents by `_id` through its index (see ferretdb_patch.py):
without it every update, delete and read by `_id` scanned the whole collection."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo import MongoClient

from shared.infra.localstack.stack import Endpoints

pytestmark = pytest.mark.infra


def test_a_lookup_by_id_searches_the_id_index(infra: Endpoints, unique_name: str) -> None:
    client: MongoClient[dict[str, Any]] = MongoClient(infra.mongodb_uri)
    database = client[f"index_{unique_name}"]
    try:
        if "ferretdbVersion" not in client.admin.command("buildInfo"):
            pytest.skip("MongoDB itself: its _id index needs no fix")
        database["pupils"].insert_many([{"_id": f"pupil-{n}", "n": n} for n in range(50)])
        plan = database.command("explain", {"find": "pupils", "filter": {"_id": "pupil-7"}})
        steps = " ".join(plan["queryPlanner"]["Plan"])
        assert "USING INDEX" in steps and "SCAN" not in steps, steps
        assert database["pupils"].find_one({"_id": "pupil-7"}) == {"_id": "pupil-7", "n": 7}
    finally:
        client.drop_database(f"index_{unique_name}")
        client.close()
