"""The pupil page brings the leaders' narrative, roles and legal stage together, and puts
each narrative version and legal stage move in the timeline with the calls and texts."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from services.web.leadership.notes import Note
from tests.unit.web import records
from tests.unit.web.conftest import WebUnderTest
from tests.unit.web.office_records import samples
from tests.unit.web.records import ADA, URN
from tests.unit.web.store_behaviour import TOPICS, feed

WRITTEN = datetime(2026, 9, 8, 12, 0, tzinfo=UTC)


def note(kind: str, fields: dict[str, str], note_id: str) -> Note:
    return Note(note_id, URN, kind, ADA, fields, "attendance.lead", WRITTEN)  # type: ignore[arg-type]


async def test_the_latest_narrative_and_roles_show_on_the_pupil_page(web: WebUnderTest) -> None:
    notes = web.app.state.web.leadership_notes
    await notes.add(note("narrative", {"barriers": "Anxiety about the bus",
                                       "strategies": "Meet at the gate with a buddy"}, "n-1"))
    await notes.add(note("role", {"roles": "School council"}, "r-1"))
    await web.sign_in()
    page = await web.client.get(f"/schools/{URN}/pupils/{ADA}")
    assert page.status_code == 200
    assert "Anxiety about the bus" in page.text and "Meet at the gate with a buddy" in page.text
    assert "School council" in page.text
    assert "Legal stage</dt><dd>none" in page.text


def timeline_rows(page: str) -> list[tuple[str, str, str]]:
    """The timeline's rows as (when, what, details text), top to bottom."""
    section = page[page.index('id="timeline-heading"'):]
    section = section[:section.index("</table>")]
    rows = re.findall(r"<tr>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>(.*?)</td>\s*</tr>",
                      section, re.S)
    return [(when, what, re.sub(r"<[^>]+>", " ", details)) for when, what, details in rows]


async def test_narrative_versions_and_the_legal_stage_are_dated_in_the_timeline_in_order(
        web: WebUnderTest) -> None:
    context = web.app.state.web
    await context.office_log.store_records([samples.call()])  # 8 Sep 08:45
    await context.office_log.store_events([samples.delivery()])  # 8 Sep 08:55
    await context.leadership_notes.add(Note(
        "n-1", URN, "narrative", ADA, {"barriers": "Anxiety about the bus",
                                       "strategies": "Meet at the gate with a buddy"},
        "Iris Marchbank", datetime(2026, 9, 7, 12, 0, tzinfo=UTC)))
    await context.leadership_notes.add(Note(
        "n-2", URN, "narrative", ADA, {"barriers": "Anxiety easing",
                                       "strategies": "Check-in twice a week"},
        "Iris Marchbank", WRITTEN))  # 8 Sep 12:00
    await feed(web.store, (TOPICS.signals, records.signal(ADA, "penalty_threshold_reached",
                                                          "2026-09-08")))
    await web.sign_in()
    page = (await web.client.get(f"/schools/{URN}/pupils/{ADA}")).text
    rows = timeline_rows(page)
    # Shown in school time: 12:00 UTC in September is 13:00 BST.
    assert [(when, what) for when, what, _ in rows] == [
        ("8 Sep 2026 13:00", "Narrative"), ("8 Sep 2026 09:55", "Text"),
        ("8 Sep 2026 09:45", "Call"), ("8 Sep 2026", "Legal stage"),
        ("7 Sep 2026 13:00", "Narrative")]
    assert "version 2, written by Iris Marchbank" in rows[0][2]
    assert "Barriers: Anxiety easing. Strategies: Check-in twice a week" in rows[0][2]
    assert f'href="/schools/{URN}/vulnerable/{ADA}"' in page
    assert "Penalty notice threshold reached: a notice must be considered" in rows[3][2]
    assert "Moved from: none" in rows[3][2]
    assert "version 1, written by Iris Marchbank" in rows[4][2]
    # The summary box stays, with the stage in force and the latest narrative.
    assert ("Legal stage</dt><dd>Penalty notice threshold reached: a notice must be "
            "considered (8 Sep 2026)") in page
    assert "Check-in twice a week" in page[page.index("plan-heading"):
                                           page.index("timeline-heading")]
