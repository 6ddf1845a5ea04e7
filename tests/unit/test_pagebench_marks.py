"""Marks arriving during the page bench are the school's own next registers: valid
marks for its pupils, on school days, recorded after the history fed before the run."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from shared.bench.mark_trickle import (
    MarkTrickle,
    RegisterStream,
    history_end,
    trust_with_later_days,
)
from shared.kernel import Enrolment, check_mark_context, parse_mark
from shared.simulator.model import SyntheticMark, Trust
from shared.simulator.wire import mark_record

START = date(2026, 9, 1)


def _split(pupils: int, weeks: int, wanted: int
           ) -> tuple[Trust, list[SyntheticMark], list[SyntheticMark]]:
    trust = trust_with_later_days(3, pupils, weeks, START, wanted)
    stream = RegisterStream(trust, history_end(START, weeks))
    history = [mark for batch in stream.history(500) for mark in batch]
    return trust, history, stream.later(wanted)


def test_later_marks_are_valid_marks_for_the_schools_pupils_on_school_days() -> None:
    trust, _, later = _split(120, 2, 300)
    school = trust.schools[0]
    pupils = {p.upn: p for p in trust.pupils}
    assert len(later) == 300
    for sent in later:
        mark = parse_mark({"schema_version": 1, **mark_record(sent)})
        pupil = pupils[mark.upn]
        enrolment = Enrolment(pupil.admission_date, pupil.leaving_date)
        assert mark.school_urn == school.urn
        assert school.calendar.is_school_day(mark.date)
        assert check_mark_context(mark, enrolment, today=date(2027, 9, 1)) == []


def test_later_marks_were_recorded_after_the_history_and_in_order() -> None:
    _, history, later = _split(120, 2, 300)
    last_history_day = history_end(START, 2)
    assert history and all(m.recorded_at.date() <= last_history_day for m in history)
    assert all(m.recorded_at.date() > last_history_day for m in later)
    times = [m.recorded_at for m in later]
    assert times == sorted(times)


def test_later_marks_can_only_be_had_once_the_history_is_sent() -> None:
    trust = trust_with_later_days(3, 60, 1, START, 10)
    with pytest.raises(RuntimeError, match="history first"):
        RegisterStream(trust, history_end(START, 1)).later(10)


def test_too_many_marks_for_the_weeks_after_the_history_are_refused_clearly() -> None:
    with pytest.raises(ValueError, match="fewer marks per second"):
        trust_with_later_days(3, 10, 1, START, 10_000)


def test_a_trickle_sends_no_faster_than_its_rate_and_counts_what_it_sent() -> None:
    later = _split(60, 1, 50)[2]
    sent: list[SyntheticMark] = []
    trickle = MarkTrickle(later, 100.0, sent.append)
    trickle.start()
    time.sleep(0.15)
    count = trickle.stop()
    assert count == len(sent) > 0
    # Marks are due at 0, 10, 20... ms from the start: never more than the time allows.
    assert count <= trickle.seconds * 100 + 1
    assert sent == later[:count] and not trickle.ran_out


def test_a_trickle_stops_when_its_marks_run_out_and_reports_a_failed_send() -> None:
    later = _split(60, 1, 5)[2]
    trickle = MarkTrickle(later, 1000.0, lambda mark: None)
    trickle.start()
    deadline = time.monotonic() + 5
    while trickle.sent < len(later) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert trickle.stop() == 5 and trickle.ran_out

    tried = threading.Event()

    def refuse(mark: SyntheticMark) -> None:
        tried.set()
        raise ConnectionError("broker gone")

    failing = MarkTrickle(later, 1000.0, refuse)
    failing.start()
    assert tried.wait(5)
    with pytest.raises(RuntimeError, match="broker gone"):
        failing.stop()
