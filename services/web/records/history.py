"""A pupil's history for the pupil page: what was done about them, and the barriers named."""

from __future__ import annotations

from dataclasses import dataclass

from services.web.access import Viewer, WebContext
from services.web.records.concerns import withheld_concerns
from services.web.records.forms import KINDS
from services.web.records.timeline import (
    TimelineEntry,
    barrier_counts,
    pupil_timeline,
    year_start,
)


@dataclass(frozen=True)
class PupilHistory:
    """The pupil page's timeline section: what was done, and the barriers named."""

    entries: list[TimelineEntry]
    barriers: list[tuple[str, int]]
    record_kinds: dict[str, str]


async def load_pupil_history(context: WebContext, school_urn: str, upn: str,
                             viewer: Viewer) -> PupilHistory:
    """Calls, concerns and the answers to them, visits, requests, texts, replies and
    letters, newest first; a concern the viewer may not read shows without its details
    and adds no barrier (services.web.records.concerns)."""
    records = await context.office_log.pupil_records(school_urn, upn)
    events = await context.office_log.pupil_events(school_urn, upn)
    withheld = withheld_concerns(records, viewer.member, viewer.name)
    readable = [record for record in records if record.record_id not in withheld]
    return PupilHistory(pupil_timeline(records, events, withheld),
                        barrier_counts(readable, year_start(context.today())), KINDS)
