"""Marks on days with no sessions: a weekend, or a day the school's own calendar has no
sessions, is refused naming the date and the fix; a closure code there agrees with the
calendar and is kept."""

from __future__ import annotations

from datetime import date

import pytest

from shared.kernel import SchoolCalendar, Term, check_mark_context
from tests.unit.kernel.builders import SCHOOL, mark

TODAY = date(2024, 12, 20)
AUTUMN = Term("Autumn 2024", date(2024, 9, 2), date(2024, 12, 20),
              date(2024, 10, 28), date(2024, 11, 1))
CALENDAR = SchoolCalendar((AUTUMN,), frozenset({date(2024, 11, 22)}))


def test_a_saturday_mark_is_refused_naming_the_date_and_that_it_is_a_weekend() -> None:
    [error] = check_mark_context(mark(date(2024, 9, 7), "AM", "/"), None, TODAY)
    assert error.field == "date"
    assert "2024-09-07 is a Saturday" in error.message
    assert "weekend" in error.message and "check the mark's date" in error.message


def test_a_sunday_mark_is_refused_even_with_a_closure_code_and_a_calendar() -> None:
    [error] = check_mark_context(mark(date(2024, 9, 8), "PM", "#"), None, TODAY, CALENDAR)
    assert "2024-09-08 is a Sunday" in error.message


def test_a_weekday_mark_is_accepted_when_the_school_has_set_no_calendar() -> None:
    assert check_mark_context(mark(date(2024, 10, 29), "AM", "/"), None, TODAY) == []


@pytest.mark.parametrize(("day", "why"), [
    (date(2024, 10, 29), "it is in the Autumn 2024 half-term"),
    (date(2024, 11, 22), "it is a closure day"),
    (date(2024, 8, 30), "it is outside the school's terms"),
])
def test_a_mark_on_a_day_the_calendar_has_no_sessions_is_refused_saying_why_and_the_fix(
        day: date, why: str) -> None:
    [error] = check_mark_context(mark(day, "AM", "I"), None, TODAY, CALENDAR)
    assert error.field == "date"
    assert f"{day.isoformat()} is not a school day in school {SCHOOL}'s calendar" in error.message
    assert why in error.message
    assert f"correct the calendar with PUT /v1/schools/{SCHOOL}" in error.message


@pytest.mark.parametrize("code", ["#", "Y4", "Y1"])
def test_a_not_possible_code_on_a_closure_day_agrees_with_the_calendar_and_is_kept(
        code: str) -> None:
    assert check_mark_context(mark(date(2024, 11, 22), "AM", code), None, TODAY,
                              CALENDAR) == []


def test_no_mark_on_a_closure_day_is_refused_as_it_would_ask_for_a_register() -> None:
    assert check_mark_context(mark(date(2024, 11, 22), "AM", "-"), None, TODAY, CALENDAR)


def test_a_school_day_in_the_calendar_is_accepted() -> None:
    assert check_mark_context(mark(date(2024, 11, 21), "AM", "/"), None, TODAY, CALENDAR) == []
