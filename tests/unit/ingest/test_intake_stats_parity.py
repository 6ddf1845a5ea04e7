"""The intake and `attendance stats` check the same files the same way, so the figures
the pages show (from the marks the intake accepted) equal `attendance stats` over the
files: the same rows refused with the same reasons (a weekend, a closure day of the
calendar the school set), the same warning about an unknown column, the same marks
counted."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from shared.cli.main import main
from shared.contracts.schools_v1 import SchoolSettingsV1
from tests.unit.ingest.conftest import Intake
from tests.unit.ingest.records import SCHOOL_A, make_upn, school

# Autumn 2026 from Wednesday 2 September; Friday 4 September is a closure (INSET).
SETTINGS = school(closures=[{"date": "2026-09-04", "reason": "INSET"}])
ADA, BO = make_upn(1), make_upn(2)


def _row(upn: str, day: str, session: str, code: str) -> str:
    return f"{SCHOOL_A},{upn},{day},{session},{code},{day}T09:00:00+01:00,bus"


MARKS_CSV = "\n".join([
    "school_urn,upn,date,session,code,recorded_at,reason",
    *(_row(upn, day, session, code) for upn in (ADA, BO)
      for day in ("2026-09-02", "2026-09-03") for session, code in (("AM", "/"), ("PM", "N"))),
    _row(ADA, "2026-09-04", "AM", "I"),    # a closure day: refused
    _row(BO, "2026-09-04", "AM", "#"),     # the closure code on it: kept, never counted
    _row(ADA, "2026-09-05", "AM", "/"),    # a Saturday: refused
    _row(BO, "2026-08-28", "PM", "O"),     # before the school's terms: refused
]) + "\n"


@pytest.fixture
def stats_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    marks, schools = tmp_path / "marks.csv", tmp_path / "schools.json"
    marks.write_text(MARKS_CSV, encoding="utf-8")
    schools.write_text(json.dumps([SETTINGS]), encoding="utf-8")
    assert main(["stats", str(marks), "--schools", str(schools), "--as-of", "2026-09-04",
                 "--format", "json"]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def test_the_intake_refuses_warns_and_accepts_exactly_what_attendance_stats_does(
        intake: Intake, stats_report: dict[str, Any]) -> None:
    assert intake.put(f"/v1/schools/{SCHOOL_A}", json=SETTINGS).status_code == 202
    answer = intake.post("/v1/marks.csv", content=MARKS_CSV,
                         headers={"Content-Type": "text/csv"}).json()
    assert [refused["row"] for refused in answer["rejected"]] == [10, 12, 13]
    assert answer["rejected"] == stats_report["rejected"]
    assert answer["warnings"] == stats_report["warnings"]
    assert answer["accepted"] == (stats_report["marks_read"]
                                  - stats_report["marks_rejected"]) == 9


def test_the_marks_the_intake_publishes_are_the_sessions_attendance_stats_counts(
        intake: Intake, stats_report: dict[str, Any]) -> None:
    intake.put(f"/v1/schools/{SCHOOL_A}", json=SETTINGS)
    intake.post("/v1/marks.csv", content=MARKS_CSV, headers={"Content-Type": "text/csv"})
    calendar = SchoolSettingsV1.model_validate(SETTINGS).calendar()
    assert calendar is not None
    published: dict[str, Counter[str]] = {ADA: Counter(), BO: Counter()}
    for mark in intake.values(intake.topics.marks):
        if calendar.is_school_day(date.fromisoformat(mark["date"])):
            published[mark["upn"]][mark["code"]] += 1
    counted = {pupil["upn"]: Counter(pupil["codes"]) for pupil in stats_report["pupils"]}
    assert counted == published == {ADA: Counter({"/": 2, "N": 2}),
                                     BO: Counter({"/": 2, "N": 2})}
