"""The intake's FastAPI application: routes, error answers and the OpenAPI document."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic.json_schema import models_json_schema

from services.ingest.answers import request_problem
from services.ingest.http_deps import BodyTooLarge
from services.ingest.ports import UnavailableError
from services.ingest.routes import router
from services.ingest.service import ServiceFactory
from shared.contracts.marks_v1 import MarksRequestV1
from shared.contracts.pupils_v1 import PupilsRequestV1
from shared.contracts.schools_v1 import SchoolSettingsV1

log = logging.getLogger(__name__)
DESCRIPTION = (
    "MIS-facing intake of register marks, pupils and school settings. Every refused "
    "record is answered with its reasons and published on attendance.rejects.v1. A mark "
    "with a field that is not a field of a mark is accepted, and answered with a warning "
    "naming the field (also published on attendance.warnings.v1)."
)


def create_app(service_factory: ServiceFactory) -> FastAPI:
    """The app; `service_factory` starts the adapters in the lifespan and stops them."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_factory() as service:
            app.state.service = service
            yield

    # No Swagger page: it would load scripts from a CDN, which school networks block;
    # the schema is at /openapi.json.
    app = FastAPI(title="Attendance intake", version="1", description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    app.include_router(router)
    app.add_exception_handler(BodyTooLarge, _too_large)
    app.add_exception_handler(UnavailableError, _unavailable)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


async def _too_large(request: Request, error: Exception) -> JSONResponse:
    return request_problem(413, str(error))


async def _unavailable(request: Request, error: Exception) -> JSONResponse:
    log.warning("intake unavailable: %s", error)
    answer = request_problem(503, "the message broker or the store did not answer; nothing "
                                  "was accepted, send the request again shortly")
    answer.headers["Retry-After"] = "5"
    return answer


async def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    problems = error.errors() if isinstance(error, RequestValidationError) else []
    where = "; ".join(".".join(str(p) for p in item["loc"]) + ": " + item["msg"]
                      for item in problems)
    return request_problem(422, f"the request is not valid: {where}")


def _openapi(app: FastAPI) -> dict[str, Any]:
    # The routes read their bodies themselves (so each record is answered on its own);
    # the request schemas are added here so the document still shows them.
    if app.openapi_schema is None:
        document = get_openapi(title=app.title, version=app.version,
                               description=app.description, routes=app.routes)
        _, schemas = models_json_schema(
            [(model, "validation") for model in (MarksRequestV1, PupilsRequestV1,
                                                 SchoolSettingsV1)],
            ref_template="#/components/schemas/{model}")
        document.setdefault("components", {}).setdefault("schemas", {}).update(
            schemas.get("$defs", {}))
        app.openapi_schema = document
    return app.openapi_schema
