"""What was done about pupils: the pupil page's timeline and the school's patterns page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.web.access import Context, PageViewer
from services.web.pages import render
from services.web.records.concerns import RULE, withheld_concerns
from services.web.records.guard import known_school
from services.web.records.timeline import (
    school_patterns,
    year_start,
)

router = APIRouter(include_in_schema=False)
PUPIL_PAGE = "/schools/{urn}/pupils/{upn}"


@router.get("/schools/{urn}/patterns", response_class=HTMLResponse)
async def patterns_page(request: Request, urn: str, viewer: PageViewer,
                        context: Context) -> HTMLResponse:
    """Barriers and call outcomes by category this school year, and concerns by route
    (those sent to the safeguarding team only for the people they reach)."""
    school = await known_school(context, viewer, urn)
    since = year_start(context.today())
    records = await context.office_log.records_between(urn, since, context.today())
    patterns = school_patterns(records, since)
    withheld = withheld_concerns(records, viewer.member, viewer.name)
    for route, concerns in patterns.concerns.items():
        patterns.concerns[route] = [c for c in concerns if c.record_id not in withheld]
    return render(request, "records/patterns.html", viewer, school=school, since=since,
                  patterns=patterns, withheld=len(withheld), rule=RULE)
