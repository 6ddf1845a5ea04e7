"""A concern raised on the pupil's form reaches the attendance lead's concerns page
through office.records.v1 and the web database, and the lead's answer takes it off the
list and onto the pupil's timeline the same way (real Kafka and FerretDB)."""

from __future__ import annotations

import dataclasses
import re

import httpx
import pytest

from services.web.staff import StaffDirectory
from tests.integration.web.office_records.test_records_on_real_parts import (  # noqa: F401
    Office,
    eventually,
    office,
)
from tests.unit.web.accounts import PASSWORD, account
from tests.unit.web.records import BEN, URN

pytestmark = pytest.mark.infra
INBOX = f"/schools/{URN}/concerns"
PUPIL = f"/schools/{URN}/pupils/{BEN}"


async def sign_in_as(client: httpx.AsyncClient, user: str) -> None:
    client.cookies.clear()
    form = await client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = await client.post("/sign-in", data={
        "username": user, "password": PASSWORD, "csrf_token": token.group(1),
        "next": "/schools"})
    assert answer.status_code == 303


def field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', page)
    assert found is not None, f"no {name} on the page"
    return found.group(1)


async def test_a_concern_recorded_on_the_form_reaches_the_attendance_leads_inbox(
        office: Office) -> None:  # noqa: F811 (the fixture imported above)
    office.app.state.web = dataclasses.replace(office.context, staff=StaffDirectory([
        account("teacher", "teacher", [URN]), account("lead", "attendance_lead", [URN])]))
    client = office.client
    await sign_in_as(client, "teacher")
    form = await client.get(f"{PUPIL}/records/new", params={"kind": "concern"})
    sent = await client.post(f"{PUPIL}/records/new", data={
        "csrf_token": field(form.text, "csrf_token"), "kind": "concern",
        "record_id": field(form.text, "record_id"), "school_day": "2026-09-08",
        "barrier": "anxiety", "routed_to": "attendance_lead",
        "note": "Tired every morning this week"})
    assert sent.status_code == 303

    await sign_in_as(client, "lead")
    inbox = await eventually(lambda: client.get(INBOX),
                             lambda page: "Tired every morning this week" in page.text)
    assert "Ben Okafor" in inbox.text and "<dd>teacher</dd>" in inbox.text
    school = await client.get(f"/schools/{URN}")
    assert "1 open concern sent to you" in school.text

    concern_id = re.search(rf'action="{INBOX}/([^/"]+)/answer"', inbox.text)
    assert concern_id is not None
    answered = await client.post(f"{INBOX}/{concern_id.group(1)}/answer", data={
        "csrf_token": field(inbox.text, "csrf_token"),
        "record_id": field(inbox.text, "record_id"), "response": "acted_on",
        "note": "Breakfast club place offered"})
    assert answered.status_code == 303
    await eventually(lambda: client.get(INBOX),
                     lambda page: "Tired every morning this week" not in page.text)
    pupil = await client.get(PUPIL)
    assert "Concern acted on" in pupil.text and "Breakfast club place offered" in pupil.text
