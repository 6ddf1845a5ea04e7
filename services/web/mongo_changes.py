"""The changes a batch makes to the web store's JSON-bodied documents, one per document.

Each change edits a document body in place and says whether it changed it, so an
unchanged document is never rewritten and a re-read after a lost race re-applies it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from services.web.documents import (
    Document,
    encode_signal,
    is_newer,
    merge_marks,
    newest_per_session,
)
from services.web.readmodel import PupilUpdate, SchoolUpdate, SignalRecord
from shared.infra.json_documents import Body, Change
from shared.kernel import Mark


def week_id(school_urn: str, day: date) -> str:
    """The school-week document of a day: "{urn}:{monday}"."""
    return f"{school_urn}:{(day - timedelta(days=day.weekday())).isoformat()}"


def week_changes(marks: Iterable[Mark]) -> dict[str, Change]:
    by_week: dict[str, dict[str, dict[str, Mark]]] = defaultdict(lambda: defaultdict(dict))
    for (urn, upn), sessions in newest_per_session(marks).items():
        for key, mark in sessions.items():
            by_week[week_id(urn, mark.date)][upn][key] = mark

    def change_for(pupils: dict[str, dict[str, Mark]]) -> Change:
        def change(body: Body) -> bool:
            results = [merge_marks(body.setdefault(upn, {}), incoming)
                       for upn, incoming in pupils.items()]
            return any(results)
        return change

    return {doc_id: change_for(pupils) for doc_id, pupils in by_week.items()}


def roster_changes(updates: Iterable[PupilUpdate]) -> dict[str, Change]:
    by_school: dict[str, list[PupilUpdate]] = defaultdict(list)
    for update in updates:
        by_school[update.school_urn].append(update)

    def change_for(school_updates: list[PupilUpdate]) -> Change:
        def change(body: Body) -> bool:
            changed = False
            for update in school_updates:
                if is_newer(update.updated_at, body.get(update.upn, {}).get("updated_at")):
                    body[update.upn] = {"updated_at": update.updated_at,
                                        "details": dict(update.details)}
                    changed = True
            return changed
        return change

    return {urn: change_for(school_updates) for urn, school_updates in by_school.items()}


def settings_changes(updates: Iterable[SchoolUpdate]) -> dict[str, Change]:
    by_school: dict[str, list[SchoolUpdate]] = defaultdict(list)
    for update in updates:
        by_school[update.school_urn].append(update)

    def change_for(school_updates: list[SchoolUpdate]) -> Change:
        def change(body: Body) -> bool:
            changed = False
            for update in school_updates:
                if is_newer(update.updated_at, body.get("updated_at")):
                    body.update(settings=dict(update.settings), updated_at=update.updated_at)
                    changed = True
            return changed
        return change

    return {urn: change_for(school_updates) for urn, school_updates in by_school.items()}


def signal_changes(signals: Iterable[SignalRecord]) -> dict[str, Change]:
    by_pupil: dict[str, list[Document]] = defaultdict(list)
    for signal in signals:
        by_pupil[f"{signal.school_urn}:{signal.upn}"].append(encode_signal(signal))

    def change_for(encoded: list[Document]) -> Change:
        def change(body: Body) -> bool:
            new = [doc for doc in encoded if body.get(doc["signal_id"]) != doc]
            body.update({doc["signal_id"]: doc for doc in new})
            return bool(new)
        return change

    return {doc_id: change_for(encoded) for doc_id, encoded in by_pupil.items()}
