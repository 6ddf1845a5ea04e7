"""The golden-hour nudge rule (1.1) and the Friday pattern (7.4), as the office and the
texts both apply them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from shared.kernel import SchoolCalendar, Term
from shared.kernel.families import families, phone_key
from shared.kernel.nudge_settings import nudge_rule_from_settings
from shared.kernel.nudges import (
    CALL,
    TEXT,
    CallMade,
    NudgeDays,
    NudgeFacts,
    NudgeRule,
    PatternRule,
    friday_text_stated,
    nudge_cohort,
    nudge_days,
    on_approved_activity,
    sessions_attended,
    unreached_lately,
)

AUTUMN = Term("Autumn 2026", date(2026, 9, 2), date(2026, 12, 18), date(2026, 10, 26),
              date(2026, 10, 30))
CALENDAR = SchoolCalendar((AUTUMN,))
MONDAY = date(2026, 10, 19)
FRIDAY = date(2026, 10, 16)


def days_for(day: date = MONDAY, rule: NudgeRule | None = None) -> NudgeDays:
    found = nudge_days(CALENDAR, day, (rule or NudgeRule()).pattern)
    assert found is not None
    return found


def facts(upn: str = "A", *, attended: int = 100, possible: int = 100,
          absent: frozenset[date] = frozenset(), family: str | None = None,
          may_be_texted: bool = True, unreached: bool = False,
          approved_activity: bool = False) -> NudgeFacts:
    return NudgeFacts(upn, family or f"tel:{upn}", attended, possible, absent, may_be_texted,
                      unreached, approved_activity)


def cohort(*pupils: NudgeFacts, rule: NudgeRule | None = None,
           day: date = MONDAY) -> dict[str, tuple[str, tuple[str, ...]]]:
    chosen = rule or NudgeRule()
    return {n.upn: (n.channel, n.reasons)
            for n in nudge_cohort(pupils, days_for(day, chosen), chosen)}


def test_a_pupil_with_full_attendance_is_not_nudged() -> None:
    assert cohort(facts()) == {}


def test_below_95_percent_this_year_gets_a_nudge_text() -> None:
    assert cohort(facts(attended=94, possible=100)) == {
        "A": (TEXT, ("attendance below 95% this year",))}


def test_exactly_95_percent_is_not_below() -> None:
    assert cohort(facts(attended=95, possible=100)) == {}


def test_absent_on_the_previous_school_day_gets_a_nudge_on_monday_for_friday() -> None:
    assert days_for().previous == FRIDAY
    assert cohort(facts(absent=frozenset({FRIDAY}))) == {
        "A": (TEXT, ("absent on Friday 16 October",))}


def test_the_day_after_half_term_looks_back_to_the_last_day_before_it() -> None:
    after_break = date(2026, 11, 2)
    assert days_for(after_break).previous == date(2026, 10, 23)


def test_two_absent_mondays_of_the_last_six_show_a_monday_pattern() -> None:
    mondays = [d for d in days_for().recent if d.weekday() == 0]
    once = cohort(facts(absent=frozenset(mondays[-1:])))
    assert once == {}
    twice = cohort(facts(absent=frozenset(mondays[-2:])))
    assert twice == {"A": (TEXT, ("Monday pattern",))}


def test_absent_mondays_longer_ago_than_six_school_mondays_do_not_count() -> None:
    late_november = date(2026, 11, 23)
    mondays = [d for d in days_for(late_november).recent if d.weekday() == 0]
    assert len(mondays) > 6  # the half-term week holds no school Monday
    assert cohort(facts(absent=frozenset(mondays[:-6])), day=late_november) == {}
    assert cohort(facts(absent=frozenset(mondays[-6:-4])), day=late_november) == {
        "A": (TEXT, ("Monday pattern",))}


def test_a_friday_pattern_puts_a_pupil_in_the_cohort_and_the_thursday_text() -> None:
    fridays = [d for d in days_for().recent if d.weekday() == 4]
    absent = frozenset(fridays[-6:-4])
    assert cohort(facts(absent=absent)) == {"A": (TEXT, ("Friday pattern",))}
    assert PatternRule().shown(4, absent, days_for().recent)


def test_below_90_percent_gets_a_call_and_no_text() -> None:
    assert cohort(facts(attended=89, possible=100)) == {
        "A": (CALL, ("attendance below 95% this year",))}


def test_a_family_rung_lately_and_never_reached_gets_a_call() -> None:
    days = days_for()
    calls = [CallMade("A", FRIDAY, "no_answer"), CallMade("B", FRIDAY, "no_answer"),
             CallMade("B", FRIDAY, "reached")]
    assert unreached_lately(calls, days) == {"A"}
    pupil = facts(absent=frozenset({FRIDAY}), unreached=True)
    [nudge] = nudge_cohort([pupil], days, NudgeRule())
    assert (nudge.channel, nudge.channel_reason) == (CALL, "not reached by recent calls")


def test_calls_on_the_day_itself_or_before_the_last_10_school_days_do_not_count() -> None:
    days = days_for()
    eleven_back = days.recent[-11]
    calls = [CallMade("A", MONDAY, "no_answer"), CallMade("B", eleven_back, "no_answer"),
             CallMade("C", days.recent[-10], "wrong_number")]
    assert unreached_lately(calls, days) == {"C"}


def test_a_family_with_no_contact_who_may_be_texted_gets_a_call() -> None:
    [nudge] = nudge_cohort([facts(absent=frozenset({FRIDAY}), may_be_texted=False)],
                           days_for(), NudgeRule())
    assert (nudge.channel, nudge.channel_reason) == (CALL, "no contact may receive texts")


def test_a_family_called_about_one_child_gets_no_text_about_another() -> None:
    brother = facts("A", attended=80, possible=100, family="tel:07700900100")
    sister = facts("B", absent=frozenset({FRIDAY}), family="tel:07700900100")
    other = facts("C", absent=frozenset({FRIDAY}), family="tel:07700900200")
    found = {n.upn: n for n in nudge_cohort([brother, sister, other], days_for(),
                                            NudgeRule())}
    assert {upn: n.channel for upn, n in found.items()} == {"A": CALL, "B": CALL, "C": TEXT}
    assert found["B"].channel_reason == "the family gets a call about a brother or sister"


def test_a_pupil_on_a_school_trip_that_day_is_not_nudged_at_all() -> None:
    on_trip = facts(attended=80, possible=100, absent=frozenset({FRIDAY}),
                    approved_activity=True)
    assert cohort(on_trip) == {}


def test_a_pupil_on_a_trip_makes_no_call_for_a_sister_who_still_gets_her_text() -> None:
    brother = facts("A", attended=80, possible=100, family="tel:07700900100",
                    approved_activity=True)
    sister = facts("B", absent=frozenset({FRIDAY}), family="tel:07700900100")
    assert cohort(brother, sister) == {"B": (TEXT, ("absent on Friday 16 October",))}


def test_an_approved_activity_is_any_aea_code_of_the_day() -> None:
    assert all(on_approved_activity([code, "/"]) for code in "KVPWB")
    assert on_approved_activity(["N", "V"])
    assert not on_approved_activity(["/", "\\"])
    assert not on_approved_activity(["I", "O", "X"])
    assert not on_approved_activity([])


def test_the_school_sets_its_own_rule() -> None:
    rule, problems = nudge_rule_from_settings({"message_schedule": {"office": {
        "nudge_below_pct": 92, "nudge_absent_yesterday": False, "call_below_pct": 85,
        "pattern_absences": 3, "pattern_weeks": 8}}})
    assert problems == ()
    assert rule == NudgeRule(92, False, True, 85, PatternRule(3, 8))
    absent_friday = facts(absent=frozenset({FRIDAY}), attended=93, possible=100)
    assert cohort(absent_friday, rule=rule) == {}
    assert cohort(replace(absent_friday, attended=86), rule=rule) == {
        "A": (TEXT, ("attendance below 92% this year",))}


def test_an_unreadable_setting_keeps_the_default_and_says_so() -> None:
    rule, problems = nudge_rule_from_settings({"office": {
        "nudge_below_pct": "ninety", "pattern_weeks": 0, "nudge_weekday_pattern": "yes"}})
    assert rule == NudgeRule()
    assert len(problems) == 3
    assert "office setting nudge_below_pct: must be a number" in problems[0]
    _, impossible = nudge_rule_from_settings({"office": {"pattern_absences": 7}})
    assert "7 absences cannot come from the last 6 weeks" in impossible[0]


def test_the_rules_are_stated_for_staff() -> None:
    rule = NudgeRule()
    assert rule.cohort_stated() == (
        "Pupils on roll with attendance below 95% this school year (up to the previous "
        "school day), absent on the previous school day, or a Monday or Friday pattern "
        "(absent on 2 or more of the last 6 school Mondays, or of the last 6 school "
        "Fridays). A pupil marked with an approved educational activity that day (a trip, "
        "sport, work experience: K, V, P, W or B) is left out.")
    assert "below 90%" in rule.channel_stated()
    assert "no text" in rule.channel_stated()
    assert friday_text_stated(PatternRule(3, 8)) == (
        "Thursday evening texts go to families whose child missed 3 or more of the last 8 "
        "school Fridays.")
    without = replace(rule, absent_yesterday=False, weekday_pattern=False)
    assert without.cohort_stated().startswith(
        "Pupils on roll with attendance below 95% this school year (up to the previous "
        "school day). A pupil marked")


def test_no_golden_hour_on_a_day_without_school() -> None:
    assert nudge_days(CALENDAR, date(2026, 10, 28), PatternRule()) is None  # half-term
    assert nudge_days(CALENDAR, date(2026, 9, 2), PatternRule()) is None  # first day


def test_a_school_without_a_calendar_has_its_golden_hour_before_the_registers() -> None:
    marked = [d for d in CALENDAR.school_days(date(2026, 9, 2), FRIDAY)]
    inferred = SchoolCalendar.inferred(marked)
    days = nudge_days(inferred, MONDAY, PatternRule())
    assert days is not None and days.previous == FRIDAY
    assert nudge_days(inferred, MONDAY + timedelta(days=5), PatternRule()) is None


def test_year_to_date_sessions_come_from_each_days_latest_codes() -> None:
    codes = {date(2026, 9, 7): ["/", "\\"], date(2026, 9, 8): ["I", "V"],
             date(2026, 9, 9): ["X", "-"], date(2026, 9, 12): ["O", "O"]}
    school_days = CALENDAR.school_days(date(2026, 9, 1), date(2026, 9, 11))
    assert sessions_attended(codes, school_days) == (3, 4)  # a Saturday mark is not counted


def test_pupils_sharing_any_phone_are_one_family() -> None:
    found = families({"A": ["07700 900123", "07700 900456"], "B": ["+447700900456"],
                      "C": ["07700 900789"], "D": [None]})
    assert found["A"] == found["B"] == "tel:07700900123"
    assert found["C"] == "tel:07700900789"
    assert found["D"] == "upn:D"
    assert phone_key("+44 7700 900123") == "07700900123"
