"""Register marks, version 1.

Canonical mark: what integrators send (`POST /v1/marks`, `POST /v1/marks.csv` with the
same header names, and topic `mis.marks.v1`). The intake validates it with the
attendance kernel (`shared.kernel.parse_mark`), which also accepts the spellings MIS
products use for codes ("y 1", "C-2"...) and string values from CSV. A field that is
not a field of a mark does not refuse the mark: its value is ignored and the answer
(and `attendance.warnings.v1`) carries a warning naming it, so a misspelt field
never vanishes unnoticed.

Normalised mark: what the intake publishes on `attendance.marks.v1`, keyed
"{school_urn}:{upn}". Readers rebuild a kernel `Mark` with `parse_mark` (extra keys
are ignored). A later `recorded_at` replaces an earlier mark of the same school, pupil,
date and session; an equal or older one changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, ConfigDict, Field

from shared.contracts.common_v1 import SCHEMA_VERSION, Source, TopicMessage, Urn, WireModel
from shared.kernel import MARK_FIELDS, REQUIRED_MARK_FIELDS, Mark

__all__ = [
    "MARK_FIELDS",
    "REQUIRED_MARK_FIELDS",
    "CanonicalMarkV1",
    "MarksRequestV1",
    "NormalisedMarkV1",
    "normalised_mark",
]


class CanonicalMarkV1(WireModel):
    """One register mark as an MIS sends it. Other fields are accepted with a warning
    naming each (their values are ignored), since MIS exports gain fields over time."""

    # Not "forbid": an unknown field is a warning, not a refusal (see the module's notes).
    model_config = ConfigDict(extra="allow")

    school_urn: Urn
    upn: str = Field(description="13-character UPN (permanent or temporary)")
    date: date
    session: Literal["AM", "PM"]
    code: str = Field(description='DfE register code, e.g. "/", "N", "C2", "Y1"; "-" = no mark')
    minutes_late: int | None = Field(default=None, ge=0)
    recorded_at: AwareDatetime = Field(description="when the mark was taken or amended")
    comment: str | None = None


class MarksRequestV1(WireModel):
    """Body of `POST /v1/marks`: each mark is checked on its own."""

    marks: list[CanonicalMarkV1]


class NormalisedMarkV1(TopicMessage):
    """An accepted mark on `attendance.marks.v1`, code in canonical form."""

    model_config = ConfigDict(extra="ignore")

    schema_version: Literal[1] = SCHEMA_VERSION
    school_urn: Urn
    upn: str
    date: date
    session: Literal["AM", "PM"]
    code: str
    minutes_late: int | None
    recorded_at: AwareDatetime
    comment: str | None
    source: Source
    ingested_at: AwareDatetime = Field(description="UTC time the intake accepted the mark")


def normalised_mark(mark: Mark, source: Source, ingested_at: datetime) -> dict[str, Any]:
    """The JSON-ready message for an accepted mark (built directly: it is the hot path)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "school_urn": mark.school_urn,
        "upn": mark.upn,
        "date": mark.date.isoformat(),
        "session": mark.session,
        "code": mark.code,
        "minutes_late": mark.minutes_late,
        "recorded_at": mark.recorded_at.isoformat(),
        "comment": mark.comment or None,
        "source": source,
        "ingested_at": ingested_at.astimezone(UTC).isoformat(),
    }
