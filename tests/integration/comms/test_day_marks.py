"""The day codes comms keeps from the marks topic, saved a poll at a time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.comms.mongo_day_marks import MongoDayMarks
from shared.kernel import Mark
from tests.unit.comms.builders import SCHOOL, UPN_AMY, UPN_BEN

MONDAY = date(2026, 10, 5)
REGISTER = datetime.fromisoformat("2026-10-05T09:05:00+01:00")


def mark(upn: str, session: str, code: str, minutes_after: int = 0) -> Mark:
    return Mark(SCHOOL, upn, MONDAY, session, code,  # type: ignore[arg-type]
                REGISTER + timedelta(minutes=minutes_after))


async def test_a_poll_of_marks_keeps_the_latest_code_of_each_session(
        comms_db: AsyncDatabase[dict[str, Any]]) -> None:
    days = MongoDayMarks(comms_db)
    await days.save_marks([mark(UPN_AMY, "AM", "N"), mark(UPN_AMY, "AM", "I", 30),
                           mark(UPN_AMY, "PM", "/", 300), mark(UPN_BEN, "AM", "L")])
    assert await days.day_codes(SCHOOL, UPN_AMY, MONDAY) == ["I", "/"]
    assert await days.day_codes(SCHOOL, UPN_BEN, MONDAY) == ["L"]


async def test_an_older_resend_in_a_later_poll_changes_nothing(
        comms_db: AsyncDatabase[dict[str, Any]]) -> None:
    days = MongoDayMarks(comms_db)
    await days.save_marks([mark(UPN_AMY, "AM", "I", 30)])
    await days.save_marks([mark(UPN_AMY, "AM", "N"), mark(UPN_AMY, "PM", "U", 300)])
    assert await days.day_codes(SCHOOL, UPN_AMY, MONDAY) == ["I", "U"]


async def test_a_backfill_of_many_days_is_kept_whole(
        comms_db: AsyncDatabase[dict[str, Any]]) -> None:
    days = MongoDayMarks(comms_db)
    backfill = [Mark(SCHOOL, UPN_AMY, MONDAY + timedelta(days=offset), "AM", "/", REGISTER)
                for offset in range(120)]
    await days.save_marks(backfill)
    assert await days.day_codes(SCHOOL, UPN_AMY, MONDAY + timedelta(days=119)) == ["/"]
