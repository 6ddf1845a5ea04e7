"""A second school of the trust: a pupil at 90-92% added to its vulnerable register, and
both schools side by side in the trust view, each a link to the school.

Rowan Hill Primary (100002) starts its autumn term on Tue 1 Sep 2026 with no closures,
so up to Tue 8 Sep there are 6 school days = 12 sessions. Dev Shah misses one (O):
11 of 12, 91.7%, not persistently absent but below 92%, so he may be added. Eve Price
attends every session. School: 23 of 24, 95.8%.
"""

from __future__ import annotations

from typing import Any

import pytest

from services.web.memory_store import InMemoryReadModelStore
from shared.simulator.identifiers import make_upn
from tests.unit.web import records
from tests.unit.web.leadership.conftest import Staff
from tests.unit.web.store_behaviour import TOPICS, feed

ROWAN = records.OTHER_URN
DEV, EVE = (make_upn("801", "1000", 26, serial) for serial in (21, 22))
DAYS = ("2026-09-01", "2026-09-02", "2026-09-03", "2026-09-04", "2026-09-07", "2026-09-08")
VULNERABLE = f"/schools/{ROWAN}/vulnerable"


def rowan_hill() -> dict[str, Any]:
    settings = records.school_settings(ROWAN, "Rowan Hill Primary")
    settings["terms"] = [{"name": "Autumn 2026", "start": "2026-09-01", "end": "2026-12-18",
                          "half_term_start": "2026-10-26", "half_term_end": "2026-10-30"}]
    settings["closures"] = []
    return settings


def rowan_pupil(upn: str, given: str, family: str) -> dict[str, Any]:
    """A Year 5 pupil on roll from the first day of term."""
    return {**records.pupil(upn, given, family, 5, "2016-03-01", urn=ROWAN),
            "admission_date": DAYS[0]}


def rowan_marks() -> list[dict[str, Any]]:
    present = {"AM": "/", "PM": "\\"}
    marks = [records.mark(upn, day, session, present[session], urn=ROWAN)
             for upn in (DEV, EVE) for day in DAYS for session in ("AM", "PM")]
    marks[3] = records.mark(DEV, "2026-09-02", "PM", "O", urn=ROWAN)  # Dev's one absence
    return marks


@pytest.fixture(autouse=True)
async def second_school(store: InMemoryReadModelStore) -> None:
    await feed(store, (TOPICS.schools, rowan_hill()),
               (TOPICS.pupils, rowan_pupil(DEV, "Dev", "Shah")),
               (TOPICS.pupils, rowan_pupil(EVE, "Eve", "Price")),
               *[(TOPICS.marks, mark) for mark in rowan_marks()])


async def test_an_attendance_lead_adds_a_pupil_at_91_percent_to_the_vulnerable_register(
        staff: Staff) -> None:
    await staff.sign_in("other.lead")
    before = (await staff.client.get(VULNERABLE)).text
    may_be_added = before[before.index("Pupils who may be added (1)"):]
    assert "Dev Shah" in may_be_added and "91.7%" in may_be_added
    assert f'href="{VULNERABLE}/{DEV}">Add to the register' in may_be_added
    assert "Eve Price" not in before  # 100%: neither on the register nor a candidate

    form = (await staff.client.get(f"{VULNERABLE}/{DEV}")).text
    answer = await staff.client.post(f"{VULNERABLE}/{DEV}", data={
        "csrf_token": staff.hidden(form, "csrf_token"), "note_id": staff.hidden(form, "note_id"),
        "barriers": "Cares for a younger sibling on Wednesdays",
        "strategies": "Breakfast club place; weekly check-in with the family"})
    assert answer.status_code == 303

    after = (await staff.client.get(VULNERABLE)).text
    on_register = after[:after.index("Pupils who may be added")]
    dev_row = on_register[on_register.index(f'id="pupil-{DEV}"'):]
    dev_row = dev_row[:dev_row.index("</tr>")]
    assert "added" in dev_row and "Cares for a younger sibling" in dev_row
    assert "Breakfast club place" in dev_row
    assert "Pupils who may be added (0)" in after


async def test_the_trust_view_shows_both_schools_side_by_side_and_drills_down_to_each(
        staff: Staff) -> None:
    await staff.sign_in("central")
    trust = (await staff.client.get("/trust")).text
    table = trust[trust.index("<table"):trust.index("</table>")]
    juniper_row = table[table.index("Juniper Lane Primary"):]
    rowan_row = table[table.index("Rowan Hill Primary"):]
    assert "77.8%" in juniper_row[:juniper_row.index("</tr>")]
    assert "95.8%" in rowan_row[:rowan_row.index("</tr>")]
    for urn, name in ((records.URN, "Juniper Lane Primary"), (ROWAN, "Rowan Hill Primary")):
        assert f'<a href="/schools/{urn}">{name}</a>' in table
        school = await staff.client.get(f"/schools/{urn}")
        assert school.status_code == 200 and name in school.text


async def test_a_lead_of_one_school_sees_only_that_school_in_the_trust_view(
        staff: Staff) -> None:
    await staff.sign_in("other.lead")
    trust = (await staff.client.get("/trust")).text
    assert "Rowan Hill Primary" in trust and "Juniper Lane Primary" not in trust
    assert (await staff.client.get(f"/schools/{records.URN}")).status_code == 403
