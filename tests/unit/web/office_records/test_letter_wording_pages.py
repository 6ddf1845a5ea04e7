"""A letter's whole wording on the letters queue and its page, read before it is approved
(comms sends it with each letter event; the web shows it as it arrives)."""

from __future__ import annotations

from tests.unit.web.office_records import samples
from tests.unit.web.office_records.conftest import Desk
from tests.unit.web.records import URN

WORDING = ("Dear Parent/Carer of Ben Okafor,\n\n"
           "So far this year Ben Okafor has missed 5 days of school. That adds up quickly: "
           "5 days missed = 5 English lessons, 5 maths lessons and 2 science lessons, and as "
           "many chances to learn and play with friends.\n\n"
           "• 5 English lessons\n• 5 maths lessons\n\n"
           "We know Ben has been unwell <and> we will help.\n\n"
           "Yours sincerely,\n\nMs Rowan Hart\nHead teacher, Meadow Lane Primary")


async def test_the_letters_queue_shows_a_drafts_days_missed_as_lessons_missed(
        desk: Desk) -> None:
    await desk.log.store_events([samples.letter(full_text=WORDING)])
    page = await desk.client.get(f"/schools/{URN}/letters")
    assert page.status_code == 200
    drafts = page.text[page.text.index("Drafts to review"):page.text.index("Approved, to")]
    assert "Read the letter" in drafts
    assert ("5 days missed = 5 English lessons, 5 maths lessons and 2 science lessons"
            in drafts)
    assert "<p>• 5 English lessons<br>• 5 maths lessons</p>" in drafts
    assert "unwell &lt;and&gt; we will help" in drafts
    assert "Ms Rowan Hart<br>Head teacher, Meadow Lane Primary" in drafts


async def test_an_issued_letter_is_not_spelled_out_on_the_queue(desk: Desk) -> None:
    await desk.log.store_events([samples.letter(state="issued", full_text=WORDING)])
    page = await desk.client.get(f"/schools/{URN}/letters")
    assert "Attendance below 95%" in page.text and "5 days missed" not in page.text


async def test_the_letters_page_shows_the_whole_draft_as_it_will_be_issued(
        desk: Desk) -> None:
    await desk.log.store_events([samples.letter(full_text=WORDING)])
    page = await desk.client.get(f"/schools/{URN}/letters/letter-0001")
    assert page.status_code == 200
    shown = page.text[page.text.index("The letter as it will be issued"):]
    assert "5 days missed = 5 English lessons, 5 maths lessons" in shown


async def test_a_letter_from_before_comms_sent_the_wording_still_shows_its_paragraph(
        desk: Desk) -> None:
    await desk.log.store_events([samples.letter(state="approved")])
    page = await desk.client.get(f"/schools/{URN}/letters/letter-0001")
    assert page.status_code == 200 and "The letter as it will be issued" not in page.text
    assert "Dear parent, ..." in page.text
