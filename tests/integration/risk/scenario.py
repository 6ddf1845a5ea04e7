"""A synthetic backfill of register marks, and what the kernel says it must come to."""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from services.risk.documents import state_from_document
from services.risk.engine import RiskEngine
from services.risk.memory import InMemoryPublisher, InMemoryPupilStore, InMemorySchoolStore
from shared.kernel.calendar import SchoolCalendar
from shared.kernel.figures import pupil_figures
from shared.kernel.marks import Mark, parse_mark
from shared.kernel.pupils import Enrolment
from shared.kernel.windows import window_for
from tests.unit.risk.builders import MONDAY, SCHOOL, make_upn, mark, message, school_days

# Roughly a secondary school's mix, heavier on absence so thresholds are crossed.
CODES = ["/"] * 30 + ["L", "L", "V", "I", "I", "M", "C", "O", "O", "N", "G", "U", "#"]
COUNTED = ("possible", "present", "aea", "authorised", "unauthorised", "missing", "codes")


def backfill(pupils: int, days: int, seed: int = 7, skip_days: int = 0) -> list[dict[str, Any]]:
    """Mark messages day by day for each pupil, with amendments and re-sends mixed in.

    `skip_days` starts that many school days later (to continue an earlier backfill).
    """
    rng = random.Random(seed)
    messages: list[dict[str, Any]] = []
    later: list[dict[str, Any]] = []
    for day in school_days(MONDAY, skip_days + days)[skip_days:]:
        messages += later
        later = []
        for serial in range(1, pupils + 1):
            for session in ("AM", "PM"):
                code = rng.choice(CODES)
                code = "\\" if code == "/" and session == "PM" else code
                taken = mark(day, session, code, upn=make_upn(serial))  # type: ignore[arg-type]
                messages.append(message(taken))
                if code in ("N", "O") and rng.random() < 0.5:  # the reason became known
                    amended = mark(day, session, rng.choice(["I", "M", "V", "/"]),
                                   minutes=600, upn=make_upn(serial))  # type: ignore[arg-type]
                    later.append(message(amended))
                if rng.random() < 0.03:  # the MIS sent it twice
                    later.append(message(taken))
    return messages + later


def expected_figures(messages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per pupil, the kernel's year-to-date figures over every mark sent."""
    marks = [parse_mark(m) for m in messages]
    calendar = SchoolCalendar.inferred({m.date for m in marks})
    by_pupil: dict[str, list[Mark]] = defaultdict(list)
    for m in marks:
        by_pupil[f"{m.school_urn}:{m.upn}"].append(m)
    as_of = max(m.date for m in marks)
    window = window_for("ytd", as_of, calendar)
    return {key: {name: value for name, value in pupil_figures(
        pupil_marks, Enrolment(), calendar, window).to_dict().items() if name in COUNTED}
        for key, pupil_marks in by_pupil.items()}


def stored_figures(states: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per pupil, the risk service's stored year-to-date figures (2026/27)."""
    return {key: {name: value for name, value in state_from_document(doc).years["2026"]
                  .figures.to_dict().items() if name in COUNTED}
            for key, doc in states.items()}


def expected_signal_ids(messages: list[dict[str, Any]]) -> set[str]:
    """The signal ids the marks must cause, from the engine run once over all of them."""
    publisher = InMemoryPublisher()
    engine = RiskEngine(InMemoryPupilStore(), InMemorySchoolStore(), publisher,
                        lambda: datetime(2026, 9, 1, tzinfo=UTC))
    asyncio.run(engine.record_marks(messages))
    return set(publisher.ids())


__all__ = ["SCHOOL", "backfill", "expected_figures", "expected_signal_ids", "stored_figures"]
