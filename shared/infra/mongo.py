"""The one MongoDB client of a process, built at start-up, closed at shutdown.

Code runs on real MongoDB and on FerretDB 1.24: no multi-document transactions,
no change streams, no TTL indexes, no $lookup; atomic changes stay in one document.
"""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient

from shared.config import MongoSettings


def create_client(settings: MongoSettings | None = None) -> AsyncMongoClient[dict[str, Any]]:
    settings = settings or MongoSettings()
    return AsyncMongoClient(settings.uri, tz_aware=True, serverSelectionTimeoutMS=10_000,
                            socketTimeoutMS=int(settings.socket_timeout_s * 1000))
