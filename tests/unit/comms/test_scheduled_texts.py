"""Who the scheduled texts go to, and when (rules stated in services.comms.cohorts and
shared.kernel.nudges)."""

from __future__ import annotations

from datetime import date, timedelta

from services.comms.cohorts import unauthorised_this_week
from services.comms.jobs import registers_are_current
from services.comms.model import Purpose
from services.comms.mongo_cohorts import on_roll
from services.comms.nudges import friday_pattern as pattern_in
from services.comms.schedule import due_jobs
from shared.kernel import SchoolCalendar, Term
from shared.kernel.nudges import PatternRule, friday_text_stated
from tests.unit.comms.builders import london, policy

THURSDAY = date(2026, 10, 15)
FRIDAYS = [THURSDAY - timedelta(days=6 + 7 * n) for n in range(6)]  # the last six Fridays


def friday_pattern(days: dict[date, list[str]], today: date, rule: PatternRule) -> bool:
    """The pattern over a school whose school days are the days its registers were taken."""
    return pattern_in(days, SchoolCalendar.inferred(days), today, rule)


def present_all_week(start: date, weeks: int) -> dict[date, list[str]]:
    days = {}
    for n in range(weeks * 7):
        day = start + timedelta(days=n)
        if day.weekday() < 5:
            days[day] = ["/", "\\"]
    return days


def test_two_absent_fridays_of_the_last_six_show_a_friday_pattern() -> None:
    days = present_all_week(FRIDAYS[-1] - timedelta(days=4), 6)
    days[FRIDAYS[0]] = ["I", "I"]
    assert not friday_pattern(days, THURSDAY, PatternRule())
    days[FRIDAYS[3]] = ["/", "O"]
    assert friday_pattern(days, THURSDAY, PatternRule())


def test_absent_fridays_longer_ago_do_not_count() -> None:
    days = present_all_week(FRIDAYS[-1] - timedelta(days=60), 15)
    days[FRIDAYS[-1] - timedelta(days=7)] = ["I", "I"]
    days[FRIDAYS[-1] - timedelta(days=14)] = ["I", "I"]
    assert not friday_pattern(days, THURSDAY, PatternRule())


def test_a_trip_on_friday_is_not_an_absence() -> None:
    days = present_all_week(FRIDAYS[-1], 6)
    days[FRIDAYS[0]] = ["V", "V"]
    days[FRIDAYS[1]] = ["V", "V"]
    assert not friday_pattern(days, THURSDAY, PatternRule())


def test_unauthorised_absence_this_week_means_since_monday() -> None:
    friday = THURSDAY + timedelta(days=1)
    days = {THURSDAY - timedelta(days=7): ["N", "N"], THURSDAY: ["/", "\\"]}
    assert not unauthorised_this_week(days, friday)
    days[THURSDAY - timedelta(days=3)] = ["U", "\\"]
    assert unauthorised_this_week(days, friday)


def test_a_friday_without_school_does_not_count_towards_the_pattern() -> None:
    autumn = Term("Autumn", date(2026, 9, 2), date(2026, 12, 18))
    closed = FRIDAYS[1]
    calendar = SchoolCalendar((autumn,), frozenset({closed}))
    days = present_all_week(FRIDAYS[-1] - timedelta(days=4), 6)
    days[FRIDAYS[0]] = ["I", "I"]
    days[closed] = ["O", "O"]  # a stray mark on a closure day
    assert not pattern_in(days, calendar, THURSDAY, PatternRule())
    days[FRIDAYS[2]] = ["N", "N"]
    assert pattern_in(days, calendar, THURSDAY, PatternRule())


def test_a_school_can_ask_for_a_stronger_friday_pattern() -> None:
    days = present_all_week(FRIDAYS[-1] - timedelta(days=4), 6)
    days[FRIDAYS[0]] = days[FRIDAYS[1]] = ["I", "I"]
    assert friday_pattern(days, THURSDAY, PatternRule())
    assert not friday_pattern(days, THURSDAY, PatternRule(absences=3, weeks=6))


