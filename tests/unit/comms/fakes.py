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
from shared.kernel.nudges import CallMade
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


@dataclass
class MemoryCohorts:
    """What the clock-driven jobs read: one school's roster, day codes and job runs."""

    pupils: list[Pupil] = field(default_factory=list)
    codes: dict[str, dict[date, list[str]]] = field(default_factory=dict)
    runs: set[str] = field(default_factory=set)

    async def school_urns(self) -> list[str]:
        return [SCHOOL]

    async def pupils_on_roll(self, school_urn: str, on: date) -> list[Pupil]:
        return list(self.pupils)

    async def codes_between(self, school_urn: str, start: date,
                            end: date) -> dict[str, dict[date, list[str]]]:
        return {upn: {d: c for d, c in days.items() if start <= d <= end}
                for upn, days in self.codes.items()}

    async def claim_job(self, run_id: str, now: datetime) -> bool:
        fresh = run_id not in self.runs
        self.runs.add(run_id)
        return fresh


@dataclass
class MemoryStaffRecords:
    """The office's records comms keeps: calls (for the golden hour), holiday requests
    and call tasks."""

    calls: dict[str, tuple[str, CallMade]] = field(default_factory=dict)
    holiday_requests: dict[str, dict[str, object]] = field(default_factory=dict)
    tasks: set[str] = field(default_factory=set)

    async def keep_call(self, record_id: str, school_urn: str, upn: str, school_day: date,
                        outcome: str) -> None:
        self.calls.setdefault(record_id, (school_urn, CallMade(upn, school_day, outcome)))

    async def calls_between(self, school_urn: str, start: date, end: date) -> list[CallMade]:
        return [call for urn, call in self.calls.values()
                if urn == school_urn and start <= call.day <= end]

    async def keep_holiday_request(self, record_id: str, record: dict[str, object]) -> None:
        self.holiday_requests.setdefault(record_id, record)

    async def add_call_task(self, task_id: str, school_urn: str, upn: str, purpose: str,
                            due_on: date, now: datetime) -> bool:
        fresh = task_id not in self.tasks
        self.tasks.add(task_id)
        return fresh
