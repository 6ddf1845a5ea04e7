from datetime import date

import pytest

from shared.kernel import SchoolCalendar, Window, last_school_weeks, window_for
from tests.unit.kernel.builders import SCHOOL_YEAR


@pytest.mark.parametrize(("as_of", "start"), [
    (date(2025, 3, 5), date(2024, 9, 1)),
    (date(2024, 9, 1), date(2024, 9, 1)),
    (date(2024, 8, 31), date(2023, 9, 1)),
])
def test_year_to_date_starts_on_1_september_of_the_academic_year(as_of: date,
                                                                 start: date) -> None:
    assert window_for("ytd", as_of, SCHOOL_YEAR) == Window("ytd", start, as_of)


def test_the_week_window_starts_on_monday() -> None:
    assert window_for("week", date(2024, 9, 12), SCHOOL_YEAR).start == date(2024, 9, 9)


def test_the_term_window_starts_at_the_start_of_the_current_or_latest_term() -> None:
    assert window_for("term", date(2024, 11, 20), SCHOOL_YEAR).start == date(2024, 9, 2)
    assert window_for("term", date(2025, 1, 2), SCHOOL_YEAR).start == date(2024, 9, 2)
    assert window_for("term", date(2025, 1, 6), SCHOOL_YEAR).start == date(2025, 1, 6)


def test_the_half_term_window_starts_after_the_half_term_break() -> None:
    assert window_for("half_term", date(2024, 10, 10), SCHOOL_YEAR).start == date(2024, 9, 2)
    assert window_for("half_term", date(2024, 10, 30), SCHOOL_YEAR).start == date(2024, 9, 2)
    assert window_for("half_term", date(2024, 11, 5), SCHOOL_YEAR).start == date(2024, 11, 4)


def test_term_windows_without_any_term_fall_back_to_the_year_so_far() -> None:
    empty = SchoolCalendar(terms=())
    assert window_for("term", date(2024, 10, 1), empty).start == date(2024, 9, 1)


def test_the_last_10_school_weeks_skip_a_half_term_week() -> None:
    window = last_school_weeks(SCHOOL_YEAR, date(2024, 11, 22), 10)
    # Ten calendar weeks back would start on 16 Sep; the half-term week does not count.
    assert (window.start, window.end) == (date(2024, 9, 9), date(2024, 11, 22))


def test_the_last_school_weeks_cross_the_christmas_holidays() -> None:
    window = last_school_weeks(SCHOOL_YEAR, date(2025, 1, 10), 3)
    assert window.start == date(2024, 12, 9)


def test_a_rolling_window_with_fewer_school_weeks_starts_at_the_first_one() -> None:
    assert last_school_weeks(SCHOOL_YEAR, date(2024, 9, 4), 10).start == date(2024, 9, 2)
