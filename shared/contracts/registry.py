"""Every topic of the product with its key and message contract.

The one list that docs/asyncapi.yaml is generated from (`python -m
shared.contracts.asyncapi > docs/asyncapi.yaml`), and that a test checks against
shared/contracts/topics.py, so the document can never fall behind the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from shared.contracts import topics
from shared.contracts.comms_v1 import CommsCommandMessageV1, CommsEventMessageV1
from shared.contracts.marks_v1 import CanonicalMarkV1, NormalisedMarkV1
from shared.contracts.office_v1 import OfficeRecordMessageV1
from shared.contracts.pupils_v1 import PupilMessageV1
from shared.contracts.rejects_v1 import RejectV1
from shared.contracts.schools_v1 import SchoolSettingsMessageV1
from shared.contracts.signals_v1 import SignalV1
from shared.contracts.warnings_v1 import IntakeWarningV1

PUPIL_KEY = r"^\d{6}:[A-Z0-9]{13}$"
URN_KEY = r"^\d{6}$"


@dataclass(frozen=True)
class TopicContract:
    """A topic: its name, who writes it, what the key is and the message model."""

    topic: str
    title: str
    description: str
    # From the product's point of view: "receive" for topics integrators write to.
    action: Literal["send", "receive"]
    key_description: str
    key_pattern: str | None
    key_nullable: bool
    message: type[BaseModel]


REGISTRY: tuple[TopicContract, ...] = (
    TopicContract(
        topics.MIS_MARKS, "Raw register marks from an MIS",
        "Integrators produce canonical marks here (the same JSON as POST /v1/marks). The "
        "intake validates them exactly as over HTTP: accepted marks go on to "
        "attendance.marks.v1, refused ones to attendance.rejects.v1 with the reason. A "
        "field that is not a field of a mark is ignored with a warning on "
        "attendance.warnings.v1; a date that is not a school day (a weekend, or a day "
        "the school's calendar has no sessions, unless the code is a not-possible one "
        "such as '#') is refused.",
        "receive", '"{school_urn}:{upn}" (recommended, keeps a pupil\'s marks in order)',
        None, True, CanonicalMarkV1),
    TopicContract(
        topics.MARKS, "Accepted register marks",
        "Validated, normalised marks (canonical code). A later recorded_at replaces an "
        "earlier mark of the same school, pupil, date and session; an equal or older "
        "one is a no-op, so replays and resends are harmless.",
        "send", '"{school_urn}:{upn}"', PUPIL_KEY, False, NormalisedMarkV1),
    TopicContract(
        topics.PUPILS, "Pupil roster",
        "Pupil details, flags and contacts from POST /v1/pupils. The latest updated_at "
        "wins. Names and phone numbers must never be logged by a reader.",
        "send", '"{school_urn}:{upn}"', PUPIL_KEY, False, PupilMessageV1),
    TopicContract(
        topics.SCHOOLS, "School settings",
        "Calendar, closures, register-close times, timetable, thresholds and message "
        "schedule from PUT /v1/schools/{urn}. The latest updated_at wins.",
        "send", '"{school_urn}"', URN_KEY, False, SchoolSettingsMessageV1),
    TopicContract(
        topics.REJECTS, "Refused records",
        "Every record the intake refused (HTTP, CSV or Kafka) with every reason, so "
        "nothing is dropped silently and the sender can correct and resend it.",
        "send", '"{school_urn}" when the record names a valid one, else no key',
        URN_KEY, True, RejectV1),
    TopicContract(
        topics.WARNINGS, "Accepted records with warnings",
        "Records the intake accepted (HTTP, CSV or Kafka) that carry something to fix, "
        "e.g. a field that is not a field of a mark (likely misspelt; its value was "
        "ignored). Each names the record's position, the field and the fix; the record "
        "itself is not repeated, so no UPN or name is in it.",
        "send", '"{school_urn}" when the record names a valid one, else no key',
        URN_KEY, True, IntakeWarningV1),
    TopicContract(
        topics.SIGNALS, "Attendance signals",
        "Threshold crossings and daily signals from the risk service. signal_id is "
        "deterministic, so a reader acts on each id once.",
        "send", '"{school_urn}:{upn}"', PUPIL_KEY, False, SignalV1),
    TopicContract(
        topics.OFFICE_RECORDS, "What staff did",
        "Call outcomes, concerns, leads' answers to concerns, home visits and holiday "
        "requests recorded by staff. record_id is made when the form is shown, so a "
        "reader stores each id once; a reader skips a kind it does not act on.",
        "send", '"{school_urn}:{upn}"', PUPIL_KEY, False, OfficeRecordMessageV1),
    TopicContract(
        topics.COMMS_EVENTS, "What comms did",
        "Texts and their delivery state, parents' replies, letters from draft to issued, "
        "and call tasks. A reader keeps the highest version of each id.",
        "send", '"{school_urn}"', URN_KEY, False, CommsEventMessageV1),
    TopicContract(
        topics.COMMS_COMMANDS, "Staff decisions for comms",
        "Letter reviews and decisions on texts whose outcome is unknown. comms carries "
        "out each command_id once.",
        "send", '"{school_urn}"', URN_KEY, False, CommsCommandMessageV1),
)


def contract_for(topic: str) -> TopicContract:
    """The contract of a topic; KeyError for a topic the product does not have."""
    for contract in REGISTRY:
        if contract.topic == topic:
            return contract
    raise KeyError(topic)
