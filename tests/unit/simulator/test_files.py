"""`attendance simulate --out DIR`: the four files, their shapes, and determinism."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from shared.cli.main import main
from shared.contracts.marks_v1 import MarksRequestV1
from shared.contracts.pupils_v1 import PupilV1
from shared.contracts.schools_v1 import SchoolSettingsV1
from shared.kernel import Mark, parse_mark
from shared.simulator import generate_trust, write_trust

FILES = ("marks.csv", "pupils.csv", "pupils.json", "schools.json")
ARGS = ["--seed", "5", "--schools", "2", "--pupils", "150", "--weeks", "2",
        "--start", "2026-09-02"]


def _simulate(out: Path, *extra: str) -> None:
    assert main(["simulate", *ARGS, "--out", str(out), *extra]) == 0


def test_the_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    _simulate(tmp_path / "first")
    # A separate interpreter with another hash seed: nothing may depend on set order.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "shared.cli.main", "simulate", *ARGS,
                    "--out", str(tmp_path / "second")], check=True, env=env,
                   capture_output=True)
    for name in FILES:
        first = (tmp_path / "first" / name).read_bytes()
        assert first == (tmp_path / "second" / name).read_bytes(), name
        assert first


def test_another_seed_gives_another_trust(tmp_path: Path) -> None:
    write_trust(generate_trust(1, 1, 60, 1, date(2026, 9, 7)), tmp_path / "a")
    write_trust(generate_trust(2, 1, 60, 1, date(2026, 9, 7)), tmp_path / "b")
    assert (tmp_path / "a" / "pupils.csv").read_bytes() != (
        tmp_path / "b" / "pupils.csv").read_bytes()


def test_the_command_prints_a_one_line_summary(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _simulate(tmp_path)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    with (tmp_path / "marks.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    corrections = sum(1 for row in rows if row["comment"])
    assert lines[0].startswith(f"2 schools, 150 pupils, {len(rows)} marks "
                               f"({corrections} corrections)")


def test_the_command_asks_where_the_trust_should_go(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", *ARGS]) == 2
    assert "--out DIR" in capsys.readouterr().err


def test_the_command_explains_an_impossible_trust(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["simulate", "--schools", "0", "--out", str(tmp_path)])
    assert exit_.value.code == 2
    assert "--schools: must be at least 1, got 0" in capsys.readouterr().err


def test_the_files_have_the_contract_columns_and_shapes(tmp_path: Path) -> None:
    _simulate(tmp_path)
    with (tmp_path / "marks.csv").open() as handle:
        assert handle.readline().strip() == (
            "school_urn,upn,date,session,code,minutes_late,recorded_at,comment")
    with (tmp_path / "pupils.csv").open() as handle:
        assert handle.readline().strip() == (
            "school_urn,upn,date_of_birth,admission_date,leaving_date,year_group,reg_group,"
            "given_name,family_name,sen,fsm,independent_travel")
    pupils = json.loads((tmp_path / "pupils.json").read_text())["pupils"]
    assert len(pupils) == 150
    assert set(pupils[0]) == {"school_urn", "upn", "given_name", "family_name",
                              "date_of_birth", "year_group", "reg_group", "admission_date",
                              "leaving_date", "flags", "contacts", "updated_at"}
    assert set(pupils[0]["flags"]) == {"sen", "fsm", "independent_travel",
                                       "medical_evidence_required", "part_time_timetable",
                                       "social_worker", "safeguarding"}
    schools = json.loads((tmp_path / "schools.json").read_text())
    assert [s["phase"] for s in schools] == ["primary", "secondary"]
    assert set(schools[0]) == {"school_urn", "name", "phase", "head_teacher", "terms",
                               "closures", "register_close", "timetable", "thresholds",
                               "message_schedule", "updated_at"}


def test_every_mark_row_is_accepted_by_the_kernel(tmp_path: Path) -> None:
    _simulate(tmp_path)
    with (tmp_path / "marks.csv").open() as handle:
        marks = [parse_mark(row) for row in csv.DictReader(handle)]
    assert {mark.session for mark in marks} == {"AM", "PM"}


def test_a_correction_comes_later_in_the_file_with_a_later_recorded_at(
        tmp_path: Path) -> None:
    _simulate(tmp_path)
    with (tmp_path / "marks.csv").open() as handle:
        marks = [parse_mark(row) for row in csv.DictReader(handle)]
    first_seen: dict[tuple[str, str, tuple[date, str]], Mark] = {}
    corrections = 0
    for mark in marks:
        key = (mark.school_urn, mark.upn, mark.key)
        if key in first_seen:
            corrections += 1
            assert mark.recorded_at > first_seen[key].recorded_at
        else:
            first_seen[key] = mark
    assert corrections > 0


def test_every_record_fits_the_published_wire_contracts(tmp_path: Path) -> None:
    _simulate(tmp_path)
    for pupil in json.loads((tmp_path / "pupils.json").read_text())["pupils"]:
        PupilV1.model_validate(pupil)
    for school in json.loads((tmp_path / "schools.json").read_text()):
        SchoolSettingsV1.model_validate(school)
    with (tmp_path / "marks.csv").open() as handle:
        rows = [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(handle)]
    MarksRequestV1.model_validate({"marks": rows})
