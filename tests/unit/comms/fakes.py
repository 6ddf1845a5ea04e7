"""The comms send path wired to in-memory twins, with a simulated clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from services.comms.deliveries import Delivery
from services.comms.dispatch import SendDeps
from services.comms.memory import (
    MemoryDayMarks,
    MemoryDeliveries,
    MemoryDirectory,
    MemoryOptOuts,
    RecordingSender,
)
from services.comms.model import Pupil, Purpose, SchoolPolicy
from services.comms.planning import PlannedText, plan_text
from services.comms.ports import SendOutcomeUnknown, SendResult
from tests.unit.comms.builders import SCHOOL, policy


@dataclass
class CrashingSender:
    """A provider that never answers: the process 'dies' mid-send."""

    attempts: int = 0

    async def send(self, delivery: Delivery, body: str) -> SendResult:
        self.attempts += 1
        raise SendOutcomeUnknown("no answer")


@dataclass
class Office:
    """One school's comms with in-memory stores."""

    school: SchoolPolicy = field(default_factory=policy)
    deliveries: MemoryDeliveries = field(default_factory=MemoryDeliveries)
    directory: MemoryDirectory = field(default_factory=MemoryDirectory)
    marks: MemoryDayMarks = field(default_factory=MemoryDayMarks)
    opt_outs: MemoryOptOuts = field(default_factory=MemoryOptOuts)
    sender: RecordingSender = field(default_factory=RecordingSender)

    def __post_init__(self) -> None:
        self.directory.policies[SCHOOL] = self.school

    def deps(self, sender: object | None = None) -> SendDeps:
        return SendDeps(self.deliveries, sender or self.sender,  # type: ignore[arg-type]
                        self.directory, self.marks, self.opt_outs)

    def enrol(self, pupil: Pupil) -> Pupil:
        self.directory.pupils[(pupil.school_urn, pupil.upn)] = pupil
        return pupil

    def mark(self, pupil: Pupil, day: date, *codes: str) -> None:
        self.marks.codes[(pupil.school_urn, pupil.upn, day)] = list(codes)

    async def plan(self, purpose: Purpose, pupil: Pupil, day: date,
                   now: datetime) -> list[PlannedText]:
        codes = await self.marks.day_codes(pupil.school_urn, pupil.upn, day)
        planned = plan_text(purpose, pupil, day, self.school, day_codes=codes,
                            opted_out=self.opt_outs.numbers, now=now)
        assert isinstance(planned, list), planned
        for text in planned:
            await self.deliveries.record(text, now)
        return planned
