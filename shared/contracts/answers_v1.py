"""Answers of the HTTP intake, version 1.

`202` when at least one record was accepted (refused ones are listed), `422` when
none was (same body), `403` when every record is for a school the token may not send
for, `413` when the body is too large to read.

`warnings` lists accepted records that carry something the sender should fix, such as
a field that is not a field of a mark (likely misspelt; its value was ignored). It was
added compatibly: it is present only when there is a warning, so a clean batch is
answered exactly as before. For a CSV body, a column the header names is warned about
once, at row 1.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from shared.contracts.common_v1 import FieldErrorV1


class RejectedRecordV1(BaseModel):
    """A refused record: `index` (JSON, from 0) or `row` (CSV, header = line 1)."""

    index: int | None = None
    row: int | None = None
    errors: list[FieldErrorV1]


class WarnedRecordV1(BaseModel):
    """An accepted record with warnings: `index` (JSON, from 0) or `row` (CSV, header = 1)."""

    index: int | None = None
    row: int | None = None
    warnings: list[FieldErrorV1]


class IntakeAnswerV1(BaseModel):
    """What the intake did with a request. Refused records also go to the rejects topic."""

    accepted: int = Field(ge=0)
    rejected: list[RejectedRecordV1] = Field(default_factory=list)
    warnings: list[WarnedRecordV1] = Field(
        default_factory=list,
        description="accepted records with something to fix, e.g. a field that is not a "
                    "field of a mark; present only when there is one")
    message: str | None = Field(
        default=None, description="what is wrong with the request as a whole, if anything")
