"""What was done about pupils: the pupil page's timeline and the school's patterns page."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.web.access import Context, PageViewer, page_viewer, require_pupils, web_context
from services.web.pages import render
from services.web.records.forms import KINDS
from services.web.records.guard import known_school
from services.web.records.timeline import (
    TimelineEntry,
    barrier_counts,
    pupil_timeline,
    school_patterns,
    year_start,
)

router = APIRouter(include_in_schema=False)
PUPIL_PAGE = "/schools/{urn}/pupils/{upn}"


@dataclass(frozen=True)
class PupilHistory:
    """The pupil page's timeline section: what was done, and the barriers named."""

    entries: list[TimelineEntry]
    barriers: list[tuple[str, int]]
    record_kinds: dict[str, str]


async def history_for_pupil_page(request: Request) -> None:
    """Puts the pupil's history on `request.state.office_history` for the pupil page.

    Runs as a dependency of the staff pages' router and acts only on the pupil page,
    so that page shows the timeline without the pages module reading the office log.
    """
    if getattr(request.scope.get("route"), "path", None) != PUPIL_PAGE:
        return
    context = web_context(request)
    viewer = await page_viewer(request, context)  # no session: off to sign in first
    urn, upn = request.path_params["urn"], request.path_params["upn"].strip().upper()
    require_pupils(viewer, urn)
    records = await context.office_log.pupil_records(urn, upn)
    events = await context.office_log.pupil_events(urn, upn)
    request.state.office_history = PupilHistory(
        pupil_timeline(records, events), barrier_counts(records, year_start(context.today())),
        KINDS)


@router.get("/schools/{urn}/patterns", response_class=HTMLResponse)
async def patterns_page(request: Request, urn: str, viewer: PageViewer,
                        context: Context) -> HTMLResponse:
    """Barriers and call outcomes by category this school year, and concerns by route."""
    school = await known_school(context, viewer, urn)
    since = year_start(context.today())
    records = await context.office_log.records_between(urn, since, context.today())
    return render(request, "records/patterns.html", viewer, school=school, since=since,
                  patterns=school_patterns(records, since))
