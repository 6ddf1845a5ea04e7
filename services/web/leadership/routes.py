"""The risk register, the transition watch-list and the trust view, as pages and JSON.

Pages need a staff session; the JSON a read token or a staff session. Every route is
scoped by school on the server: registers name pupils, so governors are refused them;
the trust view shows aggregates only, so every member of staff may see it for the
schools they may see.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from services.web.access import ApiViewer, Context, PageViewer, Viewer, require_pupils
from services.web.leadership.bands import TREND_LABELS, TREND_RULE, bands
from services.web.leadership.filters import (
    PUPIL_GROUPS,
    RegisterFilter,
    page_of,
    parse_filter,
    parse_page,
)
from services.web.leadership.lists import mentoring_groups, transition_watch
from services.web.leadership.loading import (
    Cache,
    RegisterCache,
    SchoolRegister,
    load_register,
    year_group_chart,
)
from services.web.leadership.notes import versions_by_subject
from services.web.leadership.trust import NATIONAL, NATIONAL_SOURCE, TrustRow, trust_row
from services.web.pages import render
from services.web.params import parse_as_of
from services.web.views import ReadViews

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["leadership v1"])
ClassParam = Query(None, alias="class", description="class or registration group, e.g. 4B")


@page_router.get("/schools/{urn}/risk-register", response_class=HTMLResponse)
async def risk_register_page(request: Request, urn: str, viewer: PageViewer, context: Context,
                             cache: Cache, as_of: str | None = None, year: str | None = None,
                             reg_group: str | None = ClassParam, group: str | None = None,
                             band: str | None = None, page: str | None = None) -> HTMLResponse:
    """Every pupil by band, year to date, with the four-week trend; filterable, in pages
    of 100, with a year group's weekly trend once a year group is chosen."""
    require_pupils(viewer, urn)
    chosen = parse_filter(year, reg_group, group, band)
    number = parse_page(page)
    register = await load_register(context.views, cache, urn, parse_as_of(as_of))
    # The page body holds nothing about the viewer, so it is rendered once per school
    # version and filter: 20 staff reloading a 2,000-pupil register cost one render.
    key = ("register page", urn, register.school.version, register.as_of,
           tuple(sorted(chosen.query().items())), number)
    body = cache.get(key, lambda: _register_body(request, cache, register, chosen, number))
    return render(request, "leadership/risk_register.html", viewer, register=register,
                  body=Markup(body))


def _register_body(request: Request, cache: RegisterCache, register: SchoolRegister,
                   chosen: RegisterFilter, number: int) -> str:
    urn = register.school.school_urn
    matching = [entry for entry in register.entries if chosen.keeps(entry)]
    listed_bands = bands(register.thresholds)
    chart = (year_group_chart(cache, register, chosen.year_group)
             if chosen.year_group is not None else None)
    templates: Jinja2Templates = request.app.state.templates
    return templates.env.get_template("leadership/_risk_register_body.html").render(
        register=register, filter=chosen, shown=page_of(matching, number), bands=listed_bands,
        band_labels={b.name: b.label for b in listed_bands}, counts=_band_counts(matching),
        trend_rule=TREND_RULE, trend_labels=TREND_LABELS, groups=PUPIL_GROUPS, chart=chart,
        years=sorted({e.year_group for e in register.entries if e.year_group is not None}),
        classes=sorted({e.reg_group for e in register.entries if e.reg_group}),
        page_link=lambda n: _page_link(urn, register, chosen, n))


@api_router.get("/schools/{urn}/risk-register")
async def risk_register_json(request: Request, urn: str, viewer: ApiViewer, context: Context,
                             cache: Cache, as_of: str | None = None, year: str | None = None,
                             reg_group: str | None = ClassParam, group: str | None = None,
                             band: str | None = None) -> dict[str, Any]:
    """Every pupil on roll in the year to date with their band (severe, persistent,
    meeting, letter, leaflet, fine, none) and four-week trend; `year`, `class`, `group`
    (sen|fsm) and `band` filter. Names pupils, so governors are refused (403)."""
    require_pupils(viewer, urn)
    chosen = parse_filter(year, reg_group, group, band)
    register = await load_register(context.views, cache, urn, parse_as_of(as_of))
    matching = [entry for entry in register.entries if chosen.keeps(entry)]
    return {"school_urn": urn, **register.figures.period.to_dict(),
            "thresholds": register.thresholds.to_dict(), "trend_rule": TREND_RULE,
            "trend_windows": {"last_4_weeks": register.windows.recent.to_dict(),
                              "previous_4_weeks": register.windows.before.to_dict()},
            "band_counts": _band_counts(matching),
            "pupils": [entry.to_dict() for entry in matching]}


@page_router.get("/schools/{urn}/transition", response_class=HTMLResponse)
async def transition_page(request: Request, urn: str, viewer: PageViewer, context: Context,
                          cache: Cache, as_of: str | None = None) -> HTMLResponse:
    """The transition watch-list (5.6) and mentoring groups (6.1), with pupils' roles."""
    require_pupils(viewer, urn)
    register = await load_register(context.views, cache, urn, parse_as_of(as_of))
    roles = versions_by_subject(await context.leadership_notes.notes(urn, "role"))
    return render(request, "leadership/transition.html", viewer, register=register,
                  watch=transition_watch(register.entries, register.thresholds,
                                         register.as_of, register.first_school_day),
                  groups=mentoring_groups(register.entries, register.thresholds,
                                          register.as_of),
                  roles=roles, trend_labels=TREND_LABELS, trend_rule=TREND_RULE)


@page_router.get("/trust", response_class=HTMLResponse)
async def trust_page(request: Request, viewer: PageViewer, context: Context,
                     cache: Cache) -> HTMLResponse:
    """Every school the viewer may see, side by side, against the national figures."""
    rows = await _trust_rows(context.views, cache, viewer)
    return render(request, "leadership/trust.html", viewer, rows=rows, national=NATIONAL,
                  national_source=NATIONAL_SOURCE, trend_labels=TREND_LABELS,
                  trend_rule=TREND_RULE)


@api_router.get("/trust")
async def trust_json(viewer: ApiViewer, context: Context, cache: Cache) -> dict[str, Any]:
    """Each school the caller may see: attendance, PA and SA (year to date), the trend
    over the last 4 school weeks, and the national figures for its phase."""
    rows = await _trust_rows(context.views, cache, viewer)
    return {"national_source": NATIONAL_SOURCE, "trend_rule": TREND_RULE,
            "schools": [{**row.summary_period, **row.row.to_dict()} for row in rows]}


class _DatedRow:
    """A trust row with the window and as-of date its figures are over."""

    def __init__(self, row: TrustRow, register: SchoolRegister) -> None:
        self.row = row
        self.register = register
        self.summary_period = register.figures.period.to_dict()


async def _trust_rows(views: ReadViews, cache: RegisterCache, viewer: Viewer
                      ) -> list[_DatedRow]:
    rows = []
    for school in await views.schools(viewer.schools):
        register = await load_register(views, cache, school.school_urn, None)
        rows.append(_DatedRow(trust_row(register.school, register.figures.summary,
                                        register.entries), register))
    return rows


def _band_counts(entries: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.band] = counts.get(entry.band, 0) + 1
    return counts


def _page_link(urn: str, register: SchoolRegister, chosen: RegisterFilter, number: int) -> str:
    query = {**chosen.query(), "as_of": register.as_of.isoformat(), "page": str(number)}
    return f"/schools/{urn}/risk-register?{urlencode(query)}"