def test_nudges_go_on_monday_at_half_past_seven_and_thursday_afternoon() -> None:
    monday = date(2026, 10, 19)
    assert due_jobs(policy(), london(monday, 7, 29)) == []
    assert due_jobs(policy(), london(monday, 7, 30)) == [Purpose.GOLDEN_HOUR_NUDGE]
    assert due_jobs(policy(), london(THURSDAY, 15, 40)) == [Purpose.GOLDEN_HOUR_NUDGE]
    assert due_jobs(policy(), london(THURSDAY, 18)) == [Purpose.FRIDAY_PATTERN]
    assert due_jobs(policy(), london(THURSDAY + timedelta(days=1), 15, 30)) == [
        Purpose.UNAUTHORISED_CONSEQUENCES]


def test_a_service_started_in_the_evening_sends_no_good_morning_texts() -> None:
    monday = date(2026, 10, 19)
    assert due_jobs(policy(), london(monday, 8, 29)) == [Purpose.GOLDEN_HOUR_NUDGE]
    assert due_jobs(policy(), london(monday, 8, 30)) == []
    assert due_jobs(policy(), london(monday, 19, 38)) == []


def test_no_clock_driven_texts_go_on_registers_weeks_old() -> None:
    monday = date(2026, 10, 19)
    stale = {"A": {monday - timedelta(days=30): ["N", "N"]}}
    assert not registers_are_current(stale, monday)
    assert registers_are_current({"A": {monday - timedelta(days=3): ["/"]}}, monday)


def test_a_school_can_move_its_jobs_and_closure_days_have_none() -> None:
    own = policy(raw={"message_schedule": {"jobs": {
        "golden_hour_nudge": [{"weekday": 1, "at": "08:00"}]}}})
    tuesday = date(2026, 10, 20)
    assert due_jobs(own, london(tuesday, 8)) == [Purpose.GOLDEN_HOUR_NUDGE]
    assert due_jobs(own, london(tuesday - timedelta(days=1), 8)) == []
    closed = policy(closures=frozenset({tuesday}), raw=own.raw)
    assert due_jobs(closed, london(tuesday, 8)) == []


def test_the_friday_pattern_text_goes_on_thursday_evening_under_a_stated_rule() -> None:
    assert Purpose.FRIDAY_PATTERN not in due_jobs(policy(), london(THURSDAY, 17, 59))
    assert Purpose.FRIDAY_PATTERN in due_jobs(policy(), london(THURSDAY, 18))
    assert friday_text_stated(PatternRule()) == (
        "Thursday evening texts go to families whose child missed 2 or more of the last 6 "
        "school Fridays.")


def test_the_monday_after_half_term_nudges_on_the_registers_before_the_break() -> None:
    autumn = Term("Autumn", date(2026, 9, 2), date(2026, 12, 18), date(2026, 10, 26),
                  date(2026, 10, 30))
    calendar, after_break = SchoolCalendar((autumn,)), date(2026, 11, 2)
    before_break = {"A": {date(2026, 10, 23): ["/", "\\"]}}
    assert registers_are_current(before_break, after_break, calendar)
    assert not registers_are_current(before_break, after_break)  # no calendar to go by
    stopped_feed = {"A": {date(2026, 10, 9): ["/", "\\"]}}
    assert not registers_are_current(stopped_feed, after_break, calendar)


def test_pupils_not_yet_admitted_or_already_left_are_not_on_roll() -> None:
    record = {"admission_date": "2026-10-20", "leaving_date": "2026-12-01"}
    assert not on_roll(record, date(2026, 10, 19))
    assert on_roll(record, date(2026, 10, 20)) and on_roll(record, date(2026, 12, 1))
    assert not on_roll(record, date(2026, 12, 2))
    assert on_roll({}, date(2026, 10, 19))
