"""The running intake as the HTTP layer sees it: use-case dependencies and limits."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from services.ingest.intake import IntakeDeps
from services.ingest.ports import Grants


@dataclass(frozen=True)
class IngestService:
    """Everything the routes need, built once at start-up by a service factory."""

    intake: IntakeDeps
    grants: Grants
    max_body_bytes: int

    async def healthy(self) -> bool:
        """True once both the broker and the store answer."""
        return await self.intake.publisher.healthy() and await self.intake.roster.healthy()


# Starts the service's adapters on entry and stops them on exit (the app's lifespan).
ServiceFactory = Callable[[], AbstractAsyncContextManager[IngestService]]
