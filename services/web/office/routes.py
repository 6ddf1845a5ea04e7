"""The office's day as pages (/schools/{urn}/office/...) and JSON
(/api/v1/schools/{urn}/office/...), for a school and `day` (default today, school-local).

Same access as the rest: pages need a staff session, the JSON a read token or a staff
session limited to its schools; 404 for an unknown school or list; 422 for a bad day.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from services.web import pages
from services.web.access import ApiViewer, Context, PageViewer, require_pupils
from services.web.office.lists import OFFICE_LISTS, OfficeList, list_json, mask_phone
from services.web.office.loading import load_inputs, parse_day

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["office lists v1"])


def _spec(name: str) -> OfficeList:
    spec = OFFICE_LISTS.get(name)
    if spec is None:
        raise HTTPException(404, f"There is no office list '{name}'; the lists are "
                                 f"{', '.join(OFFICE_LISTS)}.")
    return spec


@page_router.get("/schools/{urn}/office", response_class=HTMLResponse)
async def office_day_page(request: Request, urn: str, viewer: PageViewer, context: Context,
                          day: str | None = None) -> HTMLResponse:
    """The office's day: each list with what it is for and when."""
    require_pupils(viewer, urn)
    chosen = parse_day(day, context)
    school = await context.views.school(urn)
    return pages.render(request, "office/index.html", viewer, school=school, day=chosen,
                        lists=list(OFFICE_LISTS.values()))


@page_router.get("/schools/{urn}/office/{name}", response_class=HTMLResponse)
async def office_list_page(request: Request, urn: str, name: str, viewer: PageViewer,
                           context: Context, day: str | None = None) -> HTMLResponse:
    """One of the office's lists for the day, with parents' replies beside it."""
    require_pupils(viewer, urn)
    spec = _spec(name)
    inputs = await load_inputs(context, urn, parse_day(day, context))
    return pages.render(request, f"office/{spec.slug}.html", viewer, spec=spec,
                        school=inputs.school, office=inputs.office, replies=inputs.replies,
                        registers_in=inputs.registers_in,
                        lists=list(OFFICE_LISTS.values()), mask_phone=mask_phone,
                        **spec.build(inputs))


@api_router.get("/schools/{urn}/office/{name}")
async def office_list_json(urn: str, name: str, viewer: ApiViewer, context: Context,
                           day: str | None = None) -> dict[str, Any]:
    """One office list as JSON: golden-hour, first-day-calls, second-calls, gate,
    home-visits or registers; `day` YYYY-MM-DD (default today, Europe/London)."""
    require_pupils(viewer, urn)
    spec = _spec(name)
    inputs = await load_inputs(context, urn, parse_day(day, context))
    return list_json(spec, inputs)
