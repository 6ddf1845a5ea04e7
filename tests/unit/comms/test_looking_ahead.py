"""Texts that look ahead name the right day: the next school day from the school's
calendar (or the next weekday), and the afternoon nudge looks ahead to it."""

from __future__ import annotations

from datetime import date

from services.comms.dispatch import send_due
from services.comms.model import Purpose
from services.comms.school_days import next_school_day
from tests.unit.comms.builders import london, policy, pupil
from tests.unit.comms.fakes import Office

THURSDAY, FRIDAY = date(2026, 9, 10), date(2026, 9, 11)
AUTUMN = {"name": "Autumn", "start": "2026-09-02", "end": "2026-12-18",
          "half_term_start": "2026-10-26", "half_term_end": "2026-10-30"}


async def sent_bodies(office: Office, purpose: Purpose, day: date, hour: int,
                      minute: int = 0) -> list[str]:
    amy = office.enrol(pupil())
    office.mark(amy, day, "N", "N")
    await office.plan(purpose, amy, day, london(day, hour, minute))
    await send_due(office.deps(), london(day, 15, 45))
    return [body for _, body in office.sender.sent]


async def test_absent_on_a_friday_is_welcomed_back_on_monday_not_tomorrow() -> None:
    [body, _] = await sent_bodies(Office(), Purpose.ABSENT_EXPECTED_BACK, FRIDAY, 9, 40)
    assert "welcoming them back on Monday." in body
    assert "tomorrow" not in body


async def test_absent_on_a_thursday_is_welcomed_back_tomorrow() -> None:
    [body, _] = await sent_bodies(Office(), Purpose.ABSENT_EXPECTED_BACK, THURSDAY, 9, 40)
    assert "welcoming them back tomorrow." in body


async def test_before_half_term_the_day_back_comes_from_the_schools_calendar() -> None:
    office = Office(school=policy(raw={"terms": [AUTUMN]}))
    [body, _] = await sent_bodies(office, Purpose.ABSENT_EXPECTED_BACK, date(2026, 10, 23),
                                  9, 40)
    assert "welcoming them back on Monday 2 November." in body


async def test_a_closure_day_is_skipped_when_the_school_has_no_calendar() -> None:
    inset_monday = date(2026, 9, 14)
    assert next_school_day(policy(closures=frozenset({inset_monday})), FRIDAY) == date(
        2026, 9, 15)
    assert next_school_day(policy(), FRIDAY) == inset_monday


def test_the_next_school_day_after_the_schools_last_term_is_not_guessed() -> None:
    assert next_school_day(policy(raw={"terms": [AUTUMN]}), date(2026, 12, 18)) is None


async def test_the_thursday_afternoon_nudge_looks_ahead_to_tomorrow() -> None:
    [body, _] = await sent_bodies(Office(), Purpose.GOLDEN_HOUR_NUDGE, THURSDAY, 15, 30)
    assert body.startswith("Good afternoon from Meadow Lane Primary!")
    assert "in school tomorrow" in body


async def test_the_monday_morning_nudge_looks_forward_to_today() -> None:
    office = Office()
    amy = office.enrol(pupil())
    monday = date(2026, 9, 14)
    await office.plan(Purpose.GOLDEN_HOUR_NUDGE, amy, monday, london(monday, 7, 30))
    await send_due(office.deps(), london(monday, 7, 31))
    body = office.sender.sent[0][1]
    assert body.startswith("Good morning from Meadow Lane Primary!")
    assert "in school today" in body
