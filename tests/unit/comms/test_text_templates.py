"""Text wording as parents read it: the plan's defaults, and a school's own words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from jinja2 import UndefinedError

from services.comms.model import Purpose
from services.comms.texts import (
    TextContext,
    children_text,
    default_text,
    override_problem,
    render_text,
)

THURSDAY, FRIDAY, MONDAY = date(2026, 9, 10), date(2026, 9, 11), date(2026, 9, 14)
CONTEXT = TextContext("Meadow Lane Primary", ("Amy",), FRIDAY, "Ms Rowan Hart", MONDAY)
SIBLINGS = TextContext("Meadow Lane Primary", ("Amy", "Ben"), FRIDAY, next_school_day=MONDAY)
ON_THURSDAY = TextContext("Meadow Lane Primary", ("Amy",), THURSDAY, next_school_day=FRIDAY)
THURSDAY_AFTERNOON = replace(ON_THURSDAY, afternoon=True)


@pytest.mark.parametrize("purpose", list(Purpose))
def test_every_text_purpose_has_default_wording_naming_the_child_and_school(
        purpose: Purpose) -> None:
    text = render_text(purpose, CONTEXT, {})
    assert "Amy" in text
    assert "Meadow Lane Primary" in text
    assert "{" not in text


def test_the_u_today_text_looks_forward_to_seeing_the_child_on_time_tomorrow() -> None:
    assert render_text(Purpose.U_TODAY, ON_THURSDAY, {}).startswith(
        "Looking forward to seeing Amy on time tomorrow!")


def test_on_a_friday_the_u_today_text_looks_forward_to_monday() -> None:
    assert render_text(Purpose.U_TODAY, CONTEXT, {}).startswith(
        "Looking forward to seeing Amy on time on Monday!")


def test_absent_and_expected_back_welcomes_the_child_back_on_the_next_school_day() -> None:
    assert render_text(Purpose.ABSENT_EXPECTED_BACK, ON_THURSDAY, {}) == (
        "We missed Amy today and are looking forward to welcoming them back tomorrow. "
        "See you then! Meadow Lane Primary")
    on_friday = render_text(Purpose.ABSENT_EXPECTED_BACK, CONTEXT, {})
    assert "welcoming them back on Monday." in on_friday
    assert "tomorrow" not in on_friday


def test_the_day_back_after_a_break_is_named_with_its_date() -> None:
    before_half_term = TextContext("Meadow Lane Primary", ("Amy",), date(2026, 10, 23),
                                   next_school_day=date(2026, 11, 2))
    assert "welcoming them back on Monday 2 November." in render_text(
        Purpose.ABSENT_EXPECTED_BACK, before_half_term, {})
    end_of_calendar = replace(before_half_term, next_school_day=None)
    assert "welcoming them back next term." in render_text(
        Purpose.ABSENT_EXPECTED_BACK, end_of_calendar, {})


def test_the_morning_nudge_looks_forward_to_today() -> None:
    text = render_text(Purpose.GOLDEN_HOUR_NUDGE, ON_THURSDAY, {})
    assert text.startswith("Good morning from Meadow Lane Primary!")
    assert "seeing Amy in school today" in text


def test_the_thursday_afternoon_nudge_looks_ahead_to_tomorrow() -> None:
    text = render_text(Purpose.GOLDEN_HOUR_NUDGE, THURSDAY_AFTERNOON, {})
    assert text.startswith("Good afternoon from Meadow Lane Primary!")
    assert "seeing Amy in school tomorrow" in text
    assert "morning" not in text and "today" not in text


def test_a_school_writes_its_own_afternoon_nudge_apart_from_the_morning_one() -> None:
    own = {"golden_hour_nudge": "Morning! See {{ children }} today. {{ school_name }}",
           "golden_hour_nudge_afternoon":
               "See {{ children }} {{ next_school_day }}! {{ school_name }}"}
    assert render_text(Purpose.GOLDEN_HOUR_NUDGE, THURSDAY_AFTERNOON, own) == (
        "See Amy tomorrow! Meadow Lane Primary")
    assert render_text(Purpose.GOLDEN_HOUR_NUDGE, ON_THURSDAY, own) == (
        "Morning! See Amy today. Meadow Lane Primary")
    assert override_problem("golden_hour_nudge_afternoon", "{{ nope }}") is not None


def test_the_thursday_text_uses_the_plans_words() -> None:
    assert "What a great week it has been, we are nearly there - looking forward to seeing " \
           "Amy tomorrow for a full week of attendance!" in render_text(
               Purpose.FRIDAY_PATTERN, CONTEXT, {})


def test_the_full_week_text_congratulates_on_100_percent() -> None:
    assert "Congratulations! Amy had 100% attendance this week." in render_text(
        Purpose.FULL_ATTENDANCE_WEEK, CONTEXT, {})


def test_the_weekly_text_states_the_consequence_of_unauthorised_absence() -> None:
    text = render_text(Purpose.UNAUTHORISED_CONSEQUENCES, CONTEXT, {})
    assert "unauthorised absence this week" in text
    assert "penalty notice" in text


def test_one_text_names_every_child_of_the_family() -> None:
    assert render_text(Purpose.ABSENT_EXPECTED_BACK, SIBLINGS, {}).startswith(
        "We missed Amy and Ben today")
    assert children_text(["Amy", "Ben", "Cal", "Amy"]) == "Amy, Ben and Cal"


def test_a_school_can_write_its_own_wording() -> None:
    own = {"u_today": "Hi! Please help {{ children }} be on time on {{ day }}. {{ school_name }}"}
    assert render_text(Purpose.U_TODAY, CONTEXT, own) == \
        "Hi! Please help Amy be on time on Friday 11 September. Meadow Lane Primary"


def test_a_school_without_its_own_wording_gets_the_default() -> None:
    own = {"full_attendance_week": "Well done {{ children }}!"}
    assert render_text(Purpose.U_TODAY, CONTEXT, own) == default_text(Purpose.U_TODAY, CONTEXT)


def test_school_wording_that_does_not_render_falls_back_to_the_default() -> None:
    broken = {"u_today": "Hello {{ parent_name }}"}
    assert render_text(Purpose.U_TODAY, CONTEXT, broken) == default_text(Purpose.U_TODAY,
                                                                         CONTEXT)
    problem = override_problem(Purpose.U_TODAY, broken["u_today"])
    assert problem is not None and "parent_name" in problem


def test_school_wording_cannot_reach_into_python() -> None:
    sneaky = "{{ children.__class__.__mro__ }}"
    assert override_problem(Purpose.U_TODAY, sneaky) is not None


def test_a_missing_value_fails_loudly_instead_of_sending_a_gap() -> None:
    from services.comms import texts
    with pytest.raises(UndefinedError):
        texts._DEFAULTS.get_template("u_today.txt.j2").render({"school_name": "X"})
