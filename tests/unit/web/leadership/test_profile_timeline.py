"""The leaders' lines in a pupil's timeline: narrative versions and legal stage moves."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.web.leadership.notes import Note
from services.web.leadership.profile_timeline import (
    excerpt,
    legal_stage_entries,
    narrative_entries,
)
from services.web.readmodel import SignalRecord
from tests.unit.web.records import ADA, BEN, URN


def signal(kind: str, day: str, recorded_at: str | None = None) -> SignalRecord:
    cause = None if recorded_at is None else {"date": day, "session": "AM",
                                               "recorded_at": recorded_at}
    return SignalRecord(f"sig-{kind}-{day}", URN, ADA, kind, date.fromisoformat(day),
                        {}, cause)


def newest_first(*signals: SignalRecord) -> list[SignalRecord]:
    return sorted(signals, key=lambda s: s.occurred_on, reverse=True)


def test_the_legal_stage_moves_only_when_a_signal_names_another_stage() -> None:
    entries = legal_stage_entries(newest_first(
        signal("attendance_below_92", "2026-09-10"),
        signal("penalty_threshold_reached", "2026-09-14", "2026-09-14T08:05:00+00:00"),
        signal("penalty_threshold_reached", "2026-09-21"),
        signal("consecutive_unauthorised_days", "2026-10-02")))
    assert [entry.summary.split(":")[0] for entry in entries] == [
        "Penalty notice threshold reached", "10 or more school days absent without permission"]
    first, second = entries
    assert first.note.startswith("Moved from: none.")
    assert second.note.startswith("Moved from: Penalty notice threshold reached.")
    assert "of 2 Oct 2026" in second.note


def test_a_stage_move_is_timed_by_the_mark_behind_it_when_known() -> None:
    timed, = legal_stage_entries([signal("term_time_holiday", "2026-09-14",
                                         "2026-09-14T08:05:00+00:00")])
    assert timed.at == datetime(2026, 9, 14, 8, 5, tzinfo=UTC) and not timed.dated_only
    dated, = legal_stage_entries([signal("term_time_holiday", "2026-09-14")])
    assert dated.dated_only and dated.at.date() == date(2026, 9, 14)
    assert dated.at.utcoffset() == timedelta(hours=1)  # midnight in the school's BST


def test_each_narrative_version_of_the_pupil_is_an_entry_with_its_author() -> None:
    def note(note_id: str, subject: str, hour: int, barriers: str) -> Note:
        return Note(note_id, URN, "narrative", subject,
                    {"barriers": barriers, "strategies": "Weekly check-in"}, "Iris Marchbank",
                    datetime(2026, 9, 8, hour, tzinfo=UTC))
    entries = narrative_entries([note("n-2", ADA, 14, "Anxiety easing"),
                                 note("n-b", BEN, 9, "Transport"),
                                 note("n-1", ADA, 10, "Anxiety about the bus")], URN, ADA)
    assert [(entry.summary, entry.at.hour) for entry in entries] == [
        ("version 1, written by Iris Marchbank", 10),
        ("version 2, written by Iris Marchbank", 14)]
    assert entries[1].note == "Barriers: Anxiety easing. Strategies: Weekly check-in"
    assert entries[1].link == f"/schools/{URN}/vulnerable/{ADA}"


def test_a_long_narrative_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "Anxiety about the walk to school, " * 10
    cut = excerpt(text, limit=60)
    assert len(cut) <= 60 and cut.endswith("…")
    assert cut == "Anxiety about the walk to school, Anxiety about the walk…"
    assert excerpt("Short and\n  sweet") == "Short and sweet"
