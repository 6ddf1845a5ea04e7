"""The simulated clock the demo walks through a school week."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from shared.infra.clock import CLOCK_FILE_ENV, clock_from_environment, set_clock_file, wall_clock

BST = timezone(timedelta(hours=1))


def test_without_a_clock_file_services_use_the_wall_clock(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CLOCK_FILE_ENV, raising=False)
    assert clock_from_environment() is wall_clock


def test_every_reader_sees_the_time_the_demo_set(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "clock"
    set_clock_file(path, datetime(2026, 10, 5, 7, 30, tzinfo=BST))
    monkeypatch.setenv(CLOCK_FILE_ENV, str(path))
    clock = clock_from_environment()
    assert clock() == datetime(2026, 10, 5, 7, 30, tzinfo=BST)
    set_clock_file(path, datetime(2026, 10, 5, 10, 31, tzinfo=BST))
    assert clock() == datetime(2026, 10, 5, 10, 31, tzinfo=BST)


def test_a_clock_file_without_an_offset_is_refused_with_the_fix(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "clock"
    path.write_text("2026-10-05T07:30:00")
    monkeypatch.setenv(CLOCK_FILE_ENV, str(path))
    with pytest.raises(ValueError, match=r"write it as e\.g\. 2026-10-05T07:30:00\+01:00"):
        clock_from_environment()
