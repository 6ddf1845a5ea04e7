"""A holiday refusal's call task on the second-calls page, closed by recording the call on
the form its row links to (the app's clock says Tue 8 Sep 2026, 16:00 in London)."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

from shared.contracts.comms_v1 import CallTaskEventV1
from tests.unit.web.conftest import READ_TOKEN
from tests.unit.web.office_records.conftest import Desk, form_field
from tests.unit.web.records import BEN, URN

SECOND_CALLS = f"/schools/{URN}/office/second-calls"


def refusal_task() -> CallTaskEventV1:
    return CallTaskEventV1(school_urn=URN, version=1,
                           updated_at=datetime(2026, 9, 8, 11, 0, tzinfo=UTC),
                           task_id="task-0001", upn=BEN, purpose="holiday_refusal_call",
                           due_on=date(2026, 9, 8))


async def tasks_on(desk: Desk, day: str) -> str:
    page = await desk.client.get(SECOND_CALLS, params={"day": day})
    assert page.status_code == 200
    return page.text[page.text.index("<h2>Call tasks due</h2>"):]


def filled_in_day(page: str) -> str:
    found = re.search(r'name="school_day" type="date" value="([^"]*)"', page)
    assert found is not None, "the form has no school day"
    return found.group(1)


async def record_the_call_from_the_task_row(desk: Desk, outcome: str) -> None:
    """Open the row's link, fill in the call and send it; the office feed then brings the
    published record back into the log, as it does in the running service."""
    link = html.unescape(
        (await tasks_on(desk, "2026-09-08")).split('href="')[2].split('"')[0])
    assert link.startswith(f"/schools/{URN}/pupils/{BEN}/records/new?kind=call_outcome")
    form = await desk.client.get(link)
    assert filled_in_day(form.text) == "2026-09-08"
    sent = await desk.client.post(link.split("?")[0], data={
        "csrf_token": form_field(form.text, "csrf_token"), "kind": "call_outcome",
        "record_id": form_field(form.text, "record_id"),
        "school_day": filled_in_day(form.text),
        "attempt": "other", "outcome": outcome, "barrier": "holiday"})
    assert sent.status_code == 303
    await desk.log.store_records(desk.sent.records)


async def test_a_refusal_call_task_is_due_until_a_call_reaches_the_family_then_done_that_day(
        desk: Desk) -> None:
    await desk.log.store_events([refusal_task()])
    due = await tasks_on(desk, "2026-09-08")
    assert "Due today" in due and "holiday refusal call" in due and "Ben Okafor" in due
    await record_the_call_from_the_task_row(desk, "no_answer")
    still_due = await tasks_on(desk, "2026-09-08")
    assert "Due today" in still_due and "no answer" in still_due
    await record_the_call_from_the_task_row(desk, "reached")
    done = await tasks_on(desk, "2026-09-08")
    assert "<strong>Done</strong>" in done and "reached" in done and "Due today" not in done
    assert "No call tasks due." in await tasks_on(desk, "2026-09-09")


async def test_a_refusal_call_task_not_made_on_its_day_is_overdue_the_next_day_in_the_json(
        desk: Desk) -> None:
    await desk.log.store_events([refusal_task()])
    answer = await desk.client.get(f"/api/v1/schools/{URN}/office/second-calls",
                                   params={"day": "2026-09-09"},
                                   headers={"Authorization": f"Bearer {READ_TOKEN}"})
    [task] = answer.json()["call_tasks"]
    assert (task["upn"], task["purpose"], task["due_on"], task["status"]) == (
        BEN, "holiday_refusal_call", "2026-09-08", "overdue")
    assert task["calls"] == [] and task["done_by_call"] is None
