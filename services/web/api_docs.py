"""/docs: the read API described from its OpenAPI document, as a plain page.

FastAPI's own documentation pages load their scripts from a CDN; school networks and
privacy rule that out, so this page is rendered on the server from the same schema.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.web.pages import render

router = APIRouter(include_in_schema=False)


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Each documented operation: method, path, summary, description and parameters."""
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            description = operation.get("description", "")
            found.append({"method": method.upper(), "path": path,
                          "summary": operation.get("summary", ""),
                          "description": description.strip(),
                          "parameters": [p for p in operation.get("parameters", [])
                                         if p.get("in") != "header"]})
    return found


@router.get("/docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    return render(request, "api_docs.html", None, title=schema["info"]["title"],
                  version=schema["info"]["version"], operations=operations(schema))
