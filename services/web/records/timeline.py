"""A pupil's timeline and the school's patterns, from office records and comms events.

Pure: the records and events are read by the caller; `today` is an argument.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from shared.contracts.comms_v1 import (
    CommsEventV1,
    DeliveryEventV1,
    LetterEventV1,
    ReplyEventV1,
)
from shared.contracts.office_v1 import (
    CallOutcomeV1,
    ConcernResponseV1,
    ConcernRoute,
    ConcernV1,
    HolidayRequestV1,
    HomeVisitV1,
    OfficeRecordV1,
)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the pupil's timeline; `dated_only` when only its day is known (`at`
    is then the start of that day, and the page shows no time)."""

    at: datetime
    what: str
    summary: str
    note: str = ""
    link: str | None = None
    dated_only: bool = False


def year_start(today: date) -> date:
    """1 September of the school year `today` falls in."""
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def _words(value: str | None) -> str:
    return (value or "not known").replace("_", " ")


# Concerns and answers that the viewer may not read: shown as raised, without details.
_WITHHELD = "what it says is for the people it was sent to"
_ROUTE_WORDS = {"attendance_lead": "the SLT attendance lead",
                "safeguarding": "the safeguarding team"}


def _routes(routes: Sequence[ConcernRoute]) -> str:
    return " and ".join(_ROUTE_WORDS[route] for route in routes)


def record_entry(record: OfficeRecordV1, withheld: Collection[str] = ()) -> TimelineEntry:
    """The record's line; `withheld` holds ids of concerns the viewer may not read."""
    day = record.school_day.strftime("%-d %b")
    if isinstance(record, CallOutcomeV1):
        summary = (f"{_words(record.attempt)} call about {day}: {_words(record.outcome)}; "
                   f"barrier {_words(record.barrier)}"
                   + (f"; reason given: {record.reason_given}" if record.reason_given else "")
                   + ("; challenged" if record.challenged else ""))
        return TimelineEntry(record.recorded_at, "Call", summary, record.note)
    if isinstance(record, ConcernV1):
        if record.record_id in withheld:
            return TimelineEntry(record.recorded_at, "Concern",
                                 f"sent to {_routes(record.routed_to)}; {_WITHHELD}")
        return TimelineEntry(record.recorded_at, "Concern",
                             f"barrier {_words(record.barrier)}; sent to "
                             f"{_routes(record.routed_to)}", record.note)
    if isinstance(record, ConcernResponseV1):
        what = "Concern acknowledged" if record.response == "acknowledged" else (
            "Concern acted on")
        summary = f"by {record.recorded_by} for {_routes(record.routes)}"
        if record.concern_id in withheld:
            return TimelineEntry(record.recorded_at, what, f"{summary}; {_WITHHELD}")
        return TimelineEntry(record.recorded_at, what, summary, record.note)
    if isinstance(record, HomeVisitV1):
        return TimelineEntry(record.recorded_at, "Home visit",
                             f"on {day}: {_words(record.outcome)}", record.note)
    assert isinstance(record, HolidayRequestV1)
    return TimelineEntry(record.recorded_at, "Holiday request",
                         f"{record.first_day:%-d %b} to {record.last_day:%-d %b}: "
                         f"{_words(record.decision)}", record.note)


def event_entry(event: CommsEventV1) -> TimelineEntry | None:
    if isinstance(event, DeliveryEventV1):
        return TimelineEntry(event.updated_at, "Text", f"{_words(event.purpose)}: "
                             f"{_words(event.state)}", event.body)
    if isinstance(event, ReplyEventV1):
        return TimelineEntry(event.received_at, "Parent's reply", event.body)
    if isinstance(event, LetterEventV1):
        return TimelineEntry(event.updated_at, "Letter", f"{event.title}: {event.state}",
                             link=f"/schools/{event.school_urn}/letters/{event.letter_id}")
    return None  # call tasks show on the office's lists, not in the history


def pupil_timeline(records: Sequence[OfficeRecordV1], events: Sequence[CommsEventV1],
                   withheld: Collection[str] = ()) -> list[TimelineEntry]:
    """Everything done about the pupil, newest first; concerns in `withheld` (and the
    answers to them) without their details."""
    entries = [record_entry(record, withheld) for record in records]
    entries += [entry for event in events if (entry := event_entry(event)) is not None]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def barrier_counts(records: Sequence[OfficeRecordV1], since: date) -> list[tuple[str, int]]:
    """Barriers named in calls and concerns from `since`, most frequent first."""
    counts = Counter[str](record.barrier for record in records
                     if isinstance(record, CallOutcomeV1 | ConcernV1)
                     and record.barrier is not None and record.school_day >= since)
    return counts.most_common()


@dataclass
class SchoolPatterns:
    """What the school's records show over the year: for SLT and the safeguarding lead."""

    barriers: list[tuple[str, int]]
    call_outcomes: list[tuple[str, int]]
    concerns: dict[ConcernRoute, list[ConcernV1]] = field(default_factory=dict)


def school_patterns(records: Sequence[OfficeRecordV1], since: date) -> SchoolPatterns:
    outcomes = Counter[str](record.outcome for record in records
                       if isinstance(record, CallOutcomeV1) and record.school_day >= since)
    concerns: dict[ConcernRoute, list[ConcernV1]] = {"attendance_lead": [],
                                                     "safeguarding": []}
    for record in sorted(records, key=lambda r: r.recorded_at, reverse=True):
        if isinstance(record, ConcernV1) and record.school_day >= since:
            for route in record.routed_to:
                concerns[route].append(record)
    return SchoolPatterns(barrier_counts(records, since), outcomes.most_common(), concerns)
