"""The demo's replayed week: which days are replayed and which marks go at each step."""

from __future__ import annotations

from datetime import date, datetime, time

from shared.demo.week_replay import (
    STEPS,
    local,
    recorded_before,
    recorded_between,
    replayed_days,
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
    steps = [local(day, at) for at, _, _ in STEPS]
    windows = list(zip([local(day, time(0, 0)), *steps], steps, strict=False))
    chosen = [window for window in windows if recorded_between(*window)(mark(register))]
    assert chosen == [(local(day, time(7, 35)), local(day, time(9, 15)))]
    assert recorded_before(local(day, time(0, 0)))(mark(local(date(2026, 10, 2), time(9))))
    assert not recorded_before(local(day, time(0, 0)))(mark(register))


def test_the_office_day_is_walked_in_time_order_from_golden_hour_to_evening() -> None:
    times = [at for at, _, _ in STEPS]
    assert times == sorted(times)
    assert times[0] == time(7, 35) and time(10, 31) in times and time(15, 5) in times
