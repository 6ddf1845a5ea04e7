from datetime import date

from shared.kernel import Enrolment, Figures, Window, pupil_figures
from tests.unit.kernel.builders import TWENTY_WEEKS, TWO_WEEKS, day_marks, mark, weekdays

TEN_DAYS = weekdays(date(2024, 9, 2), 10)
WHOLE = Window("term", date(2024, 9, 2), date(2024, 9, 13))


def figures_of(marks: list, enrolment: Enrolment | None = None) -> Figures:
    return pupil_figures(marks, enrolment or Enrolment(), TWO_WEEKS, WHOLE)


def test_18_present_and_2_authorised_of_20_is_exactly_90_percent_and_persistent() -> None:
    marks = day_marks(TEN_DAYS[:9]) + day_marks(TEN_DAYS[9:], "I")
    figures = figures_of(marks)
    assert (figures.possible, figures.present, figures.authorised) == (20, 18, 2)
    assert figures.attendance_pct == 90.0
    assert figures.absence_pct == 10.0
    assert figures.persistent_absence
    assert not figures.severe_absence


def test_181_of_200_is_not_persistent_absence() -> None:
    days = weekdays(date(2024, 9, 2), 100)
    marks = day_marks(days[:90]) + [mark(days[90], "AM", "/")] + [
        mark(day, "PM", "O") for day in days[90:]] + [mark(day, "AM", "O") for day in days[91:]]
    figures = pupil_figures(marks, Enrolment(), TWENTY_WEEKS,
                            Window("ytd", date(2024, 9, 1), date(2025, 1, 17)))
    assert (figures.possible, figures.present, figures.unauthorised) == (200, 181, 19)
    assert figures.attendance_pct == 90.5
    assert not figures.persistent_absence


def test_half_the_sessions_absent_is_severe_absence() -> None:
    figures = figures_of(day_marks(TEN_DAYS[:5]) + day_marks(TEN_DAYS[5:], "G"))
    assert figures.severe_absence and figures.persistent_absence


def test_a_pupil_admitted_mid_window_is_measured_from_admission() -> None:
    figures = figures_of(day_marks(TEN_DAYS[5:]), Enrolment(admission_date=TEN_DAYS[5]))
    assert (figures.possible, figures.missing, figures.attendance_pct) == (10, 0, 100.0)


def test_a_leaver_counts_up_to_the_leaving_date() -> None:
    figures = figures_of(day_marks(TEN_DAYS), Enrolment(leaving_date=TEN_DAYS[2]))
    assert (figures.possible, figures.present) == (6, 6)


def test_not_possible_codes_count_in_neither_possible_nor_missing() -> None:
    odd_days = [mark(TEN_DAYS[0], "AM", "D"), mark(TEN_DAYS[0], "PM", "X"),
                mark(TEN_DAYS[1], "AM", "Y1"), mark(TEN_DAYS[1], "PM", "#")]
    figures = figures_of(day_marks(TEN_DAYS[2:]) + odd_days)
    assert (figures.possible, figures.missing) == (16, 0)
    assert figures.codes == {"#": 1, "/": 8, "D": 1, "X": 1, "Y1": 1, "\\": 8}


def test_a_dash_and_a_session_without_a_mark_count_as_missing_not_possible() -> None:
    marks = [*day_marks(TEN_DAYS[:9]), mark(TEN_DAYS[9], "AM", "-")]
    figures = figures_of(marks)
    assert (figures.possible, figures.missing, figures.attendance_pct) == (18, 2, 100.0)


def test_an_amended_mark_replaces_the_old_one() -> None:
    marks = [*day_marks(TEN_DAYS[:9]), mark(TEN_DAYS[9], "AM", "N"),
             mark(TEN_DAYS[9], "AM", "I", minutes=90), mark(TEN_DAYS[9], "PM", "\\")]
    figures = figures_of(marks)
    assert (figures.authorised, figures.unauthorised, figures.possible) == (1, 0, 20)
    assert "N" not in figures.codes


def test_marks_after_the_as_of_date_are_outside_the_window() -> None:
    figures = pupil_figures(day_marks(TEN_DAYS), Enrolment(), TWO_WEEKS,
                            Window("ytd", date(2024, 9, 1), TEN_DAYS[4]))
    assert figures.possible == 10


def test_group_figures_are_sums_of_sessions_not_averages_of_percentages() -> None:
    small = figures_of(day_marks(TEN_DAYS[:1]), Enrolment(leaving_date=TEN_DAYS[0]))
    large = figures_of(day_marks(TEN_DAYS[:5]) + day_marks(TEN_DAYS[5:], "O"))
    total = small + large
    assert (total.possible, total.present, total.unauthorised) == (22, 12, 10)
    assert total.attendance_pct == 54.5  # not (100 + 50) / 2
    assert total.codes == {"/": 6, "O": 10, "\\": 6}


def test_percentages_round_half_up_to_one_decimal_place() -> None:
    figures = Figures(possible=16, present=15, aea=0, authorised=1, unauthorised=0, missing=0,
                      codes={})
    assert (figures.attendance_pct, figures.absence_pct) == (93.8, 6.3)


def test_no_possible_sessions_give_no_percentage_and_no_persistent_absence() -> None:
    empty = Figures.empty()
    assert empty.attendance_pct is None and not empty.persistent_absence
    assert list(empty.to_dict()) == [
        "possible", "present", "aea", "authorised", "unauthorised", "missing",
        "attendance_pct", "absence_pct", "persistent_absence", "severe_absence", "codes"]
