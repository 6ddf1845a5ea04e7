"""The demo's replayed week: which days are replayed and which marks go at each step."""

from __future__ import annotations

from datetime import date, datetime, time

from shared.demo.week_replay import (
    CATCHING_UP_MARK,
    STEPS,
    CatchingUpNote,
    Visit,
    day_plan,
    local,
    recorded_before,
    recorded_between,
    replayed_days,
    step_line,
    steps_of,
)
from shared.simulator.model import SyntheticMark
from shared.simulator.trust import generate_trust


def mark(recorded_at: datetime) -> SyntheticMark:
    return SyntheticMark("100001", "A801100026001", recorded_at.date(), "AM", "/", recorded_at)


def test_the_replayed_week_is_the_trusts_last_five_school_days() -> None:
    trust = generate_trust(7, 1, 40, 2, date(2026, 9, 2))
    days = replayed_days(trust, 5)
    assert len(days) == 5 and days[-1] <= trust.last_day
    assert all(day.weekday() < 5 for day in days)
    assert replayed_days(trust, 0) == []


def test_each_mark_goes_in_exactly_one_step_of_its_day() -> None:
    day = date(2026, 10, 5)
    register = local(day, time(9, 5))
    steps = [local(day, step.at) for step in STEPS]
    windows = list(zip([local(day, time(0, 0)), *steps], steps, strict=False))
    chosen = [window for window in windows if recorded_between(*window)(mark(register))]
    assert chosen == [(local(day, time(7, 35)), local(day, time(9, 15)))]
    assert recorded_before(local(day, time(0, 0)))(mark(local(date(2026, 10, 2), time(9))))
    assert not recorded_before(local(day, time(0, 0)))(mark(register))


def test_the_office_day_is_walked_in_time_order_from_golden_hour_to_evening() -> None:
    times = [step.at for step in STEPS]
    assert times == sorted(times)
    assert times[0] == time(7, 35) and time(10, 31) in times and time(15, 5) in times


def labels_on(day: date) -> dict[time, str]:
    return dict(steps_of(day))


def test_golden_hour_texts_are_announced_only_on_the_days_they_go() -> None:
    monday, wednesday = date(2026, 10, 5), date(2026, 10, 7)
    assert labels_on(monday)[time(7, 35)] == "before school: golden-hour nudge texts"
    assert labels_on(wednesday)[time(7, 35)] == "before school"
    assert not any("golden" in label for label in labels_on(wednesday).values())


def test_the_afternoon_texts_say_which_ones_go_that_day() -> None:
    wednesday, thursday, friday = date(2026, 10, 7), date(2026, 10, 8), date(2026, 10, 9)
    assert time(15, 35) not in labels_on(wednesday)
    assert labels_on(thursday)[time(15, 35)] == "golden-hour afternoon nudges"
    assert labels_on(friday)[time(15, 35)] == "weekly texts on unauthorised absence"
    assert "Thursday" not in " ".join(labels_on(friday).values())
    assert "Friday" not in " ".join(labels_on(friday).values())
    assert time(18, 5) in labels_on(thursday) and time(18, 5) not in labels_on(friday)


def test_catching_up_is_explained_once_in_plain_words() -> None:
    said: list[str] = []
    note = CatchingUpNote()
    moment = local(date(2026, 10, 7), time(9, 45))
    for caught_up in (True, False, False):
        said.append(step_line(moment, "registers settled: absence texts", 3, caught_up))
        note.after(caught_up, said.append)
    assert said[0] == "  Wed 7 Oct 09:45  registers settled: absence texts (3 marks)"
    assert said[1].endswith(CATCHING_UP_MARK)
    explanations = [line for line in said if "some absence texts will come late" in line]
    assert len(explanations) == 1 and "still applying earlier marks" in explanations[0]
    assert said.index(explanations[0]) == 2


def test_a_visit_takes_its_place_among_the_days_steps_and_is_not_done_by_planning() -> None:
    done: list[str] = []
    visit = Visit(time(11, 0), "office records a holiday request",
                  lambda: done.append("recorded") or "letter in the queue")
    plan = day_plan(date(2026, 10, 19), [visit])
    times = [at for at, _, _ in plan]
    assert times == sorted(times) and len(plan) == len(labels_on(date(2026, 10, 19))) + 1
    _, label, act = plan[times.index(time(11, 0))]
    assert label == "office records a holiday request" and act is visit.act
    assert plan[times.index(time(11, 0)) - 1][0] == time(10, 31)
    assert done == []


def test_a_step_line_says_what_came_of_the_step_before_risk_catching_up() -> None:
    moment = local(date(2026, 10, 19), time(11, 0))
    assert step_line(moment, "office records a holiday request", 3, False, "letter queued") == (
        "  Mon 19 Oct 11:00  office records a holiday request (3 marks): letter queued"
        + CATCHING_UP_MARK)
