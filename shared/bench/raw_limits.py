"""The two raw limits the pipeline is compared with: a bare consumer reading the
marks topic, and bulk writes of pupil-sized documents to the same store."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

from kafka import KafkaConsumer
from pymongo import UpdateOne

from shared.config import MongoSettings
from shared.infra.mongo import create_client


def bare_consumer_rate(bootstrap: str, topic: str, expected: int) -> float:
    """Messages per second for a plain consumer reading and decoding the whole topic."""
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None,
                             auto_offset_reset="earliest", enable_auto_commit=False,
                             consumer_timeout_ms=10_000, max_poll_records=5_000)
    read, began = 0, time.monotonic()
    try:
        for message in consumer:
            json.loads(message.value)
            read += 1
            if read >= expected:
                break
    finally:
        consumer.close()
    return read / (time.monotonic() - began)


def bulk_write_rate(documents: int = 2_000, batch: int = 50) -> float:
    """Upserts per second of documents shaped like a pupil's state (one round trip a batch).

    Batches stay under 100 statements: FerretDB 1.24 never answers an update command of
    about 100 statements or more, so the risk service writes in commands of 50 too.
    """
    return asyncio.run(_bulk_write_rate(documents, batch))


async def _bulk_write_rate(documents: int, batch: int) -> float:
    client = create_client(MongoSettings())
    collection = client["attendance_bench"][f"raw_{uuid.uuid4().hex[:8]}"]
    sessions = {f"2026-09-{day:02d}_{s}": {"code": "/", "recorded_at": "2026-09-01T09:05:00Z"}
                for day in range(1, 21) for s in ("AM", "PM")}
    try:
        began = time.monotonic()
        for start in range(0, documents, batch):
            await collection.bulk_write([
                UpdateOne({"_id": f"100000:P{n:07d}"},
                          {"$set": {"marks": sessions, "version": 1}}, upsert=True)
                for n in range(start, min(start + batch, documents))
            ], ordered=False)
        return documents / (time.monotonic() - began)
    finally:
        await collection.drop()
        await client.close()
