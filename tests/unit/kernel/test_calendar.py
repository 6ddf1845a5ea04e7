from datetime import date, timedelta

from shared.kernel import SchoolCalendar, Term, week_start
from tests.unit.kernel.builders import AUTUMN_2024, SCHOOL_YEAR, weekdays


def test_school_days_are_term_weekdays_outside_half_term_and_closures() -> None:
    calendar = SchoolCalendar(terms=(AUTUMN_2024,), closures=frozenset({date(2024, 9, 3)}))
    assert calendar.is_school_day(date(2024, 9, 2))
    assert not calendar.is_school_day(date(2024, 9, 3))  # closure
    assert not calendar.is_school_day(date(2024, 9, 7))  # Saturday
    assert not calendar.is_school_day(date(2024, 10, 29))  # half-term
    assert not calendar.is_school_day(date(2024, 12, 23))  # holidays
    assert calendar.school_days(date(2024, 10, 24), date(2024, 11, 5)) == [
        date(2024, 10, 24), date(2024, 10, 25), date(2024, 11, 4), date(2024, 11, 5)]


def test_an_autumn_term_with_a_half_term_week_has_75_school_days() -> None:
    assert len(SCHOOL_YEAR.school_days(date(2024, 9, 1), date(2024, 12, 31))) == 75


def test_week_start_is_the_monday() -> None:
    assert week_start(date(2024, 9, 8)) == date(2024, 9, 2)
    assert week_start(date(2024, 9, 2)) == date(2024, 9, 2)


def test_an_inferred_calendar_has_exactly_the_marked_days_as_school_days() -> None:
    saturday_club = date(2024, 9, 7)
    calendar = SchoolCalendar.inferred([date(2024, 9, 2), date(2024, 9, 4), saturday_club])
    assert calendar.school_days(date(2024, 9, 1), date(2024, 9, 30)) == [
        date(2024, 9, 2), date(2024, 9, 4), saturday_club]
    assert not calendar.is_school_day(date(2024, 9, 3))


def test_an_inferred_calendar_splits_terms_at_holidays_and_finds_the_half_term() -> None:
    before_half_term = weekdays(date(2024, 9, 2), 40)  # to Fri 25 Oct
    after_half_term = weekdays(date(2024, 11, 4), 35)  # to Fri 20 Dec
    spring = weekdays(date(2025, 1, 6), 10)
    calendar = SchoolCalendar.inferred(before_half_term + after_half_term + spring)
    assert calendar.terms == (
        Term("autumn 2024", date(2024, 9, 2), date(2024, 12, 20),
             half_term_start=date(2024, 10, 28), half_term_end=date(2024, 11, 3)),
        Term("spring 2025", date(2025, 1, 6), date(2025, 1, 17)),
    )


def test_an_inferred_school_week_is_any_week_holding_a_marked_day() -> None:
    one_day_weeks = [date(2024, 9, 2) + timedelta(weeks=n) for n in range(3)]
    calendar = SchoolCalendar.inferred(one_day_weeks)
    assert calendar.school_week_starts(date(2024, 9, 30), 10) == list(reversed(one_day_weeks))


def test_an_empty_inferred_calendar_has_no_school_days() -> None:
    calendar = SchoolCalendar.inferred([])
    assert calendar.terms == ()
    assert calendar.school_days(date(2024, 1, 1), date(2025, 1, 1)) == []
