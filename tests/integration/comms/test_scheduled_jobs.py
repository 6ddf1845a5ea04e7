"""Scheduled jobs on the real store: the weekly unauthorised-absence text on Friday and
the July letter about term-time leave."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.comms.documents import letter_html, pdf_bytes
from services.comms.jobs import JobDeps, run_due_jobs
from services.comms.letter_jobs import LetterJobDeps, run_july_letters
from services.comms.letters import LetterKind
from services.comms.model import Purpose
from services.comms.mongo_cohorts import MongoCohorts
from services.comms.mongo_day_marks import MongoDayMarks
from services.comms.mongo_deliveries import MongoDeliveries
from services.comms.mongo_letters import MongoLetters
from services.comms.mongo_staff import MongoStaffRecords
from services.comms.mongo_stores import MongoDirectory, MongoOptOuts
from tests.unit.comms.builders import MUM, SCHOOL, UPN_AMY, UPN_BEN, london
from tests.unit.comms.pdf_text import pdf_text

FRIDAY = date(2026, 10, 16)
UPDATED = "2026-09-01T08:00:00+00:00"


def roster(upn: str, name: str, leaving: str | None = None) -> dict[str, Any]:
    return {"school_urn": SCHOOL, "upn": upn, "given_name": name, "family_name": "Testwell",
            "year_group": 4, "leaving_date": leaving, "updated_at": UPDATED,
            "contacts": [{"contact_id": "c1", "name": "Pat", "phone": MUM, "priority": 1,
                          "may_receive_texts": True}]}


async def test_families_with_unauthorised_absence_this_week_are_told_once_on_friday(
        comms_db: AsyncDatabase[dict[str, Any]]) -> None:
    directory, marks = MongoDirectory(comms_db), MongoDayMarks(comms_db)
    cohorts, deliveries = MongoCohorts(comms_db), MongoDeliveries(comms_db)
    await cohorts.create_indexes()
    await directory.save_school({"school_urn": SCHOOL, "name": "Meadow Lane Primary",
                                 "updated_at": UPDATED})
    await directory.save_pupil(roster(UPN_AMY, "Amy"))
    await directory.save_pupil(roster(UPN_BEN, "Ben", leaving="2026-09-30"))
    recorded = datetime.fromisoformat("2026-10-14T08:00:00+00:00")
    wednesday = FRIDAY - timedelta(days=2)
    for upn in (UPN_AMY, UPN_BEN):
        await marks.save_mark(SCHOOL, upn, wednesday, "AM", "O", recorded)
    deps = JobDeps(cohorts, directory, deliveries, MongoOptOuts(comms_db),
                   MongoStaffRecords(comms_db))

    assert await run_due_jobs(deps, london(FRIDAY, 15, 0)) == 0
    assert await run_due_jobs(deps, london(FRIDAY, 15, 30)) == 1
    assert await run_due_jobs(deps, london(FRIDAY, 15, 45)) == 0
    [text] = await deliveries.for_school(SCHOOL, FRIDAY)
    assert text.purpose is Purpose.UNAUTHORISED_CONSEQUENCES
    assert [p.name for p in text.pupils] == ["Amy"]  # Ben has left the school


async def test_parents_who_took_term_time_leave_get_the_july_letter_once(
        comms_db: AsyncDatabase[dict[str, Any]]) -> None:
    directory, marks = MongoDirectory(comms_db), MongoDayMarks(comms_db)
    cohorts, letters = MongoCohorts(comms_db), MongoLetters(comms_db)
    await directory.save_school({"school_urn": SCHOOL, "name": "Meadow Lane Primary",
                                 "head_teacher": "Ms Rowan Hart", "updated_at": UPDATED})
    await directory.save_pupil(roster(UPN_AMY, "Amy"))
    await directory.save_pupil(roster(UPN_BEN, "Ben"))
    recorded = datetime.fromisoformat("2027-02-20T08:00:00+00:00")
    for day in (date(2027, 2, 8), date(2027, 2, 9)):
        for session in ("AM", "PM"):
            await marks.save_mark(SCHOOL, UPN_AMY, day, session, "G", recorded)
    await marks.save_mark(SCHOOL, UPN_BEN, date(2027, 2, 8), "AM", "I", recorded)
    deps = LetterJobDeps(cohorts, directory, letters)

    assert await run_july_letters(deps, london(date(2027, 7, 14), 9)) == 0
    assert await run_july_letters(deps, london(date(2027, 7, 15), 9)) == 1
    assert await run_july_letters(deps, london(date(2027, 7, 16), 9)) == 0
    [letter] = await letters.for_school(SCHOOL)
    assert letter.kind is LetterKind.JULY_LEAVE and letter.upn == UPN_AMY
    text = pdf_text(pdf_bytes(letter_html(letter)))
    assert "As the 2026/27 school year ends" in text
    assert "absent for 2 days of unauthorised leave in term time" in text
