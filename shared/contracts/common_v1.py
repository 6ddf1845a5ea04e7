"""Field types and small shapes shared by the version-1 wire contracts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

# A school's Unique Reference Number: exactly six digits, kept as text (leading zeros).
Urn = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
# Where a record came in: JSON over HTTP, CSV over HTTP, or the raw Kafka topic.
Source = Literal["http", "csv", "kafka"]
SCHEMA_VERSION: Literal[1] = 1


class WireModel(BaseModel):
    """Base of records sent to the intake: unknown fields are refused, so typos surface."""

    model_config = ConfigDict(extra="forbid")


class TopicMessage(BaseModel):
    """Base of messages on the product's topics: readers ignore fields added later."""

    model_config = ConfigDict(extra="ignore")


class FieldErrorV1(WireModel):
    """One problem with one field of a record, worded so the sender can fix it."""

    field: str
    message: str
