"""The latest register code of each pupil's sessions, as comms keeps them from the marks
topic: one document per school day (collection `school_days`), its body one JSON text.

Why this layout: FerretDB 1.24 pays for every element of a document and for every
document a command touches, so a poll of a whole register (thousands of marks of one
day) is one version-checked write, and the cohorts' look-back over weeks reads one
document per school day instead of one per pupil-day.
Body: {upn: {"AM": [code, recorded_at], "PM": [code, recorded_at]}}.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.infra.json_documents import Body, Change, VersionedJsonDocuments
from shared.kernel import Mark, Session

SESSIONS = ("AM", "PM")


def day_id(school_urn: str, day: date) -> str:
    return f"{school_urn}:{day.isoformat()}"


def _newer(held: list[Any] | None, mark: Mark) -> bool:
    return held is None or datetime.fromisoformat(held[1]) < mark.recorded_at


def _change(marks: Sequence[Mark]) -> Change:
    def change(body: Body) -> bool:
        changed = False
        for mark in marks:
            sessions = body.setdefault(mark.upn, {})
            if _newer(sessions.get(mark.session), mark):
                sessions[mark.session] = [mark.code, mark.recorded_at.isoformat()]
                changed = True
        return changed
    return change


def _codes(sessions: dict[str, list[Any]] | None) -> list[str]:
    return [sessions[s][0] for s in SESSIONS if sessions and s in sessions]


class MongoDayMarks:
    """Day codes per pupil, written a poll at a time and read a school day at a time."""

    def __init__(self, database: AsyncDatabase[dict[str, Any]]) -> None:
        self._days = VersionedJsonDocuments(database["school_days"])

    async def save_marks(self, marks: Iterable[Mark]) -> None:
        """Keep the latest code of each session; an equal or older re-send changes nothing."""
        by_day: dict[str, list[Mark]] = defaultdict(list)
        for mark in marks:
            by_day[day_id(mark.school_urn, mark.date)].append(mark)
        if by_day:
            await self._days.change({key: _change(day) for key, day in by_day.items()},
                                    lambda key: {"school_urn": key.split(":")[0]})

    async def save_mark(self, school_urn: str, upn: str, day: date, session: Session,
                        code: str, recorded_at: datetime) -> None:
        await self.save_marks([Mark(school_urn, upn, day, session, code, recorded_at)])

    async def day_codes(self, school_urn: str, upn: str, day: date) -> list[str]:
        _, body = await self._days.load(day_id(school_urn, day))
        return _codes(body.get(upn))

    async def codes_between(self, school_urn: str, start: date,
                            end: date) -> dict[str, dict[date, list[str]]]:
        """{upn: {day: codes}} for every day from `start` to `end` holding marks."""
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        loaded = await self._days.load_many([day_id(school_urn, day) for day in days])
        history: dict[str, dict[date, list[str]]] = defaultdict(dict)
        for day in days:
            _, body = loaded[day_id(school_urn, day)]
            for upn, sessions in body.items():
                history[upn][day] = _codes(sessions)
        return dict(history)
