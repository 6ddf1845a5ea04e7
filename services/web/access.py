"""Who is asking, and which schools they may see: enforced on the server for every read.

The read API takes a bearer read token (limited to its schools) or a staff session;
the pages take only a staff session and send anyone else to the sign-in page.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from services.web.audit import AuditAction, AuditEntry, AuditLog, InMemoryAuditLog
from services.web.auth import SESSION_COOKIE, Session, SessionCodec
from services.web.leadership.notes import InMemoryNoteStore, NoteStore
from services.web.office_activity import InMemoryOfficeActivity, OfficeActivity
from services.web.oidc import OidcProvider
from services.web.records.log import InMemoryOfficeLog, OfficeLog
from services.web.records.publisher import InMemoryOfficePublisher, OfficePublisher
from services.web.signed_out import InMemorySignedOutSessions, SignedOutSessions
from services.web.staff import StaffDirectory, StaffMember
from services.web.store import ReadModelStore
from services.web.throttle import SignInThrottle
from services.web.views import ReadViews
from shared.infra.tokens import TokenGrant

TokenVerifier = Callable[[str], Awaitable[TokenGrant | None]]


@dataclass(frozen=True)
class WebContext:
    """The web service's parts, built once in the composition root (app.create_app)."""

    store: ReadModelStore
    views: ReadViews
    staff: StaffDirectory
    sessions: SessionCodec
    verify_token: TokenVerifier
    now: Callable[[], datetime]
    # Cookies are Secure except over plain HTTP to a loopback host (services.web.cookies);
    # True makes them Secure there too (WEB_SECURE_COOKIES).
    always_secure_cookies: bool = False
    # Sessions ended by signing out (their signed cookies are refused from then on).
    signed_out: SignedOutSessions = field(default_factory=InMemorySignedOutSessions)
    # What the office and comms did (the office feed); empty until that feed is wired.
    activity: OfficeActivity = field(default_factory=InMemoryOfficeActivity)
    audit: AuditLog = field(default_factory=InMemoryAuditLog)
    throttle: SignInThrottle = field(default_factory=SignInThrottle)
    # Sign-in through the school's identity provider, when one is configured.
    oidc: OidcProvider | None = None
    # The records pages: what the office and comms did (in production the same object
    # as `activity`), and where staff records and decisions for comms are sent.
    office_log: OfficeLog = field(default_factory=InMemoryOfficeLog)
    office_publisher: OfficePublisher = field(default_factory=InMemoryOfficePublisher)
    # Leaders' register narratives, meeting records and pupils' roles (append-only).
    leadership_notes: NoteStore = field(default_factory=InMemoryNoteStore)

    def timestamp(self) -> float:
        """Wall-clock seconds for sessions, sign-in throttling and forms: these never
        follow the demo's simulated clock, or a session would end as the demo's days pass."""
        return time.time()

    def today(self) -> date:
        return self.now().date()


@dataclass(frozen=True)
class Viewer:
    """A caller: a signed-in member of staff, or an integration with a read token.

    `schools` None means every school (trust central staff).
    """

    name: str
    schools: frozenset[str] | None
    session: Session | None = None
    member: StaffMember | None = None  # None for a read token

    def may_see(self, school_urn: str) -> bool:
        return self.schools is None or school_urn in self.schools

    @property
    def sees_pupils(self) -> bool:
        """Governors see aggregate figures only; read tokens serve integrations."""
        return self.member is None or self.member.sees_pupils


class AccessRefusedError(HTTPException):
    """403 for a school, pupil or action the caller's schools or role do not allow;
    the refusal is recorded in the audit log (services.web.app)."""

    def __init__(self, viewer: Viewer, school_urn: str | None, message: str) -> None:
        super().__init__(403, message)
        self.viewer = viewer
        self.school_urn = school_urn

    @property
    def audit_schools(self) -> Collection[str]:
        """The schools whose audit log records the refusal: the school asked about, or,
        for a page of no one school (the audit log), every school of the caller, so
        their head teachers see it ("" for a caller over every school)."""
        if self.school_urn is not None:
            return [self.school_urn]
        return sorted(self.viewer.schools or ()) or [""]


