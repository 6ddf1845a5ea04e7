"""The working lists built from the register: round-up, mentoring groups, transition.

A school with 8 school weeks (40 days, 80 sessions) from Mon 7 Sep 2026. Each pupil is
absent (I) for a number of sessions, spread over the early or the late weeks, so the
four-week trend is known: early absence means the last 4 weeks look better (improving).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from services.web.figures import calendar_of, period_for, school_figures
from services.web.leadership.lists import mentoring_groups, round_up, transition_watch
from services.web.leadership.register import RegisterEntry, build_register
from services.web.readmodel import PupilDetails, PupilRecord, SchoolRecord
from shared.kernel import SESSIONS, Mark, Term, Thresholds

URN = "100009"
SCHOOL = SchoolRecord(URN, "Test School", "primary",
                      (Term("Autumn", date(2026, 9, 7), date(2026, 12, 18)),))
CALENDAR = calendar_of(SCHOOL)
DAYS = CALENDAR.school_days(date(2026, 9, 7), date(2026, 10, 30))
AS_OF = DAYS[-1]


def pupil(serial: int, year: int, absent: int, early: bool = True,
          admitted: date = date(2026, 9, 7)) -> PupilRecord:
    sessions = [(day, s) for day in DAYS for s in SESSIONS]
    absent_keys = set(sessions[:absent] if early else sessions[len(sessions) - absent:])
    marks = tuple(Mark(URN, f"U{serial:03d}", day, s, "I" if (day, s) in absent_keys
                       else ("/" if s == "AM" else "\\"), datetime.combine(day, time(9), UTC))
                  for day, s in sessions if day >= admitted)
    details = PupilDetails(f"Pupil{serial}", "Test", year, f"{year}A", date(2017, 1, 1),
                           admitted)
    return PupilRecord(URN, f"U{serial:03d}", details, marks)


def register(*pupils: PupilRecord) -> tuple[RegisterEntry, ...]:
    figures = school_figures(URN, pupils, CALENDAR, period_for(CALENDAR, "ytd", AS_OF))
    return build_register(figures, CALENDAR, Thresholds())[0]


def names(entries: list[RegisterEntry]) -> list[str]:
    return [entry.upn for entry in entries]


def test_the_round_up_puts_the_88_to_92_band_first_and_leaves_out_the_improving() -> None:
    entries = register(pupil(1, 3, 8, early=False),   # 90.0%: PA, priority band, worsening
                       pupil(2, 3, 12, early=False),  # 85.0%: lower, worsening
                       pupil(3, 3, 8, early=True),    # 90.0% but improving: left out
                       pupil(4, 3, 4))                # 95.0%: above the threshold
    priority, lower = round_up(entries, Thresholds(), AS_OF)
    assert names(priority) == ["U001"] and names(lower) == ["U002"]


def test_mentoring_groups_hold_up_to_eight_pupils_of_one_year_group() -> None:
    in_band = [pupil(n, 4, 5) for n in range(1, 11)]  # 93.75%: not PA, below 95%
    entries = register(*in_band, pupil(20, 5, 6), pupil(30, 4, 9), pupil(40, 4, 1))
    groups = mentoring_groups(entries, Thresholds(), AS_OF)
    assert [(title, len(members)) for title, members in groups] == [
        ("Year 4, group 1 of 2", 8), ("Year 4, group 2 of 2", 2), ("Year 5, group 1 of 1", 1)]


def test_the_transition_watch_list_holds_leavers_years_and_mid_year_joiners_below_95(
        ) -> None:
    entries = register(pupil(1, 6, 6), pupil(2, 6, 0), pupil(3, 3, 6),
                       pupil(4, 3, 3, early=False, admitted=date(2026, 10, 5)))
    watch = transition_watch(entries, Thresholds(), AS_OF, DAYS[0])
    assert names(watch) == ["U001", "U004"]  # both 92.5%; ties by name
