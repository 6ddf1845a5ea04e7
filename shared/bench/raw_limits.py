"""The two raw limits the pipeline is compared with: a bare consumer reading the
marks topic, and bulk writes of pupil-sized documents to the same store."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
import zlib
from datetime import date, timedelta

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
    """Updates per second of stored documents shaped like a pupil's state, each replaced
    whole by `_id` as the risk service does (one round trip a batch).

    Batches stay under 100 statements: FerretDB 1.24 never answers an update command of
    about 100 statements or more, so the risk service writes in commands of 50 too.
    """
    return asyncio.run(_bulk_write_rate(documents, batch))


def pupil_sized_document(version: int) -> dict[str, object]:
    """A document shaped like the risk service's stored pupil state: a dozen short text
    values and a school year of marks as compressed text (about 2 kB)."""
    days = [date(2025, 9, 1) + timedelta(days=n) for n in range(266) if n % 7 < 5]
    lines = [f"{day.isoformat()}_{s} {'N' if day.day == 13 else '/'} "
             f"{day.isoformat()}T09:05:{day.day:02d}.{day.month:06d}+00:00"
             for day in days for s in ("AM", "PM")]
    return {"school_urn": "100000", "version": version,
            "roster": "admission=2025-09-01 leaving=- born=2015-05-04 travels_alone=no",
            "tracking": "latest_day=2026-07-17 penalty_used_through=- run_start=- open_n=-",
            "years": {"2025": {"marks": zlib.compress("\n".join(lines).encode(), 6),
                               "figures": "possible=380 present=350 aea=0 authorised=20 "
                                          "unauthorised=10 missing=0",
                               "codes": "/=180 I=20 N=10 \\=170", "flags": "below_96"}},
            "signal_ids": " ".join(f"{version:08x}{n:024x}" for n in range(6))}


async def _bulk_write_rate(documents: int, batch: int) -> float:
    client = create_client(MongoSettings())
    collection = client["attendance_bench"][f"raw_{uuid.uuid4().hex[:8]}"]
    keys = [f"100000:P{n:07d}" for n in range(documents)]
    await collection.insert_many([{"_id": key, **pupil_sized_document(1)} for key in keys])
    update = {"$set": pupil_sized_document(2)}
    try:
        began = time.monotonic()
        for start in range(0, documents, batch):
            await collection.bulk_write([UpdateOne({"_id": key}, update)
                                         for key in keys[start:start + batch]], ordered=False)
        return documents / (time.monotonic() - began)
    finally:
        await collection.drop()
        await client.close()
