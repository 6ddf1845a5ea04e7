"""Checks every records route makes: the form came from this site, the pupil exists."""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException

from services.web.access import Viewer, WebContext, require_pupils
from services.web.readmodel import PupilRecord, SchoolRecord
from services.web.views import NotFoundError


def check_csrf(viewer: Viewer, token: str | None) -> None:
    """403 unless the form (or header) carries the session's CSRF token."""
    expected = viewer.session.csrf if viewer.session else ""
    if not expected or not token or not hmac.compare_digest(expected, token):
        raise HTTPException(403, "This form was not sent from this site, or your session has "
                                 "changed since it was shown: reload the page and send it "
                                 "again.")


def new_form_id() -> str:
    """Made when a form is shown, so sending the same form twice acts once."""
    return secrets.token_hex(12)


async def known_pupil(context: WebContext, viewer: Viewer, school_urn: str,
                      upn: str) -> tuple[SchoolRecord, PupilRecord]:
    """The school and pupil; 403 for a school the viewer may not see, 404 if unknown."""
    require_pupils(viewer, school_urn)
    school = await context.views.school(school_urn)
    pupil = await context.store.pupil(school_urn, upn.strip().upper())
    if pupil is None:
        raise NotFoundError(f"No pupil with this UPN is known at school {school_urn}: no "
                            "roster entry or marks for them have arrived. Check the UPN.")
    return school, pupil


async def known_school(context: WebContext, viewer: Viewer, school_urn: str) -> SchoolRecord:
    require_pupils(viewer, school_urn)
    return await context.views.school(school_urn)
