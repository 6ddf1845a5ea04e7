"""Bearer tokens for integrations: one per MIS integration or reader, scoped to schools.

Only a SHA-256 hash of each token is stored (in the given database's `api_tokens`
collection): a copy of the database never reveals a usable token. Tokens carry 256
bits of randomness, so a plain fast hash is enough (no password stretching needed).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, cast

from pymongo.asynchronous.database import AsyncDatabase

Scope = Literal["ingest", "read"]
SCOPES: tuple[Scope, ...] = ("ingest", "read")
COLLECTION = "api_tokens"
TOKEN_PREFIX = "att_"
_URN = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class TokenGrant:
    """What a verified token allows: which integration it is, its schools and scope."""

    name: str
    schools: frozenset[str]
    scope: Scope

    def allows_school(self, school_urn: str) -> bool:
        return school_urn in self.schools


def check_schools(schools: Iterable[str]) -> list[str]:
    """The URNs, stripped; raises ValueError naming any that is not 6 digits."""
    cleaned = [urn.strip() for urn in schools if urn.strip()]
    bad = [urn for urn in cleaned if not _URN.match(urn)]
    if bad:
        raise ValueError(f"not a school URN (6 digits): {', '.join(bad)}")
    if not cleaned:
        raise ValueError("a token needs at least one school URN")
    return cleaned


def hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


async def create_token(
    db: AsyncDatabase[dict[str, Any]], name: str, schools: list[str], scope: Scope
) -> str:
    """Store a new token for `name` limited to `schools` and `scope`; return it (shown once)."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    raw_token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    await db[COLLECTION].insert_one({
        "_id": hash_token(raw_token),
        "name": name,
        "schools": sorted(set(check_schools(schools))),
        "scope": scope,
        "created_at": datetime.now(UTC),
    })
    return raw_token


async def verify_token(db: AsyncDatabase[dict[str, Any]], raw_token: str) -> TokenGrant | None:
    """The grant of a stored token, or None for an unknown or empty token."""
    if not raw_token:
        return None
    document = await db[COLLECTION].find_one({"_id": hash_token(raw_token)})
    if document is None or document.get("scope") not in SCOPES:
        return None
    return TokenGrant(
        name=str(document["name"]),
        schools=frozenset(document.get("schools", [])),
        scope=cast(Scope, document["scope"]),
    )
