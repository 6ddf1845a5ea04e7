"""The demo works out its clock stops from the simulated calendars; comms, given the same
schools' settings, must act at those moments, not at the replayed moments before them,
and nothing else of comms' may be due then."""

from __future__ import annotations

from datetime import date

from services.comms.cadence import leaflet_run, letter_batch
from services.comms.model import Purpose, SchoolPolicy
from services.comms.policy import policy_from_settings
from services.comms.rules import send_time
from services.comms.schedule import due_jobs
from shared.demo.milestones import (
    backfill_milestones,
    replay_milestones,
    start_ending_at_half_term,
)
from shared.demo.week_replay import STEPS, local, replayed_days
from shared.simulator.model import Trust
from shared.simulator.trust import generate_trust
from shared.simulator.wire import school_settings


def demo_trust() -> Trust:
    sketch = generate_trust(7, 3, 60, 1, date(2026, 9, 1))
    return generate_trust(7, 3, 60, 8, start_ending_at_half_term(sketch, 8))


def policies(trust: Trust) -> dict[str, SchoolPolicy]:
    return {school.urn: policy_from_settings(school_settings(school, trust.settings_updated_at))
            for school in trust.schools}


def test_comms_drops_the_leaflets_at_the_demos_stop_and_not_during_the_replayed_week() -> None:
    trust = demo_trust()
    days = replayed_days(trust, 5)
    [drop] = replay_milestones(trust, days)
    last_step = local(days[-1], STEPS[-1].at)
    for urn in drop.school_urns:
        school = policies(trust)[urn]
        assert leaflet_run(school, drop.moment) == "2026-10-26"
        assert leaflet_run(school, last_step) is None
        assert due_jobs(school, drop.moment) == []  # no nudge texts on the half-term morning


def test_comms_drafts_septembers_letters_at_the_backfill_stop_which_the_replay_would_miss(
        ) -> None:
    trust = demo_trust()
    days = replayed_days(trust, 5)
    [stop] = backfill_milestones(trust, days[0])
    assert stop.then is not None
    first_step = local(days[0], STEPS[0].at)
    for school in policies(trust).values():
        assert letter_batch(school, stop.moment) == date(2026, 9, 30)
        assert letter_batch(school, first_step) is None
        assert due_jobs(school, stop.moment) == due_jobs(school, stop.then) == []
        for purpose in Purpose:  # a text about a backfilled day arriving then is never sent
            assert send_time(purpose, date(2026, 9, 29), school, stop.moment) is None
            for day in (date(2026, 9, 30), date(2026, 10, 2)):
                assert send_time(purpose, day, school, stop.then) is None
