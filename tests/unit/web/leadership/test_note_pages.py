"""Narratives, meeting records and roles as leads write them and staff read them."""

from __future__ import annotations

from services.web.memory_store import InMemoryReadModelStore
from tests.unit.web import records
from tests.unit.web.leadership.conftest import Staff
from tests.unit.web.store_behaviour import TOPICS, feed

VULNERABLE = f"/schools/{records.URN}/vulnerable"
ADA_NARRATIVE = f"{VULNERABLE}/{records.ADA}"


async def write_narrative(staff: Staff, barriers: str, strategies: str) -> int:
    form = (await staff.client.get(ADA_NARRATIVE)).text
    answer = await staff.client.post(ADA_NARRATIVE, data={
        "csrf_token": staff.hidden(form, "csrf_token"),
        "note_id": staff.hidden(form, "note_id"),
        "barriers": barriers, "strategies": strategies})
    return answer.status_code


async def test_pa_pupils_without_a_narrative_are_highlighted_as_missing(staff: Staff) -> None:
    await staff.sign_in("lead")
    page = (await staff.client.get(VULNERABLE)).text
    assert "2 pupils have no narrative yet." in page
    assert page.count("Narrative missing") == 2
    assert f'id="pupil-{records.ADA}" class="missing-narrative"' in page
    assert "Cleo Marsh" not in page  # 100%: neither on the register nor a candidate


async def test_a_narrative_added_appears_on_the_register_with_its_history(
        staff: Staff) -> None:
    await staff.sign_in("lead")
    assert await write_narrative(staff, "Anxiety about the new class", "Morning check-in") == 303
    assert await write_narrative(staff, "Anxiety easing", "Check-in twice a week") == 303
    register = (await staff.client.get(VULNERABLE)).text
    assert "Anxiety easing" in register and "Check-in twice a week" in register
    assert "(2 versions)" in register and "1 pupil has no narrative yet." in register
    history = (await staff.client.get(ADA_NARRATIVE)).text
    assert "Earlier versions, newest first" in history
    assert "Anxiety about the new class" in history and "Lead, 8 Sep 2026 16:00" in history


async def test_sending_the_same_form_twice_stores_one_version(staff: Staff) -> None:
    await staff.sign_in("lead")
    form = (await staff.client.get(ADA_NARRATIVE)).text
    data = {"csrf_token": staff.hidden(form, "csrf_token"),
            "note_id": staff.hidden(form, "note_id"), "barriers": "Illness",
            "strategies": "School nurse referral"}
    for _ in range(2):
        assert (await staff.client.post(ADA_NARRATIVE, data=data)).status_code == 303
    assert "(2 versions)" not in (await staff.client.get(VULNERABLE)).text
    assert "No earlier versions." in (await staff.client.get(ADA_NARRATIVE)).text


async def test_a_narrative_form_without_the_csrf_token_is_refused(staff: Staff) -> None:
    await staff.sign_in("lead")
    form = (await staff.client.get(ADA_NARRATIVE)).text
    answer = await staff.client.post(ADA_NARRATIVE, data={
        "note_id": staff.hidden(form, "note_id"), "barriers": "x", "strategies": "y"})
    assert answer.status_code == 403
    assert "2 pupils have no narrative yet." in (await staff.client.get(VULNERABLE)).text


async def test_a_teacher_reads_the_register_but_may_not_write_a_narrative(
        staff: Staff) -> None:
    await staff.sign_in("teacher")
    page = (await staff.client.get(ADA_NARRATIVE)).text
    assert "Only attendance leads" in page and 'name="barriers"' not in page
    answer = await staff.client.post(ADA_NARRATIVE, data={
        "csrf_token": staff.hidden(page, "csrf_token"), "note_id": "n1",
        "barriers": "x", "strategies": "y"})
    assert answer.status_code == 403


async def test_an_empty_strategy_is_sent_back_naming_the_field(staff: Staff) -> None:
    await staff.sign_in("lead")
    form = (await staff.client.get(ADA_NARRATIVE)).text
    answer = await staff.client.post(ADA_NARRATIVE, data={
        "csrf_token": staff.hidden(form, "csrf_token"),
        "note_id": staff.hidden(form, "note_id"), "barriers": "Transport", "strategies": ""})
    assert answer.status_code == 422
    assert "Strategies to improve attendance: this is needed" in answer.text
    assert "Transport" in answer.text  # what was typed is kept


async def test_the_ten_lowest_leave_out_pupils_below_compulsory_school_age(
        staff: Staff) -> None:
    await staff.sign_in("lead")
    page = (await staff.client.get(f"/schools/{records.URN}/meetings")).text
    lowest = page[page.index("Ten lowest, year to date"):page.index("roundup-heading")]
    assert "Ben Okafor" in lowest and "Ada Lovelace" in lowest
    assert "Cleo Marsh" not in lowest
    assert "legal service" in page and "not in place yet" in page


async def test_a_meeting_recorded_shows_with_its_actions(staff: Staff) -> None:
    await staff.sign_in("lead")
    form = (await staff.client.get(f"/schools/{records.URN}/meetings")).text
    answer = await staff.client.post(f"/schools/{records.URN}/meetings", data={
        "csrf_token": staff.hidden(form, "csrf_token"), "note_id": staff.hidden(form, "note_id"),
        "held_on": "2026-09-08", "attendees": "HT, EWO", "discussed": "Ten lowest",
        "actions": "EWO to visit two families by Friday"})
    assert answer.status_code == 303
    page = (await staff.client.get(f"/schools/{records.URN}/meetings")).text
    assert "Meeting of 2026-09-08" in page and "EWO to visit two families by Friday" in page
    assert "half-term from 2026-09-02" in page


async def test_a_role_noted_for_a_pupil_is_kept_with_its_history(staff: Staff) -> None:
    await staff.sign_in("lead")
    path = f"/schools/{records.URN}/pupils/{records.ADA}/roles"
    for roles in ("Football team", "Football team; school council"):
        form = (await staff.client.get(path)).text
        answer = await staff.client.post(path, data={
            "csrf_token": staff.hidden(form, "csrf_token"),
            "note_id": staff.hidden(form, "note_id"), "roles": roles})
        assert answer.status_code == 303
    page = (await staff.client.get(path)).text
    in_force = page[page.index("In force"):page.index("History")]
    assert "Football team; school council" in in_force
    assert "Earlier versions" in page


async def test_the_meeting_lists_show_a_family_at_the_penalty_notice_threshold(
        staff: Staff, store: InMemoryReadModelStore) -> None:
    await feed(store, (TOPICS.signals, records.signal(records.BEN, "penalty_threshold_reached",
                                                      "2026-09-08")))
    await staff.sign_in("lead")
    page = (await staff.client.get(f"/schools/{records.URN}/meetings")).text
    ben_row = page[page.index("Ben Okafor"):]
    ben_row = ben_row[:ben_row.index("</tr>")]
    assert "Penalty notice threshold reached: a notice must be considered (8 Sep 2026)" in ben_row
