"""Letters and leaflets as parents read them, and the review before a letter is issued."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

import pytest

from services.comms.documents import (
    attendance_context,
    common_context,
    letter_html,
    pdf_bytes,
)
from services.comms.lessons import days_text, lessons_missed, lessons_sentence
from services.comms.letters import (
    Letter,
    LetterError,
    LetterKind,
    LetterState,
    approve,
    edit,
    issue,
    new_letter,
)
from services.comms.model import Subject
from tests.unit.comms.builders import SCHOOL, UPN_AMY, policy
from tests.unit.comms.pdf_text import pdf_text

NOW = datetime(2026, 9, 28, 10, tzinfo=UTC)
TIMETABLE = (Subject("English", 5), Subject("maths", 5), Subject("science", 2),
             Subject("PE", 2), Subject("French", 0))
SCHOOL_POLICY = policy(subjects=TIMETABLE)
# 10 absent sessions = 5 days missed, at 94.4% year to date.
FIGURES = {"possible": 180, "present": 170, "aea": 0, "authorised": 8, "unauthorised": 2,
           "attendance_pct": 94.4, "threshold_pct": 95}


def test_five_days_missed_are_five_lessons_of_a_daily_subject() -> None:
    assert lessons_sentence(Fraction(5), TIMETABLE) == (
        "5 days missed = 5 English lessons, 5 maths lessons, 2 science lessons and "
        "2 PE lessons")


def test_part_days_round_to_whole_lessons_and_untaught_subjects_are_left_out() -> None:
    assert [(m.subject, m.lessons) for m in lessons_missed(Fraction(7, 2), TIMETABLE)] == [
        ("English", 4), ("maths", 4), ("science", 1), ("PE", 1)]
    assert days_text(Fraction(7, 2)) == "3½ days"
    assert days_text(Fraction(1)) == "1 day"


def head_teacher_letter() -> Letter:
    context = attendance_context(SCHOOL_POLICY, "Amy Testwell", "28 September 2026", FIGURES)
    return new_letter(SCHOOL, UPN_AMY, LetterKind.HEAD_TEACHER, "signal-1", context, NOW)


def test_the_head_teacher_letter_says_5_days_missed_means_5_maths_lessons_missed() -> None:
    letter = head_teacher_letter()
    text = pdf_text(pdf_bytes(letter_html(letter)))
    assert "Dear Parent/Carer of Amy Testwell" in text
    assert "94.4%" in text and "below the 95%" in text
    assert "missed 5 days of school" in text
    assert "5 days missed = 5 English lessons, 5 maths lessons" in text
    assert "Ms Rowan Hart" in text and "Meadow Lane Primary" in text


def test_a_head_teacher_letter_is_a_draft_until_approved_and_then_issued() -> None:
    letter = head_teacher_letter()
    assert letter.state is LetterState.DRAFT
    with pytest.raises(LetterError, match="approve it before issuing"):
        issue(letter, NOW)
    edited = edit(letter, "We know Amy has been unwell and we are here to help.")
    approved = approve(edited, "head")
    issued = issue(approved, NOW)
    assert issued.state is LetterState.ISSUED and issued.approved_by == "head"
    text = pdf_text(pdf_bytes(letter_html(issued)))
    assert "We know Amy has been unwell and we are here to help." in text


def test_editing_an_approved_letter_sends_it_back_for_approval() -> None:
    approved = approve(head_teacher_letter(), "head")
    assert edit(approved, "New paragraph").state is LetterState.DRAFT


def test_an_issued_letter_cannot_change() -> None:
    issued = issue(approve(head_teacher_letter(), "head"), NOW)
    with pytest.raises(LetterError, match="draft a new letter"):
        edit(issued, "too late")


def test_the_leaflet_gives_the_childs_attendance_and_is_ready_to_send() -> None:
    context = attendance_context(SCHOOL_POLICY, "Amy Testwell", "28 September 2026",
                                 {**FIGURES, "attendance_pct": 95.6, "threshold_pct": 96})
    leaflet = new_letter(SCHOOL, UPN_AMY, LetterKind.LEAFLET, "signal-2", context, NOW)
    assert leaflet.state is LetterState.APPROVED
    text = pdf_text(pdf_bytes(letter_html(leaflet)))
    assert "Amy Testwell's attendance this school year is 95.6%" in text
    assert "at least 96%" in text


def test_the_holiday_refusal_letter_refuses_the_dates_asked_for() -> None:
    context = {**common_context(SCHOOL_POLICY, "Amy Testwell", "28 September 2026"),
               "request_start": "12 October 2026", "request_end": "16 October 2026",
               "days_requested": "5 school days"}
    letter = new_letter(SCHOOL, UPN_AMY, LetterKind.HOLIDAY_REFUSAL, "request-1", context, NOW)
    text = pdf_text(pdf_bytes(letter_html(letter)))
    assert "from 12 October 2026 to 16 October 2026" in text
    assert "I am sorry, but I cannot authorise this request." in text
    assert "will call you today" in text


def test_the_july_letter_states_the_unauthorised_leave_taken() -> None:
    context = {**common_context(SCHOOL_POLICY, "Amy Testwell", "15 July 2027"),
               "academic_year": "2026/27", "leave_days": "5 days"}
    letter = new_letter(SCHOOL, UPN_AMY, LetterKind.JULY_LEAVE, "2026/27", context, NOW)
    text = pdf_text(pdf_bytes(letter_html(letter)))
    assert "As the 2026/27 school year ends" in text
    assert "absent for 5 days of unauthorised leave in term time" in text


def test_a_letter_with_a_missing_value_fails_instead_of_printing_a_gap() -> None:
    letter = new_letter(SCHOOL, UPN_AMY, LetterKind.HOLIDAY_REFUSAL, "r", {"school_name": "X"},
                        NOW)
    with pytest.raises(Exception, match="undefined"):
        letter_html(letter)


def test_names_are_printed_as_text_not_markup() -> None:
    context = common_context(SCHOOL_POLICY, "Amy <b>Testwell</b>", "28 September 2026")
    letter = new_letter(SCHOOL, UPN_AMY, LetterKind.JULY_LEAVE, "y",
                        {**context, "academic_year": "2026/27", "leave_days": "1 day"}, NOW)
    assert "Amy &lt;b&gt;Testwell&lt;/b&gt;" in letter_html(letter)
