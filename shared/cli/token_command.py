"""`attendance token create`: issue a bearer token for an integration or a reader.

An ingest token is stored in the ingest service's database, a read token in the web
service's database; each service only ever reads its own. The token is printed once.

A school number nobody has set up yet gets a warning, not a refusal: a new school's MIS
may stream before its settings arrive, but a typo would otherwise make a phantom school.
The intake publishes the settings it takes with `PUT /v1/schools/{urn}` rather than
keeping them, so a school counts as known once the web service has stored its settings.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from pymongo.errors import PyMongoError

from shared.config import IngestSettings, MongoSettings, WebSettings
from shared.infra.mongo import create_client
from shared.infra.tokens import SCOPES, Scope, check_schools, create_token


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("token", help="issue API tokens for integrations")
    actions = parser.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a token limited to some schools")
    create.add_argument("--schools", required=True,
                        help="comma-separated school URNs the token may act for")
    create.add_argument("--scope", required=True, choices=SCOPES,
                        help="ingest: send marks, pupils, settings; read: the read API")
    create.add_argument("--name", help="who uses the token (shown in rejects and audits)")
    create.set_defaults(handler=_create)


def _create(args: argparse.Namespace) -> int:
    try:
        schools = check_schools(args.schools.split(","))
    except ValueError as error:
        print(f"attendance token create: {error}", file=sys.stderr)
        return 2
    name = args.name or f"{args.scope}-{'-'.join(schools)}"
    try:
        print(issue_token(name, schools, args.scope))
        for urn in unknown_schools(schools):
            print(f"attendance token create: warning: school {urn} is not known yet (no "
                  f"settings sent with PUT /v1/schools/{urn}): check the number",
                  file=sys.stderr)
    except PyMongoError as error:
        print(f"attendance token create: the store at {MongoSettings().uri} did not answer "
              f"({type(error).__name__}); start it with `attendance up` or set MONGODB_URI",
              file=sys.stderr)
        return 1
    return 0


def issue_token(name: str, schools: list[str], scope: Scope) -> str:
    """Store a new token in the database of the service that checks it; return it."""
    return asyncio.run(_store(name, schools, scope))


async def _store(name: str, schools: list[str], scope: Scope) -> str:
    database = IngestSettings().database if scope == "ingest" else WebSettings().database
    client = create_client(MongoSettings())
    try:
        return await create_token(client[database], name, schools, scope)
    finally:
        await client.close()


# Where the web service keeps each school's settings as received, one document per URN.
SCHOOL_SETTINGS_COLLECTION = "school_settings"


def unknown_schools(schools: list[str]) -> list[str]:
    """The URNs among `schools` whose settings have never been received, in order."""
    return asyncio.run(_unknown(schools))


async def _unknown(schools: list[str]) -> list[str]:
    client = create_client(MongoSettings())
    try:
        settings = client[WebSettings().database][SCHOOL_SETTINGS_COLLECTION]
        known = {doc["_id"] async for doc in settings.find({"_id": {"$in": schools}},
                                                           {"_id": 1})}
    finally:
        await client.close()
    return [urn for urn in schools if urn not in known]
