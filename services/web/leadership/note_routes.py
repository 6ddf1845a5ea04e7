"""What leaders write down: vulnerable-register narratives (4.9), half-termly meetings
(5.1-5.3) and pupils' roles and teams (6.2).

Every form carries the session's CSRF token (403 without it) and a note id made when
the form is shown, so a double submit stores one version. Only leads (attendance lead,
SLT, safeguarding lead, head teacher) write; every other member of staff who may see
pupils reads. Each save is a new version with its author and time; the history stays.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.web.access import (
    Context,
    PageViewer,
    Viewer,
    WebContext,
    audit_view,
    require_pupils,
    require_role,
)
from services.web.leadership.bands import TREND_LABELS, TREND_RULE
from services.web.leadership.legal import NO_LEGAL_SERVICE, legal_stage
from services.web.leadership.lists import round_up, ten_lowest, vulnerable_register
from services.web.leadership.loading import Cache, SchoolRegister, load_register
from services.web.leadership.notes import (
    NOTE_FIELDS,
    Note,
    NoteKind,
    NoteProblemError,
    note_fields,
    versions_by_subject,
)
from services.web.leadership.register import RegisterEntry
from services.web.pages import render
from services.web.params import parse_as_of
from services.web.records.guard import check_csrf, known_pupil, new_form_id
from shared.kernel import window_for

router = APIRouter(include_in_schema=False)
NARRATIVE_PATH = "/schools/{urn}/vulnerable/{upn}"
ROLES_PATH = "/schools/{urn}/pupils/{upn}/roles"


def require_lead(viewer: Viewer, school_urn: str) -> None:
    """403, recorded in the audit log, unless the viewer leads (writes notes)."""
    require_role(viewer, school_urn, lambda member: member.leads,
                 "Only attendance leads, senior leaders, safeguarding leads and head "
                 "teachers write registers, meeting records and roles; ask one of them to "
                 "add this.")


async def _posted_note(request: Request, context: WebContext, viewer: Viewer, urn: str,
                       kind: NoteKind, subject: str) -> tuple[Note | None, dict[str, str],
                                                             NoteProblemError | None]:
    """The note a form describes (stored), or the problem with it and what was typed."""
    form = await request.form()
    check_csrf(viewer, str(form.get("csrf_token", "")))
    require_lead(viewer, urn)
    typed = {key: str(value) for key, value in form.items() if key != "csrf_token"}
    note_id = typed.get("note_id", "").strip()
    try:
        if not note_id:
            raise NoteProblemError("note_id", "The form is incomplete: reload the page and "
                                              "write the note again.")
        author = viewer.member.display_name if viewer.member else viewer.name
        note = Note(note_id, urn, kind, subject, note_fields(kind, typed), author,
                    context.now())
    except NoteProblemError as problem:
        return None, typed, problem
    await context.leadership_notes.add(note)  # False: already stored; once is enough
    return note, typed, None


@router.get("/schools/{urn}/vulnerable", response_class=HTMLResponse)
async def vulnerable_page(request: Request, urn: str, viewer: PageViewer, context: Context,
                          cache: Cache, as_of: str | None = None) -> HTMLResponse:
    """Every PA pupil with their narrative of barriers and strategies (missing ones
    highlighted), pupils added at 90-92%, and the 90-92% pupils who could be added."""
    register = await _register(context, cache, viewer, urn, as_of)
    narratives = versions_by_subject(await context.leadership_notes.notes(urn, "narrative"))
    listed = vulnerable_register(register.entries, narratives, register.as_of)
    return render(request, "leadership/vulnerable.html", viewer, register=register,
                  listed=listed, trend_labels=TREND_LABELS, trend_rule=TREND_RULE)


@router.get(NARRATIVE_PATH, response_class=HTMLResponse)
async def narrative_page(request: Request, urn: str, upn: str, viewer: PageViewer,
                         context: Context, cache: Cache) -> HTMLResponse:
    """A pupil's narrative: the one in force, every earlier version, and the form."""
    return await _pupil_note_page(request, context, cache, viewer, urn, upn, "narrative")


@router.post(NARRATIVE_PATH)
async def save_narrative(request: Request, urn: str, upn: str, viewer: PageViewer,
                         context: Context, cache: Cache) -> Response:
    """Store a new version of the pupil's narrative (leads only), then show it."""
    return await _save_pupil_note(request, context, cache, viewer, urn, upn, "narrative")


@router.get(ROLES_PATH, response_class=HTMLResponse)
async def roles_page(request: Request, urn: str, upn: str, viewer: PageViewer,
                     context: Context, cache: Cache) -> HTMLResponse:
    """A pupil's leadership roles and teams (6.2), with their history and the form."""
    return await _pupil_note_page(request, context, cache, viewer, urn, upn, "role")


