"""The demo's dated moments: its weeks end the first autumn half-term, so the replayed
week is the last before the break and the clock reaches the blanket leaflet drop (4.1)
on the break's first day; the September letter batch (4.3) inside the backfill is still
drafted, early that day."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

from shared.demo.milestones import (
    Milestone,
    backfill_milestones,
    half_term_eve,
    leaflet_drop_days,
    replay_milestones,
    start_ending_at_half_term,
)
from shared.demo.week_replay import local, replayed_days
from shared.simulator.model import Trust
from shared.simulator.trust import generate_trust

AUTUMN = date(2026, 9, 1)
HALF_TERM_MONDAY = date(2026, 10, 26)  # every school of seed 7's trust breaks then
QUIET_HOURS_UNTIL = time(7, 30)
GOLDEN_HOUR_NUDGES = time(7, 30)


def demo_trust(weeks: int = 8, pupils: int = 60) -> Trust:
    sketch = generate_trust(7, 3, pupils, 1, AUTUMN)
    return generate_trust(7, 3, pupils, weeks, start_ending_at_half_term(sketch, weeks))


def test_the_default_eight_weeks_are_the_whole_first_half_term_ending_on_its_eve() -> None:
    trust = demo_trust()
    assert trust.first_day == date(2026, 8, 31) and trust.last_day == date(2026, 10, 25)
    assert half_term_eve(trust) == HALF_TERM_MONDAY - timedelta(days=1)
    assert all(leaflet_drop_days(school)[0] == HALF_TERM_MONDAY for school in trust.schools)


def test_the_replayed_week_is_the_last_school_week_before_half_term() -> None:
    for weeks in (8, 6, 2):
        assert replayed_days(demo_trust(weeks), 5) == [
            date(2026, 10, 19) + timedelta(days=n) for n in range(5)]


def test_the_clock_reaches_the_leaflet_drop_on_the_first_morning_of_half_term() -> None:
    trust = demo_trust()
    drops = replay_milestones(trust, replayed_days(trust, 5))
    assert [drop.moment for drop in drops] == [local(HALF_TERM_MONDAY, time(6, 0))]
    drop = drops[0]
    assert drop.action == "4.1" and drop.letter_kind == "attendance leaflet"
    assert set(drop.school_urns) == {school.urn for school in trust.schools}
    assert drop.moment.time() < GOLDEN_HOUR_NUDGES  # nothing else is due then
    assert drop.then is None  # the clock stays there: the demo's last stop


def test_the_september_letter_batch_in_the_backfill_is_drafted_early_that_day() -> None:
    trust = demo_trust()
    stops = backfill_milestones(trust, replayed_days(trust, 5)[0])
    assert [stop.moment for stop in stops] == [local(date(2026, 9, 30), time(6, 0))]
    assert stops[0].action == "4.3" and stops[0].letter_kind == "head teacher letter"
    assert stops[0].moment.time() < QUIET_HOURS_UNTIL  # no text about the day before goes
    # The rest of the backfill goes in with the clock on the Saturday after: no school day.
    assert stops[0].then == local(date(2026, 10, 3), time(12, 0))
    assert not any(school.calendar.is_school_day(date(2026, 10, 3))
                   for school in trust.schools)


def test_a_batch_the_replay_still_catches_up_and_a_drop_weeks_away_are_not_visited() -> None:
    trust = generate_trust(7, 3, 60, 6, date(2026, 9, 2))  # replays 7-13 October
    days = replayed_days(trust, 5)
    assert days[0] == date(2026, 10, 7)
    assert backfill_milestones(trust, days[0]) == []  # comms drafts it on 7 October
    assert replay_milestones(trust, days) == []  # school days come before the break


def test_a_school_breaking_a_week_early_gets_its_drop_on_the_replayed_monday() -> None:
    trust = demo_trust()
    early, *others = trust.schools
    autumn = early.calendar.terms[0]
    moved = dataclasses.replace(autumn, half_term_start=date(2026, 10, 19),
                                half_term_end=date(2026, 10, 23))
    calendar = dataclasses.replace(early.calendar,
                                   terms=(moved, *early.calendar.terms[1:]))
    trust = dataclasses.replace(trust, schools=(dataclasses.replace(early, calendar=calendar),
                                                *others))
    assert half_term_eve(trust) == date(2026, 10, 25)  # the later break still ends the weeks
    drops = replay_milestones(trust, replayed_days(trust, 5))
    assert [(drop.moment, drop.school_urns) for drop in drops] == [
        (local(date(2026, 10, 19), time(6, 0)), (early.urn,)),
        (local(HALF_TERM_MONDAY, time(6, 0)), tuple(school.urn for school in others))]


def test_what_the_letters_queues_showed_is_said_with_the_count() -> None:
    drop = Milestone(local(HALF_TERM_MONDAY, time(6, 0)), "leaflet drop", "4.1",
                     "attendance leaflet", "leaflets", ("100001", "100002"))
    assert drop.seen({"100001": 40, "100002": 2}, 180) == (
        "42 leaflets in 2 schools' letters queues")
    assert drop.seen({"100001": 40}, 180) == (
        "40 leaflets in 1 of 2 schools' letters queues so far (comms is still at it)")
    assert drop.seen({}, 180).startswith("no leaflets in the letters queue yet after 180 s")
    one = dataclasses.replace(drop, school_urns=("100001",))
    assert one.seen({"100001": 1}, 180) == "1 leaflet in the letters queue"
