"""The audit page: who viewed or changed which pupil's record, and who was refused.

Readable by head teachers (for their schools) and trust central staff; everyone else
is refused, and that refusal is itself recorded.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.web.access import Context, PageViewer, require_role
from services.web.pages import render

router = APIRouter(include_in_schema=False)


@router.get("/audit", response_class=HTMLResponse)
async def audit_page(request: Request, viewer: PageViewer, context: Context) -> HTMLResponse:
    """The newest entries of the audit log for the schools the viewer leads."""
    require_role(viewer, None, lambda member: member.reads_audit,
                 "Only head teachers (for their schools) and the trust's central team read "
                 "the audit log.")
    entries = await context.audit.recent(viewer.schools)
    return render(request, "audit.html", viewer, entries=entries)
