from datetime import date

from shared.kernel import Enrolment, Window, pupil_report, school_summary
from tests.unit.kernel.builders import SCHOOL, TWO_WEEKS, UPN, day_marks, make_upn, weekdays

TEN_DAYS = weekdays(date(2024, 9, 2), 10)
AS_OF = date(2024, 9, 13)
WINDOW = Window("ytd", date(2024, 9, 1), AS_OF)
OF_AGE = date(2015, 5, 1)
TOO_YOUNG = date(2020, 5, 1)


def report_for(upn: str, present_days: int, born: date | None) -> dict:
    marks = day_marks(TEN_DAYS[:present_days]) + day_marks(TEN_DAYS[present_days:], "O")
    return pupil_report(SCHOOL, upn, marks, Enrolment(date_of_birth=born), TWO_WEEKS, WINDOW,
                        AS_OF)


def test_a_pupil_report_has_the_figures_and_the_legal_count() -> None:
    report = report_for(UPN, 8, OF_AGE)
    assert report == {
        "school_urn": SCHOOL, "upn": UPN, "possible": 20, "present": 16, "aea": 0,
        "authorised": 0, "unauthorised": 4, "missing": 0, "attendance_pct": 80.0,
        "absence_pct": 20.0, "persistent_absence": True, "severe_absence": False,
        "codes": {"/": 8, "O": 4, "\\": 8}, "unauthorised_last_10_school_weeks": 4,
        "compulsory_school_age": True,
    }


def test_a_reception_child_below_compulsory_school_age_is_never_persistently_absent() -> None:
    report = report_for(UPN, 0, TOO_YOUNG)
    assert report["absence_pct"] == 100.0 and report["compulsory_school_age"] is False
    assert (report["persistent_absence"], report["severe_absence"]) == (False, False)


def test_compulsory_school_age_is_left_out_when_the_date_of_birth_is_unknown() -> None:
    assert "compulsory_school_age" not in report_for(UPN, 10, None)


def test_a_school_summary_sums_sessions_and_counts_pa_over_pupils_of_compulsory_age() -> None:
    reports = [report_for(make_upn(1), 10, OF_AGE),   # 100%
               report_for(make_upn(2), 8, OF_AGE),    # 80%, PA
               report_for(make_upn(3), 5, None),      # 50%, PA and SA, age unknown: counted
               report_for(make_upn(4), 0, TOO_YOUNG)]  # 0%, below compulsory school age
    summary = school_summary(SCHOOL, reports)
    assert summary["pupil_count"] == 4
    assert (summary["possible"], summary["present"], summary["unauthorised"]) == (80, 46, 34)
    assert summary["attendance_pct"] == 57.5
    assert (summary["csa_pupil_count"], summary["pa_count"], summary["pa_pct"]) == (3, 2, 66.7)
    assert (summary["sa_count"], summary["sa_pct"]) == (1, 33.3)
    assert "persistent_absence" not in summary


def test_a_school_without_pupils_has_no_rates() -> None:
    summary = school_summary(SCHOOL, [])
    assert summary["pupil_count"] == 0 and summary["attendance_pct"] is None
    assert summary["pa_pct"] is None
