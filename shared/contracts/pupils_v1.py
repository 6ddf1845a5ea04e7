"""Pupil record, version 1: `POST /v1/pupils` and topic `attendance.pupils.v1`.

Keyed "{school_urn}:{upn}" on the topic, so a pupil's roster changes stay in order
with their marks. `updated_at` orders changes: a reader keeps the latest.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import AwareDatetime, ConfigDict, Field, field_validator, model_validator

from shared.contracts.common_v1 import SCHEMA_VERSION, Urn, WireModel
from shared.kernel import MarkError, normalise_upn


class PupilFlagsV1(WireModel):
    """Needs and circumstances that change which actions suit a pupil."""

    sen: Literal["none", "sen_support", "ehcp"] = "none"
    fsm: bool = False
    independent_travel: bool = False
    medical_evidence_required: bool = False
    part_time_timetable: bool = False
    social_worker: bool = False
    safeguarding: bool = False


class ContactV1(WireModel):
    """A person to contact about the pupil; priority 1 is rung first."""

    contact_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    relationship: str = Field(min_length=1)
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9 ()-]{6,20}$")
    priority: int = Field(default=1, ge=1)
    parental_responsibility: bool = False
    may_receive_texts: bool = False
    # Some contacts must never be contacted (court orders): never text or ring them.
    do_not_contact: bool = False


class PupilV1(WireModel):
    """One pupil on a school's roll, as an MIS sends it."""

    school_urn: Urn
    upn: str
    given_name: str = Field(min_length=1)
    family_name: str = Field(min_length=1)
    date_of_birth: date
    year_group: int = Field(ge=0, le=13, description="0 = Reception, 1..13")
    reg_group: str = Field(min_length=1, description='class or registration group, e.g. "4B"')
    admission_date: date
    leaving_date: date | None = None
    flags: PupilFlagsV1 = Field(default_factory=PupilFlagsV1)
    contacts: list[ContactV1] = Field(default_factory=list)
    updated_at: AwareDatetime

    @field_validator("upn", mode="before")
    @classmethod
    def _valid_upn(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("a UPN is text of 13 characters, e.g. A123456789012")
        try:
            return normalise_upn(value)
        except MarkError as error:
            raise ValueError("; ".join(e.message for e in error.errors)) from None

    @model_validator(mode="after")
    def _leaves_after_admission(self) -> PupilV1:
        if self.leaving_date is not None and self.leaving_date < self.admission_date:
            raise ValueError(
                f"leaving_date {self.leaving_date} is before admission_date "
                f"{self.admission_date}; correct one of them"
            )
        return self


class PupilsRequestV1(WireModel):
    """Body of `POST /v1/pupils`: each pupil is checked on its own, so one bad record
    never holds back the others."""

    pupils: list[PupilV1]


class PupilMessageV1(PupilV1):
    """A pupil record on `attendance.pupils.v1`."""

    model_config = ConfigDict(extra="ignore")

    schema_version: Literal[1] = SCHEMA_VERSION
