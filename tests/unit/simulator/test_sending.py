"""What every stream shares: time-ordered batches, the simulated clock and pacing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from shared.simulator import SimulatedClock, SyntheticMark, Trust, generate_trust
from shared.simulator.corrections import LONDON
from shared.simulator.sending import Pacer, count_marks, mark_batches, send_marks


@pytest.fixture(scope="module")
def tiny_trust() -> Trust:
    return generate_trust(3, 1, 40, 1, date(2026, 9, 7))


def test_the_clock_only_moves_forward() -> None:
    clock = SimulatedClock()
    with pytest.raises(RuntimeError, match="has not started"):
        clock.now()
    nine = datetime(2026, 9, 7, 9, 0, tzinfo=LONDON)
    clock.advance_to(nine)
    clock.advance_to(datetime(2026, 9, 7, 8, 0, tzinfo=LONDON))
    assert clock.now() == nine


def test_batches_keep_time_order_and_never_span_two_days(tiny_trust: Trust) -> None:
    batches = list(mark_batches(tiny_trust, 30))
    assert all(0 < len(batch) <= 30 for batch in batches)
    # A batch may hold corrections of earlier dates, but all are sent on one day.
    assert all(len({mark.recorded_at.date() for mark in batch}) == 1 for batch in batches)
    moments = [mark.recorded_at for batch in batches for mark in batch]
    assert moments == sorted(moments) and len(moments) == count_marks(tiny_trust)


def test_sending_moves_the_clock_to_each_batch_and_reports_progress(tiny_trust: Trust) -> None:
    clock = SimulatedClock()
    seen: list[tuple[datetime, datetime]] = []
    progress: list[tuple[int, int]] = []

    def send(batch: list[SyntheticMark]) -> None:
        seen.append((clock.now(), batch[0].recorded_at))

    sent = send_marks(tiny_trust, send, 50, None, clock,
                      lambda done, total: progress.append((done, total)), None)
    total = count_marks(tiny_trust)
    assert sent == total and progress[-1] == (total, total)
    # While a batch is being sent the clock reads that batch's first register time.
    assert all(now == first for now, first in seen)
    assert clock.now() == max(m.recorded_at for batch in mark_batches(tiny_trust, 50)
                              for m in batch)


def test_a_rate_paces_the_stream_without_touching_the_wall_clock_otherwise() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(100.0, sleep=sleep, monotonic=lambda: now[0])
    pacer.wait_for(50)
    assert slept == [pytest.approx(0.5)]
    Pacer(None, sleep=sleep, monotonic=lambda: now[0]).wait_for(10_000)
    assert len(slept) == 1


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive number of marks per second"):
        Pacer(0)
