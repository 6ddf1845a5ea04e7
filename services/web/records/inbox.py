"""How many concerns wait for the signed-in lead: the count the school overview shows
beside its link to the concerns page (services.web.records.concern_routes)."""

from __future__ import annotations

from services.web.access import Viewer, WebContext
from services.web.records.concerns import open_concerns


async def open_concern_count(context: WebContext, viewer: Viewer, urn: str) -> int | None:
    """How many concerns wait for the viewer's routes at the school; None for a member
    of staff no concern is sent to (the school overview then shows no count)."""
    routes = viewer.member.concern_routes if viewer.member else ()
    if not routes or not viewer.sees_pupils or not viewer.may_see(urn):
        return None
    return len(open_concerns(await context.office_log.concern_records(urn), routes))