class SignInRequiredError(Exception):
    """A page was asked for without a staff session; the handler redirects to sign in."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def web_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.web
    return context


Context = Annotated[WebContext, Depends(web_context)]


async def _session(request: Request, context: WebContext) -> Session | None:
    """The session of the signed cookie, unless it was ended by signing out."""
    session = context.sessions.session(request.cookies.get(SESSION_COOKIE),
                                       context.timestamp())
    if session is None or await context.signed_out.contains(session.session_id):
        return None
    return session


async def api_viewer(request: Request, context: Context) -> Viewer:
    """A read token (Authorization: Bearer) or a staff session; otherwise 401."""
    header = request.headers.get("authorization")
    if header is None:
        signed_in = await _signed_in(request, context)
        if signed_in is not None:
            return signed_in
        raise HTTPException(401, "Sign in, or send a read token as 'Authorization: Bearer "
                                 "<token>' (make one with `attendance token create --scope "
                                 "read`).", headers={"WWW-Authenticate": "Bearer"})
    scheme, _, raw = header.partition(" ")
    grant = await context.verify_token(raw.strip()) if scheme.lower() == "bearer" else None
    if grant is None:
        raise HTTPException(401, "The bearer token is not known; check it was copied whole, "
                                 "or make a new one with `attendance token create --scope "
                                 "read`.", headers={"WWW-Authenticate": "Bearer"})
    if grant.scope != "read":
        raise HTTPException(403, f"Token '{grant.name}' may only send data ({grant.scope}); "
                                 "reading needs a token made with --scope read.")
    return Viewer(grant.name, grant.schools, None)


async def page_viewer(request: Request, context: Context) -> Viewer:
    """A staff session, or a redirect to the sign-in page that comes back here."""
    signed_in = await _signed_in(request, context)
    if signed_in is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequiredError(path)
    return signed_in


async def _signed_in(request: Request, context: WebContext) -> Viewer | None:
    """The session's member of staff, while their account still exists and is active."""
    session = await _session(request, context)
    member = None if session is None else context.staff.member(session.user)
    if session is None or member is None:
        return None
    return Viewer(member.user, member.schools, session, member)


ApiViewer = Annotated[Viewer, Depends(api_viewer)]
PageViewer = Annotated[Viewer, Depends(page_viewer)]


def require_school(viewer: Viewer, school_urn: str) -> None:
    """403 unless the caller may see the school (checked before looking it up)."""
    if not viewer.may_see(school_urn):
        raise AccessRefusedError(viewer, school_urn, f"'{viewer.name}' is not allowed to "
                                 f"see school {school_urn}; ask for access that includes it.")


def require_pupils(viewer: Viewer, school_urn: str) -> None:
    """403 unless the caller may see the school's named pupils (governors may not)."""
    require_school(viewer, school_urn)
    if not viewer.sees_pupils:
        raise AccessRefusedError(viewer, school_urn, "Governors see the school's aggregate "
                                 "figures only, never a pupil's record.")


def require_role(viewer: Viewer, school_urn: str | None,
                 allowed: Callable[[StaffMember], bool], message: str) -> None:
    """403, recorded in the audit log, unless the caller is a member of staff whose role
    allows the action (`allowed`, e.g. `lambda member: member.leads`); `message` says
    who may, so the caller knows whom to ask."""
    if viewer.member is None or not allowed(viewer.member):
        raise AccessRefusedError(viewer, school_urn, message)


async def audit_view(context: WebContext, viewer: Viewer, school_urn: str, upn: str,
                     what: str, action: AuditAction = "viewed") -> None:
    """Record in the audit log that `viewer` viewed (or changed) a pupil's record."""
    await context.audit.record(AuditEntry(context.now(), viewer.name, action, school_urn,
                                          upn, what))
