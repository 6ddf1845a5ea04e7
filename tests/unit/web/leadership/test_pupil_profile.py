"""The pupil page brings the leaders' narrative, roles and legal stage together."""

from __future__ import annotations

from datetime import UTC, datetime

from services.web.leadership.notes import Note
from tests.unit.web.conftest import WebUnderTest
from tests.unit.web.records import ADA, URN

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