@router.post(ROLES_PATH)
async def save_roles(request: Request, urn: str, upn: str, viewer: PageViewer,
                     context: Context, cache: Cache) -> Response:
    """Store the pupil's roles and teams as a new version (leads only)."""
    return await _save_pupil_note(request, context, cache, viewer, urn, upn, "role")


async def _save_pupil_note(request: Request, context: WebContext, cache: Cache,
                           viewer: Viewer, urn: str, upn: str, kind: NoteKind) -> Response:
    _, pupil = await known_pupil(context, viewer, urn, upn)
    note, typed, problem = await _posted_note(request, context, viewer, urn, kind, pupil.upn)
    if note is None:
        return await _pupil_note_page(request, context, cache, viewer, urn, upn, kind,
                                      typed, problem, 422)
    await audit_view(context, viewer, urn, pupil.upn, f"{kind} written", "changed")
    path = NARRATIVE_PATH if kind == "narrative" else ROLES_PATH
    return RedirectResponse(path.format(urn=urn, upn=pupil.upn) + "?saved=1", status_code=303)


async def _pupil_note_page(request: Request, context: WebContext, cache: Cache,
                           viewer: Viewer, urn: str, upn: str, kind: NoteKind,
                           typed: dict[str, str] | None = None,
                           problem: NoteProblemError | None = None,
                           status: int = 200) -> HTMLResponse:
    _, pupil = await known_pupil(context, viewer, urn, upn)
    register = await load_register(context.views, cache, urn, None)
    entry = next((e for e in register.entries if e.upn == pupil.upn), None)
    versions = versions_by_subject(await context.leadership_notes.notes(urn, kind))
    await audit_view(context, viewer, urn, pupil.upn, f"{kind} page")
    values = typed or {"note_id": new_form_id()}
    return render(request, "leadership/pupil_note.html", viewer, status=status,
                  register=register, pupil=pupil, entry=entry, kind=kind,
                  versions=versions.get(pupil.upn, []), labels=NOTE_FIELDS[kind],
                  values=values, error=problem.message if problem else None,
                  saved=request.query_params.get("saved") == "1", trend_labels=TREND_LABELS)


@router.get("/schools/{urn}/meetings", response_class=HTMLResponse)
async def meetings_page(request: Request, urn: str, viewer: PageViewer, context: Context,
                        cache: Cache, as_of: str | None = None) -> HTMLResponse:
    """The ten lowest of compulsory school age (5.1), the round-up list (5.2) with legal
    stages (5.3), and the records of meetings held."""
    register = await _register(context, cache, viewer, urn, as_of)
    return await _meetings(request, context, viewer, register, {"note_id": new_form_id()})


@router.post("/schools/{urn}/meetings")
async def save_meeting(request: Request, urn: str, viewer: PageViewer, context: Context,
                       cache: Cache) -> Response:
    """Record a meeting held and its actions (leads only)."""
    register = await _register(context, cache, viewer, urn, None)
    subject = _half_term(register)
    note, typed, problem = await _posted_note(request, context, viewer, urn, "meeting",
                                              subject)
    if note is None:
        return await _meetings(request, context, viewer, register, typed, problem, 422)
    return RedirectResponse(f"/schools/{urn}/meetings?saved=1#records", status_code=303)


async def _meetings(request: Request, context: WebContext, viewer: Viewer,
                    register: SchoolRegister, values: dict[str, str],
                    problem: NoteProblemError | None = None, status: int = 200
                    ) -> HTMLResponse:
    urn = register.school.school_urn
    lowest = ten_lowest(register.entries, register.as_of)
    priority, lower = round_up(register.entries, register.thresholds, register.as_of)
    stages = await _legal_stages(context, urn, [*lowest, *priority, *lower])
    records = (await context.leadership_notes.notes(urn, "meeting"))[::-1]
    return render(request, "leadership/meetings.html", viewer, status=status,
                  register=register, lowest=lowest, priority=priority, lower=lower,
                  stages=stages, no_legal_service=NO_LEGAL_SERVICE, records=records,
                  labels=NOTE_FIELDS["meeting"], values=values, half_term=_half_term(register),
                  error=problem.message if problem else None, trend_labels=TREND_LABELS,
                  trend_rule=TREND_RULE, saved=request.query_params.get("saved") == "1")


async def _legal_stages(context: WebContext, urn: str, entries: list[RegisterEntry]
                        ) -> dict[str, str | None]:
    upns = sorted({entry.upn for entry in entries})
    signals = await asyncio.gather(*(context.store.signals(urn, upn) for upn in upns))
    return {upn: legal_stage(found) for upn, found in zip(upns, signals, strict=True)}


def _half_term(register: SchoolRegister) -> str:
    """The half-term a meeting belongs to, named by its first day."""
    return window_for("half_term", register.as_of, register.calendar).start.isoformat()


async def _register(context: WebContext, cache: Cache, viewer: Viewer, urn: str,
                    as_of: str | None) -> SchoolRegister:
    require_pupils(viewer, urn)
    return await load_register(context.views, cache, urn, parse_as_of(as_of))
