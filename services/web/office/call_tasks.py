"""Call tasks comms sets for the office (e.g. the same-day call when a holiday request is
refused, action 9.2), as the second-calls list shows them for a day.

Comms sets a task and never closes it: the office closes it by making the call. A task is
done by the first call outcome about the pupil that
- is about the task's due day or a later school day,
- was recorded after the task was set (a morning call about an absence does not tell
  the family about a refusal decided that afternoon), and
- got the message to the family: reached, or a message left. No answer or a wrong
  number leaves the task open (the attempt shows on its row).

On the list of a day: open tasks due that day or before (overdue when due before), and
tasks done that day, shown as done so the office sees the day's work; a task done on an
earlier day is gone. Pure: the tasks and calls are read by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from services.web.office.inputs import OfficePupil
from shared.contracts.comms_v1 import CallTaskEventV1
from shared.contracts.office_v1 import CallOutcomeV1

TaskStatus = Literal["overdue", "due", "done"]
GOT_THROUGH = ("reached", "message_left")


@dataclass(frozen=True)
class TaskRow:
    """A call task on a day's list, with the pupil it is about (None if the roster does
    not know them) and the calls made about it up to that day."""

    task: CallTaskEventV1
    pupil: OfficePupil | None
    status: TaskStatus
    calls: tuple[CallOutcomeV1, ...]

    @property
    def done_by(self) -> CallOutcomeV1 | None:
        """The call that closed the task, when it is done."""
        return next((call for call in self.calls if call.outcome in GOT_THROUGH), None)

    def to_dict(self) -> dict[str, Any]:
        named = self.pupil.summary() if self.pupil else {"upn": self.task.upn}
        done_by = self.done_by
        return {**named, "task_id": self.task.task_id, "purpose": self.task.purpose,
                "due_on": self.task.due_on.isoformat(), "status": self.status,
                "done_by_call": None if done_by is None else done_by.record_id,
                "calls": [{"school_day": c.school_day.isoformat(), "attempt": c.attempt,
                           "outcome": c.outcome, "recorded_at": c.recorded_at.isoformat()}
                          for c in self.calls]}


def calls_about(task: CallTaskEventV1, calls: Iterable[CallOutcomeV1],
                day: date) -> tuple[CallOutcomeV1, ...]:
    """Calls made for the task by the end of `day`, oldest first, up to the one that
    closed it."""
    made: list[CallOutcomeV1] = []
    for call in sorted(calls, key=lambda c: c.recorded_at):
        if (call.school_urn == task.school_urn and call.upn == task.upn
                and task.due_on <= call.school_day <= day
                and call.recorded_at >= task.updated_at):
            made.append(call)
            if call.outcome in GOT_THROUGH:
                break
    return tuple(made)


def task_status(task: CallTaskEventV1, calls: tuple[CallOutcomeV1, ...],
                day: date) -> TaskStatus | None:
    """Where the task stands on `day`; None when it is not on that day's list."""
    if task.done or task.due_on > day:
        return None
    closing = next((call for call in calls if call.outcome in GOT_THROUGH), None)
    if closing is not None:
        return "done" if closing.school_day == day else None
    return "due" if task.due_on == day else "overdue"


def call_task_rows(tasks: Iterable[CallTaskEventV1], calls: Iterable[CallOutcomeV1],
                   pupils: Mapping[str, OfficePupil], day: date) -> list[TaskRow]:
    """The tasks on `day`'s list: overdue first (oldest due first), then due, then done."""
    calls = list(calls)
    rows = []
    for task in tasks:
        made = calls_about(task, calls, day)
        status = task_status(task, made, day)
        if status is not None:
            rows.append(TaskRow(task, pupils.get(task.upn), status, made))
    order = {"overdue": 0, "due": 1, "done": 2}
    return sorted(rows, key=lambda r: (order[r.status], r.task.due_on, r.task.upn))
