"""Request dependencies: the running service, the caller's grant, a size-limited body."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.ingest.service import IngestService
from shared.infra.tokens import TokenGrant

_bearer = HTTPBearer(auto_error=False, description="an ingest token from "
                     "`attendance token create --scope ingest`")


def get_service(request: Request) -> IngestService:
    service: IngestService = request.app.state.service
    return service


ServiceDep = Annotated[IngestService, Depends(get_service)]


async def require_ingest_grant(
    service: ServiceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TokenGrant:
    """The grant of the caller's bearer token: 401 without a valid one, 403 for a
    token of another scope."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorised("send the integration's token as 'Authorization: Bearer <token>'")
    grant = await service.grants.grant_for(credentials.credentials)
    if grant is None:
        raise _unauthorised("the intake does not know this token: send an ingest token "
                            "(`attendance token create --scope ingest --schools URN`); "
                            "read tokens work only on the read API")
    if grant.scope != "ingest":
        raise HTTPException(403, f"this token's scope is {grant.scope!r}; sending data "
                                 "needs a token with scope 'ingest'")
    return grant


GrantDep = Annotated[TokenGrant, Depends(require_ingest_grant)]


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the body is larger than {limit} bytes; split it into smaller "
                         "requests")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (BodyTooLarge) as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})
