"""The comms service's FastAPI application: health and Twilio's webhooks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI

from services.comms.webhooks import WebhookDeps, router


@dataclass(frozen=True)
class CommsService:
    """What the routes need from a started service."""

    webhooks: WebhookDeps
    health: Callable[[], Awaitable[bool]]


ServiceFactory = Callable[[], AbstractAsyncContextManager[CommsService]]


def create_app(service_factory: ServiceFactory) -> FastAPI:
    """The app; `service_factory` starts the adapters in the lifespan and stops them."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_factory() as service:
            app.state.webhooks = service.webhooks
            app.state.health = service.health
            yield

    app = FastAPI(title="Attendance comms", version="1", lifespan=lifespan,
                  description="Parent texts, Twilio webhooks, letters and leaflets.")
    app.include_router(router)
    return app
