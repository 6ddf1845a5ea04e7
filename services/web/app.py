"""The web service's composition root: the FastAPI app, its parts, and their lifetimes.

`create_app(start)` wires routes and error pages around whatever `start` provides:
production starts the Mongo store, the token check and the Kafka feed in the
lifespan (nothing connects at import); unit tests hand in in-memory parts.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.web import api, api_docs, audit_pages, oidc_routes, pages, signin
from services.web.access import AccessRefusedError, SignInRequiredError, WebContext
from services.web.audit import AuditEntry, MongoAuditLog
from services.web.auth import SessionCodec
from services.web.feed import ReadModelFeed
from services.web.leadership.mongo_notes import MongoNoteStore
from services.web.leadership.note_routes import router as leadership_notes
from services.web.leadership.routes import api_router as leadership_api
from services.web.leadership.routes import page_router as leadership_pages
from services.web.mongo_store import MongoReadModelStore
from services.web.office.routes import api_router as office_api
from services.web.office.routes import page_router as office_pages
from services.web.oidc import OidcProvider, OidcSettings
from services.web.params import BadParameterError
from services.web.records.settings import OfficeFeedSettings
from services.web.records.wiring import ROUTERS as RECORDS_ROUTERS
from services.web.records.wiring import office_parts
from services.web.settings import FeedSettings, StaffLoginSettings
from services.web.signed_out import MongoSignedOutSessions
from services.web.staff import StaffDirectory
from services.web.views import NotFoundError, ReadViews
from shared.config import KafkaSettings, MongoSettings, WebSettings
from shared.infra.clock import clock_from_environment
from shared.infra.mongo import create_client
from shared.infra.tasks import stop_tasks
from shared.infra.tokens import verify_token

logger = logging.getLogger("services.web")
SCHOOL_TIME = ZoneInfo("Europe/London")
HEALTH_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class Running:
    """What the lifespan started: the parts handlers use, and how to tell they work."""

    context: WebContext
    healthy: Callable[[], Awaitable[dict[str, bool]]]


Starter = Callable[[], AbstractAsyncContextManager[Running]]


def create_app(start: Starter) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with start() as running:
            app.state.web = running.context
            app.state.healthy = running.healthy
            yield

    app = FastAPI(title="Attendance read API", version="1.0.0", lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # /docs is ours: no scripts from a CDN
    app.state.templates = pages.build_templates()
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")
    app.include_router(api.router)
    app.include_router(api_docs.router)
    app.include_router(signin.router)
    app.include_router(oidc_routes.router)
    app.include_router(pages.router)
    for router in RECORDS_ROUTERS:
        app.include_router(router)
    app.include_router(office_pages)
    app.include_router(office_api)
    app.include_router(audit_pages.router)
    for leadership in (leadership_pages, leadership_notes, leadership_api):
        app.include_router(leadership)
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["health"])
    _add_error_handlers(app)
    app.middleware("http")(_log_without_identifiers)
    return app


async def healthz(request: Request) -> JSONResponse:
    """200 {"status": "ok"} once the Kafka feed and the store both work; 503 until then."""
    try:
        parts = await asyncio.wait_for(request.app.state.healthy(), HEALTH_TIMEOUT_S)
    except TimeoutError:
        parts = {"kafka": False, "store": False}
    if all(parts.values()):
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "unavailable", **parts}, status_code=503)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def _add_error_handlers(app: FastAPI) -> None:
    async def bad_parameter(request: Request, error: Exception) -> Response:
        assert isinstance(error, BadParameterError)
        if _wants_json(request):
            return JSONResponse({"detail": error.message, "errors": [
                {"field": error.field, "message": error.message}]}, status_code=422)
        return pages.render(request, "error.html", None, status=422, message=error.message)

    async def not_found(request: Request, error: Exception) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=404)
        return pages.render(request, "error.html", None, status=404, message=str(error))

    async def sign_in_first(request: Request, error: Exception) -> Response:
        assert isinstance(error, SignInRequiredError)
        return RedirectResponse("/sign-in?" + urlencode({"next": error.next_path}),
                                status_code=303)

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, AccessRefusedError)
        context: WebContext = request.app.state.web
        for school_urn in error.audit_schools:
            await context.audit.record(AuditEntry(
                context.now(), error.viewer.name, "refused", school_urn,
                request.path_params.get("upn"), _route_template(request)))
        return await http_error(request, error)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        if _wants_json(request) or error.status_code == 405:
            return JSONResponse({"detail": error.detail}, status_code=error.status_code,
                                headers=error.headers)
        return pages.render(request, "error.html", None, status=error.status_code,
                            message=str(error.detail))

    app.add_exception_handler(AccessRefusedError, refused)
    app.add_exception_handler(BadParameterError, bad_parameter)
    app.add_exception_handler(NotFoundError, not_found)
    app.add_exception_handler(SignInRequiredError, sign_in_first)
    app.add_exception_handler(StarletteHTTPException, http_error)


async def _log_without_identifiers(request: Request, call_next: Any) -> Response:
    """Access log by route template ("/schools/{urn}/pupils/{upn}"), never the real path:
    paths carry UPNs, and UPNs never go into logs."""
    started = time.perf_counter()
    response: Response = await call_next(request)
    logger.info("%s %s %d %.0fms", request.method, _route_template(request),
                response.status_code, (time.perf_counter() - started) * 1000)
    return response


def _route_template(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "path", "(no route)"))


def staff_directory(login: StaffLoginSettings) -> StaffDirectory:
    """The administrator from the settings and the accounts of the accounts file."""
    return StaffDirectory.from_settings(login.admin_user, login.admin_password.get_secret_value(),
                                        login.accounts_file)


def production_app() -> FastAPI:
    """The app as `python -m services.web` runs it, with settings from the environment."""
    login = StaffLoginSettings()  # refuses to start without a real password
    return create_app(lambda: mongo_and_kafka(login, WebSettings(), MongoSettings(),
                                              KafkaSettings(), FeedSettings()))


@asynccontextmanager
async def mongo_and_kafka(login: StaffLoginSettings, web: WebSettings, mongo: MongoSettings,
                          kafka: KafkaSettings, feed_settings: FeedSettings,
                          office_settings: OfficeFeedSettings | None = None
                          ) -> AsyncIterator[Running]:
    """The real parts: the web database, read tokens in it, the topic feeds and the
    publisher of office records."""
    client = create_client(mongo)
    database = client[web.database]
    store = MongoReadModelStore(database)
    notes = MongoNoteStore(database)
    await notes.ensure_indexes()
    feed = ReadModelFeed(store, kafka, feed_settings)
    task = asyncio.create_task(feed.run(), name="read-model feed")
    office_stack = AsyncExitStack()
    office = await office_stack.enter_async_context(
        office_parts(database, kafka, office_settings or OfficeFeedSettings()))

    now = clock_from_environment()  # the wall clock, or the demo's simulated one

    oidc_settings = OidcSettings()
    oidc = OidcProvider(oidc_settings) if oidc_settings.configured else None
    context = WebContext(
        store=store, views=ReadViews(store, lambda: now().astimezone(SCHOOL_TIME).date()),
        staff=staff_directory(login), sessions=SessionCodec(login),
        verify_token=lambda raw: verify_token(database, raw), now=now,
        always_secure_cookies=login.secure_cookies, audit=MongoAuditLog(database),
        signed_out=MongoSignedOutSessions(database),
        activity=office.log, office_log=office.log, office_publisher=office.publisher,
        leadership_notes=notes,
        oidc=oidc)

    async def healthy() -> dict[str, bool]:
        try:
            await store.ping()
            store_ok = True
        except Exception:
            store_ok = False
        return {"kafka": feed.connected, "store": store_ok}

    try:
        yield Running(context, healthy)
    finally:
        if oidc is not None:
            await oidc.close()
        await office_stack.aclose()
        await stop_tasks([task])
        await client.close()
