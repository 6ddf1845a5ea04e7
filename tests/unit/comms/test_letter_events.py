"""A letter's event carries its whole wording, so staff read a draft before approving it:
the same words its PDF will carry, figures and lessons missed included."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from services.comms.documents import attendance_context, letter_html, pdf_bytes
from services.comms.events import letter_event
from services.comms.letter_text import BULLET, html_to_text
from services.comms.letters import Letter, LetterKind, edit, new_letter
from services.comms.model import Subject
from services.comms.mongo_letters import letter_document
from tests.unit.comms.builders import SCHOOL, UPN_AMY, policy
from tests.unit.comms.pdf_text import pdf_text

NOW = datetime(2026, 9, 28, 10, tzinfo=UTC)
TIMETABLE = (Subject("English", 5), Subject("maths", 5), Subject("science", 2))
# 10 absent sessions = 5 days missed.
FIGURES = {"authorised": 8, "unauthorised": 2, "attendance_pct": 94.4, "threshold_pct": 95}


def draft(note: str = "") -> Letter:
    context = attendance_context(policy(subjects=TIMETABLE), "Amy Testwell",
                                 "28 September 2026", FIGURES)
    letter = new_letter(SCHOOL, UPN_AMY, LetterKind.HEAD_TEACHER, "signal-1", context, NOW)
    return edit(letter, note) if note else letter


def test_a_draft_head_teacher_letter_event_carries_the_days_missed_as_lessons_missed() -> None:
    event = letter_event(letter_document(draft()), None)
    assert event.state == "draft" and event.full_text is not None
    assert "5 days missed = 5 English lessons, 5 maths lessons and 2 science lessons" \
        in event.full_text
    assert "Dear Parent/Carer of Amy Testwell," in event.full_text
    assert "94.4% this school year, below the 95% we expect" in event.full_text
    assert "• 5 maths lessons\n• 2 science lessons" in event.full_text
    assert event.full_text.endswith("Ms Rowan Hart\nHead teacher, Meadow Lane Primary")


def test_the_full_text_is_the_wording_the_pdf_will_carry_with_the_staff_paragraph() -> None:
    letter = draft("We know Amy has been unwell this month & we will help.")
    event = letter_event(letter_document(letter), None)
    assert event.body_text == "We know Amy has been unwell this month & we will help."
    assert event.full_text is not None
    on_paper = pdf_text(pdf_bytes(letter_html(letter)))
    paragraphs = [p for p in event.full_text.split("\n\n") if not p.startswith(BULLET)]
    assert len(paragraphs) >= 8
    for paragraph in paragraphs:
        assert " ".join(paragraph.split()) in on_paper, paragraph


def test_a_letter_whose_template_cannot_be_filled_still_sends_its_event_without_text() -> None:
    letter = draft()
    missing = {k: v for k, v in letter.context.items() if k != "lessons_sentence"}
    event = letter_event(letter_document(replace(letter, context=missing)), None)
    assert event.letter_id == letter.letter_id and event.full_text is None


def test_html_becomes_paragraphs_list_lines_and_line_breaks_without_the_page_head() -> None:
    html = ("<html><head><title>Letter</title><style>p { color: red }</style></head><body>"
            "<p>Dear\n   parent,</p><ul>\n<li>one</li>\n<li>two &amp; three</li></ul>"
            "<p class='signature'>Yours,<br><br>Head</p></body></html>")
    assert html_to_text(html) == "Dear parent,\n\n• one\n• two & three\n\nYours,\n\nHead"
