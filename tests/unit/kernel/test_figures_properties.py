"""Order, replay and amendment independence of the figures (DESIGN.md section 3.2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from shared.kernel import (
    Enrolment,
    Figures,
    Mark,
    last_school_weeks,
    latest_marks,
    pupil_figures,
    supersedes,
    window_for,
)
from tests.unit.kernel.builders import SCHOOL, SCHOOL_YEAR, UPN, at

CODES = ["/", "\\", "L", "V", "I", "M", "C2", "G", "N", "O", "U", "D", "X", "Y1", "#", "-"]
DAYS = SCHOOL_YEAR.school_days(date(2024, 10, 14), date(2024, 11, 15))
AS_OF = DAYS[-1]
WINDOWS = [window_for(name, AS_OF, SCHOOL_YEAR) for name in ("ytd", "term", "half_term", "week")]
WINDOWS.append(last_school_weeks(SCHOOL_YEAR, AS_OF, 2))

marks_strategy = st.builds(
    lambda day, session, code, minutes: Mark(SCHOOL, UPN, day, session, code,
                                             recorded_at=at(day, minutes)),
    st.sampled_from(DAYS), st.sampled_from(["AM", "PM"]), st.sampled_from(CODES),
    st.integers(min_value=0, max_value=5),
)
mark_lists = st.lists(marks_strategy, min_size=1, max_size=40)


def every_window(marks: list[Mark]) -> list[Figures]:
    return [pupil_figures(marks, Enrolment(), SCHOOL_YEAR, window) for window in WINDOWS]


@given(mark_lists, st.randoms())
def test_the_figures_do_not_depend_on_the_order_marks_arrive_in(marks: list[Mark],
                                                                 random: Random) -> None:
    shuffled = list(marks)
    random.shuffle(shuffled)
    assert every_window(shuffled) == every_window(marks)


@given(mark_lists, st.data())
def test_re_sending_a_mark_changes_nothing(marks: list[Mark], data: st.DataObject) -> None:
    resent = data.draw(st.sampled_from(marks))
    position = data.draw(st.integers(min_value=0, max_value=len(marks)))
    assert every_window([*marks[:position], resent, *marks[position:]]) == every_window(marks)


@given(mark_lists, st.data())
def test_an_amended_mark_replaces_its_predecessor_in_every_window(
        marks: list[Mark], data: st.DataObject) -> None:
    original = data.draw(st.sampled_from(marks))
    amended = replace(original, code=data.draw(st.sampled_from(CODES)),
                      recorded_at=max(m.recorded_at for m in marks) + timedelta(minutes=1))
    without_predecessors = [m for m in marks if m.key != original.key]
    assert every_window([*marks, amended]) == every_window([*without_predecessors, amended])


@given(mark_lists, st.data())
def test_an_older_re_send_is_a_no_op(marks: list[Mark], data: st.DataObject) -> None:
    current = data.draw(st.sampled_from(marks))
    older = replace(current, code=data.draw(st.sampled_from(CODES)),
                    recorded_at=min(m.recorded_at for m in marks) - timedelta(minutes=1))
    assert every_window([older, *marks]) == every_window(marks)
    assert every_window([*marks, older]) == every_window(marks)


@given(st.lists(marks_strategy, min_size=1, max_size=40, unique_by=lambda m: (m.key,
                                                                             m.recorded_at)))
def test_folding_marks_one_by_one_with_supersedes_agrees_with_latest_marks(
        marks: list[Mark]) -> None:
    state: dict[tuple[date, str], Mark] = {}
    for mark in marks:
        if supersedes(mark, state.get(mark.key)):
            state[mark.key] = mark
    assert state == latest_marks(marks)
