"""The staff pages: trust, school overview, pupil list and pupil page (server-rendered).

Every page needs a staff session; every figure states its window and as-of date.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.web.access import (
    Context,
    PageViewer,
    Viewer,
    audit_view,
    require_pupils,
    require_school,
)
from services.web.charts import mark_calendar, trend_chart
from services.web.figures import sorted_rows, year_group_label
from services.web.leadership.profile import profile_notes
from services.web.leadership.profile_timeline import newest_first
from services.web.params import SORT_KEYS, parse_as_of, parse_sort, parse_window
from services.web.records.history import load_pupil_history
from services.web.records.inbox import open_concern_count
from services.web.views import describe_period
from shared.kernel import WINDOW_NAMES

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

router = APIRouter(include_in_schema=False)
SCHOOL_ZONE = ZoneInfo("Europe/London")
# Governors see aggregates only: a group smaller than this could identify a pupil.
SMALLEST_GROUP_SHOWN = 5


def school_time(moment: datetime, pattern: str) -> str:
    """A moment as staff read it: in the school's time (BST or GMT), whatever zone it
    was stored in; times without a zone are taken as already local."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(SCHOOL_ZONE)
    return moment.strftime(pattern)


def build_templates() -> Jinja2Templates:
    """jinja2 with StrictUndefined: a missing value is an error, never a blank on a page."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR),
                              autoescape=select_autoescape(["html"]),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["pct"] = lambda value: "–" if value is None else f"{value:.1f}%"
    environment.filters["school_time"] = school_time
    environment.globals.update(window_names=WINDOW_NAMES, sort_keys=SORT_KEYS,
                               year_group_label=year_group_label,
                               smallest_group_shown=SMALLEST_GROUP_SHOWN)
    return Jinja2Templates(env=environment)


def render(request: Request, name: str, viewer: Viewer | None, status: int = 200,
           **values: Any) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    csrf = viewer.session.csrf if viewer and viewer.session else ""
    return templates.TemplateResponse(request, name, {"viewer": viewer, "csrf": csrf, **values},
                                      status_code=status)


@router.get("/")
async def home() -> Response:
    return RedirectResponse("/schools", status_code=303)


@router.get("/schools", response_class=HTMLResponse)
async def trust_page(request: Request, viewer: PageViewer, context: Context) -> HTMLResponse:
    """Every school of the trust the signed-in member of staff may see."""
    schools = await context.views.schools(viewer.schools)
    return render(request, "trust.html", viewer, schools=schools)


@router.get("/schools/{urn}", response_class=HTMLResponse)
async def school_page(request: Request, urn: str, viewer: PageViewer, context: Context,
                      window: str = "ytd", as_of: str | None = None) -> HTMLResponse:
    """Attendance and PA for the window, a weekly trend, and a table by year group."""
    require_school(viewer, urn)
    school, figures = await context.views.school_figures(urn, parse_window(window),
                                                         parse_as_of(as_of))
    trend = await context.views.trend(school, figures.period.as_of)
    return render(request, "school.html", viewer, school=school, figures=figures,
                  period_text=describe_period(figures.period), chart=trend_chart(trend),
                  trend=trend, open_concerns=await open_concern_count(context, viewer, urn))


@router.get("/schools/{urn}/pupils", response_class=HTMLResponse)
async def pupils_page(request: Request, urn: str, viewer: PageViewer, context: Context,
                      window: str = "ytd", as_of: str | None = None, sort: str = "name",
                      order: str | None = None) -> HTMLResponse:
    """Every pupil on roll in the window; sortable by name, year, attendance, unauthorised."""
    require_pupils(viewer, urn)
    chosen = parse_sort(sort, order)
    school, figures = await context.views.school_figures(urn, parse_window(window),
                                                         parse_as_of(as_of))
    rows = sorted_rows(figures.rows, chosen.key, chosen.descending)
    return render(request, "pupils.html", viewer, school=school, figures=figures, rows=rows,
                  sort=chosen, period_text=describe_period(figures.period))


@router.get("/schools/{urn}/pupils/{upn}", response_class=HTMLResponse)
async def pupil_page(request: Request, urn: str, upn: str, viewer: PageViewer,
                     context: Context, as_of: str | None = None) -> HTMLResponse:
    """A pupil's figures for each window, their calendar of marks, one timeline of what
    was done (with the narrative's versions and the legal stage's moves) and signals."""
    require_pupils(viewer, urn)
    view = await context.views.pupil_view(urn, upn, parse_as_of(as_of))
    await audit_view(context, viewer, urn, view.pupil.upn, "pupil page")
    history = await load_pupil_history(context, urn, view.pupil.upn, viewer)
    notes = await profile_notes(context.leadership_notes, urn, view.pupil.upn, view.signals)
    history = dataclasses.replace(history, entries=newest_first(history.entries,
                                                                notes.timeline))
    weeks = mark_calendar(view.pupil, view.calendar, view.periods["ytd"].window)
    return render(request, "pupil.html", viewer, view=view, weeks=weeks, history=history,
                  notes=notes,
                  describe_period=describe_period)
