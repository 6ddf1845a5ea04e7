"""Which holiday request the demo's office records: on the first replayed day its school
is open, for a pupil on roll whose family takes term-time holidays, asking for the last
week of the autumn term."""

from __future__ import annotations

import dataclasses
from datetime import date

from shared.demo.holiday_request import choose_request, leave_asked_for
from shared.demo.milestones import start_ending_at_half_term
from shared.demo.week_replay import replayed_days
from shared.simulator.model import Trust
from shared.simulator.trust import generate_trust


def demo_trust() -> Trust:
    sketch = generate_trust(7, 3, 90, 1, date(2026, 9, 1))
    return generate_trust(7, 3, 90, 8, start_ending_at_half_term(sketch, 8))


def test_a_holiday_family_of_the_offices_school_asks_on_the_first_replayed_day() -> None:
    trust = demo_trust()
    request = choose_request(trust, replayed_days(trust, 5))
    assert request is not None
    pupil = next(p for p in trust.pupils if p.upn == request.upn)
    assert request.school_urn == trust.schools[0].urn == pupil.school_urn
    assert pupil.habits.holiday_family
    assert request.day == date(2026, 10, 19)
    assert (request.first_day, request.last_day) == (date(2026, 12, 14), date(2026, 12, 18))


def test_the_record_is_a_refused_request_for_that_leave_on_that_school_day() -> None:
    trust = demo_trust()
    request = choose_request(trust, replayed_days(trust, 5))
    assert request is not None
    assert request.record() | {"note": ""} == {
        "kind": "holiday_request", "school_day": "2026-10-19", "first_day": "2026-12-14",
        "last_day": "2026-12-18", "decision": "refused", "note": ""}


def test_no_request_when_the_offices_school_is_shut_all_the_replayed_days() -> None:
    trust = demo_trust()
    days = replayed_days(trust, 5)
    first = trust.schools[0]
    autumn = first.calendar.terms[0]
    on_break = dataclasses.replace(autumn, half_term_start=days[0], half_term_end=days[-1])
    shut = dataclasses.replace(first, calendar=dataclasses.replace(
        first.calendar, terms=(on_break, *first.calendar.terms[1:])))
    assert choose_request(dataclasses.replace(trust, schools=(shut, *trust.schools[1:])),
                          days) is None


def test_a_request_late_in_term_asks_for_school_days_a_fortnight_on() -> None:
    calendar = demo_trust().schools[0].calendar
    first, last = leave_asked_for(calendar, date(2026, 12, 10))
    assert first >= date(2026, 12, 24) and calendar.is_school_day(first)
    assert calendar.is_school_day(last) and first <= last
