"""The read API, version 1: figures for integrators and dashboards, as JSON.

Every figure states its window and as-of date. The field names are exactly those of
the kernel's report.pupil_report / report.school_summary, as `attendance stats` prints.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.web.access import ApiViewer, Context, audit_view, require_pupils, require_school
from services.web.figures import sorted_rows
from services.web.pages import SMALLEST_GROUP_SHOWN
from services.web.params import parse_as_of, parse_sort, parse_window

router = APIRouter(prefix="/api/v1", tags=["read API v1"])


@router.get("/schools")
async def list_schools(viewer: ApiViewer, context: Context) -> dict[str, Any]:
    """The schools the caller may read: a read token's, or the signed-in member of staff's."""
    schools = await context.views.schools(viewer.schools)
    return {"schools": [{
        "school_urn": school.school_urn, "name": school.display_name, "phase": school.phase,
        "calendar": "set" if school.terms else "inferred from marked days",
        "latest_mark_day": school.latest_mark_day.isoformat() if school.latest_mark_day
        else None,
    } for school in schools]}


@router.get("/schools/{urn}/summary")
async def school_summary(urn: str, viewer: ApiViewer, context: Context,
                         window: str = "ytd", as_of: str | None = None) -> dict[str, Any]:
    """School totals (report.school_summary: sums of sessions) and the same by year group.

    as_of defaults to the latest day holding marks for the school.
    """
    require_school(viewer, urn)
    _, figures = await context.views.school_figures(urn, parse_window(window),
                                                    parse_as_of(as_of))
    groups = figures.by_year_group if viewer.sees_pupils else [
        group if group["pupil_count"] >= SMALLEST_GROUP_SHOWN
        else {"label": group["label"], "suppressed": "fewer than "
              f"{SMALLEST_GROUP_SHOWN} pupils: not shown, so no pupil can be recognised"}
        for group in figures.by_year_group]
    return {**figures.period.to_dict(), **figures.summary, "by_year_group": groups}


@router.get("/schools/{urn}/pupils")
async def school_pupils(urn: str, viewer: ApiViewer, context: Context, window: str = "ytd",
                        as_of: str | None = None, sort: str = "name",
                        order: str | None = None) -> dict[str, Any]:
    """Each pupil on roll during the window with their figures.

    sort: name, year, attendance (lowest first) or unauthorised (most first);
    order: asc or desc to reverse the usual order.
    """
    require_pupils(viewer, urn)
    chosen = parse_sort(sort, order)
    _, figures = await context.views.school_figures(urn, parse_window(window),
                                                    parse_as_of(as_of))
    rows = sorted_rows(figures.rows, chosen.key, chosen.descending)
    return {"school_urn": urn, **figures.period.to_dict(), "sort": chosen.to_dict(),
            "pupils": [row.to_dict() for row in rows]}


@router.get("/schools/{urn}/pupils/{upn}/attendance")
async def pupil_attendance(urn: str, upn: str, viewer: ApiViewer, context: Context,
                           window: str = "ytd", as_of: str | None = None) -> dict[str, Any]:
    """One pupil's figures (report.pupil_report) over window=ytd|term|half_term|week.

    Includes unauthorised sessions in the last 10 school weeks and, when the date of
    birth is known, whether the pupil is of compulsory school age on the as-of date.
    """
    require_pupils(viewer, urn)
    figures = await context.views.pupil_attendance(urn, upn, parse_window(window),
                                                   parse_as_of(as_of))
    await audit_view(context, viewer, urn, figures["upn"], "GET /api/v1/.../attendance")
    return figures
