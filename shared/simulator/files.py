"""Write a synthetic trust to files: marks.csv, pupils.csv, pupils.json, schools.json.

Output is byte-for-byte the same for the same trust: fixed column order, fixed JSON
layout, "\\n" line endings. Marks are written day by day, so memory stays flat.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.simulator.model import Trust
from shared.simulator.registers import RegisterDay, register_days
from shared.simulator.wire import (
    MARK_FIELDS,
    PUPIL_CSV_FIELDS,
    mark_row,
    pupil_record,
    pupil_row,
    school_settings,
)


@dataclass(frozen=True)
class Written:
    """What went into the files."""

    schools: int
    pupils: int
    marks: int
    corrections: int


def write_trust(trust: Trust, out_dir: Path,
                on_day: Callable[[RegisterDay], None] | None = None) -> Written:
    """Write the four files into out_dir (created if needed); on_day follows progress."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_json(out_dir / "schools.json",
                [school_settings(s, trust.settings_updated_at) for s in trust.schools])
    _write_json(out_dir / "pupils.json",
                {"pupils": [pupil_record(p, trust.settings_updated_at) for p in trust.pupils]})
    _write_csv(out_dir / "pupils.csv", PUPIL_CSV_FIELDS, (pupil_row(p) for p in trust.pupils))
    marks = corrections = 0
    with (out_dir / "marks.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MARK_FIELDS)
        for day in register_days(trust):
            writer.writerows(mark_row(mark) for mark in day.marks)
            marks += len(day.marks)
            corrections += sum(mark.is_correction for mark in day.marks)
            if on_day is not None:
                on_day(day)
    return Written(len(trust.schools), len(trust.pupils), marks, corrections)


def _write_json(path: Path, document: Any) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
