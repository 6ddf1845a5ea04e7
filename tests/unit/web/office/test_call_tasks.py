"""Call tasks on the second-calls list: a holiday refusal's same-day call (9.2) stays
until the office records a call that gets through to the family."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from services.web.office.call_tasks import call_task_rows
from services.web.office.facts import SCHOOL_TIME
from shared.contracts.comms_v1 import CallTaskEventV1
from shared.contracts.office_v1 import CallOutcome, CallOutcomeV1
from tests.unit.web.office.builders import TUESDAY, URN, pupil

UPN = "A801100026001"
SISTER = "A801100026002"
WEDNESDAY, THURSDAY, FRIDAY = date(2026, 9, 9), date(2026, 9, 10), date(2026, 9, 11)
PUPILS = {UPN: pupil(UPN), SISTER: pupil(SISTER)}


def at(day: date, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hour, minute), SCHOOL_TIME).astimezone(UTC)


def refusal_task(due_on: date = TUESDAY, set_at: str = "12:00",
                 done: bool = False) -> CallTaskEventV1:
    """The task comms sets when the head refuses a holiday request on `due_on`."""
    return CallTaskEventV1(school_urn=URN, version=1, updated_at=at(due_on, set_at),
                           task_id="task-1", upn=UPN, purpose="holiday_refusal_call",
                           due_on=due_on, done=done)


def call(outcome: CallOutcome, day: date = TUESDAY, clock: str = "14:00",
         upn: str = UPN) -> CallOutcomeV1:
    return CallOutcomeV1(record_id=f"call-{upn}-{day}-{clock}", school_urn=URN, upn=upn,
                         school_day=day, recorded_at=at(day, clock), recorded_by="office",
                         attempt="other", outcome=outcome)


def listed(day: date, calls: list[CallOutcomeV1],
           task: CallTaskEventV1 | None = None) -> list[tuple[str, str]]:
    rows = call_task_rows([task or refusal_task()], calls, PUPILS, day)
    return [(row.task.purpose, row.status) for row in rows]


def test_a_holiday_refusal_call_task_stays_on_the_second_calls_list_until_the_office_records_a_call_to_the_family_then_shows_as_done() -> None:  # noqa: E501
    assert listed(TUESDAY, []) == [("holiday_refusal_call", "due")]
    no_answer = call("no_answer", clock="13:00")
    assert listed(TUESDAY, [no_answer]) == [("holiday_refusal_call", "due")]
    reached = call("reached", clock="15:10")
    assert listed(TUESDAY, [no_answer, reached]) == [("holiday_refusal_call", "done")]
    [row] = call_task_rows([refusal_task()], [no_answer, reached], PUPILS, TUESDAY)
    assert row.calls == (no_answer, reached) and row.done_by == reached


def test_a_task_done_on_its_day_is_gone_from_the_next_days_list() -> None:
    assert listed(WEDNESDAY, [call("reached")]) == []
    assert listed(FRIDAY, [call("reached")]) == []


def test_a_task_not_called_on_its_day_is_still_listed_the_next_day_as_overdue() -> None:
    assert listed(WEDNESDAY, []) == [("holiday_refusal_call", "overdue")]
    assert listed(FRIDAY, [call("no_answer", WEDNESDAY)]) == [
        ("holiday_refusal_call", "overdue")]


def test_a_late_call_closes_an_overdue_task_on_the_day_it_is_made_and_not_before() -> None:
    late = call("reached", THURSDAY, "09:20")
    assert listed(WEDNESDAY, [late]) == [("holiday_refusal_call", "overdue")]
    assert listed(THURSDAY, [late]) == [("holiday_refusal_call", "done")]
    assert listed(FRIDAY, [late]) == []


def test_a_message_left_closes_the_task_but_no_answer_or_a_wrong_number_does_not() -> None:
    assert listed(TUESDAY, [call("message_left")]) == [("holiday_refusal_call", "done")]
    assert listed(TUESDAY, [call("wrong_number")]) == [("holiday_refusal_call", "due")]


def test_a_morning_absence_call_made_before_the_refusal_does_not_close_its_task() -> None:
    morning = call("reached", clock="09:40")
    assert listed(TUESDAY, [morning], refusal_task(set_at="13:30")) == [
        ("holiday_refusal_call", "due")]


def test_a_call_about_a_brother_or_sister_or_an_earlier_day_does_not_close_the_task() -> None:
    sibling = call("reached", upn=SISTER)
    earlier = call("reached", date(2026, 9, 7))
    task = refusal_task(set_at="00:00")  # set before either call, so only the rule decides
    assert listed(TUESDAY, [sibling, earlier], task) == [("holiday_refusal_call", "due")]


def test_a_task_comms_marked_done_or_not_yet_due_is_not_listed() -> None:
    assert listed(TUESDAY, [], refusal_task(done=True)) == []
    assert listed(TUESDAY, [], refusal_task(due_on=WEDNESDAY)) == []


def test_overdue_tasks_come_first_then_todays_then_those_done() -> None:
    tasks = [refusal_task(WEDNESDAY).model_copy(update={"task_id": "today"}),
             refusal_task(TUESDAY).model_copy(update={"task_id": "yesterday"}),
             refusal_task(WEDNESDAY).model_copy(update={"task_id": "called",
                                                        "upn": SISTER})]
    rows = call_task_rows(tasks, [call("reached", WEDNESDAY, upn=SISTER)], PUPILS, WEDNESDAY)
    assert [(row.task.task_id, row.status) for row in rows] == [
        ("yesterday", "overdue"), ("today", "due"), ("called", "done")]
