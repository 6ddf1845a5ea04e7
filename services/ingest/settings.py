"""Settings of the intake service: where it listens, its limits and its topics.

Extends the shared IngestSettings (INGEST_ environment prefix). Every topic name can
be overridden (INGEST_MARKS_TOPIC...), so tests and parallel environments never share
a stream by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from shared.config import IngestSettings
from shared.contracts import topics


@dataclass(frozen=True)
class IntakeTopics:
    """The topics the intake reads and writes."""

    mis_marks: str = topics.MIS_MARKS
    marks: str = topics.MARKS
    pupils: str = topics.PUPILS
    schools: str = topics.SCHOOLS
    rejects: str = topics.REJECTS
    warnings: str = topics.WARNINGS

    def all(self) -> tuple[str, ...]:
        return (self.mis_marks, self.marks, self.pupils, self.schools, self.rejects,
                self.warnings)


class IngestServiceSettings(IngestSettings):
    """Everything `python -m services.ingest` reads from the environment."""

    # Bodies above this are refused with 413 before being read into memory.
    max_body_bytes: int = Field(default=5_000_000, ge=1_000)
    mis_marks_topic: str = topics.MIS_MARKS
    marks_topic: str = topics.MARKS
    pupils_topic: str = topics.PUPILS
    schools_topic: str = topics.SCHOOLS
    rejects_topic: str = topics.REJECTS
    warnings_topic: str = topics.WARNINGS
    consumer_group: str = "ingest"
    # Read raw marks from the MIS topic in this process (off: HTTP intake only).
    consume_mis_marks: bool = True

    def topics(self) -> IntakeTopics:
        return IntakeTopics(self.mis_marks_topic, self.marks_topic, self.pupils_topic,
                            self.schools_topic, self.rejects_topic, self.warnings_topic)
