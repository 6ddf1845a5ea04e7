"""`attendance demo` and `simulate` refuse bad numbers and paths before starting anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.cli import demo_command, simulate_command
from shared.cli.main import main


@pytest.fixture
def nothing_may_start(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    started: list[str] = []

    def recorder(what: str) -> object:
        def record(*_: object, **__: object) -> None:
            started.append(what)
            raise AssertionError(f"{what} was started for bad options")
        return record

    monkeypatch.setattr(demo_command, "start_everything", recorder("the stack"))
    monkeypatch.setattr(demo_command, "generate_trust", recorder("the demo's trust"))
    monkeypatch.setattr(simulate_command, "generate_trust", recorder("the simulated trust"))
    return started


@pytest.mark.parametrize(("argv", "message"), [
    (["demo", "--pupils", "10", "--weeks", "0"], "argument --weeks: must be at least 1, got 0"),
    (["demo", "--pupils", "2"], "argument --pupils: must be at least --schools (3)"),
    (["demo", "--schools", "0"], "argument --schools: must be at least 1, got 0"),
    (["demo", "--replay-days", "-1"], "argument --replay-days: must be at least 0"),
    (["demo", "--rate", "0"], "argument --rate: must be more than 0"),
    (["simulate", "--out", "x", "--weeks", "0"], "argument --weeks: must be at least 1"),
    (["simulate", "--out", "x", "--pupils", "2"], "argument --pupils: must be at least"),
    (["simulate", "--out", "x", "--secondary-schools", "4"],
     "argument --secondary-schools: must be between 0 and --schools (3), got 4"),
    (["simulate", "--out", "x", "--batch-size", "0"], "argument --batch-size: must be at least 1"),
])
def test_bad_numbers_are_usage_errors_naming_the_option(
        argv: list[str], message: str, nothing_may_start: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert nothing_may_start == []


def test_demo_refuses_an_output_folder_it_cannot_write(
        nothing_may_start: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--out", "/proc/nope"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "cannot write the simulated files to /proc/nope" in err
    assert "--out DIR" in err
    assert "Traceback" not in err
    assert nothing_may_start == []


def test_simulate_names_an_output_folder_it_cannot_write(
        capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", "--schools", "1", "--pupils", "5", "--weeks", "1",
                 "--out", "/proc/nope"])
    assert code == 1
    err = capsys.readouterr().err
    assert "cannot write the simulated files to /proc/nope: No such file or directory" in err
    assert "choose a folder you can write to with --out DIR" in err


def test_ctrl_c_while_the_demo_runs_stops_everything_without_a_traceback(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    stopped: list[bool] = []

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(demo_command, "start_everything", interrupted)
    monkeypatch.setattr(demo_command, "set_clock_before", lambda *_: None)
    monkeypatch.setattr(demo_command.LocalPaths, "default", lambda: _Paths(tmp_path))
    monkeypatch.setattr(demo_command, "stop_everything", lambda: stopped.append(True))
    code = main(["demo", "--schools", "1", "--pupils", "5", "--weeks", "1",
                 "--out", str(tmp_path / "out")])
    assert code == 130
    assert stopped == [True]
    assert "Stopping everything the demo started..." in capsys.readouterr().out


def test_ctrl_c_during_the_replayed_week_stops_everything_without_a_traceback(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    stopped: list[bool] = []

    def interrupted(*_: object, **__: object) -> bool:
        raise KeyboardInterrupt

    started = (type("Stack", (), {"endpoints": type("E", (), {"kafka_bootstrap": "k:1"})()})(),
               None, type("Login", (), {"accounts_file": str(tmp_path / "a.json")})())
    monkeypatch.setattr(demo_command, "start_everything", lambda **_: started)
    monkeypatch.setattr(demo_command, "create_demo_accounts", lambda *_: [])
    monkeypatch.setattr(demo_command, "set_clock_before", lambda *_: None)
    monkeypatch.setattr(demo_command.LocalPaths, "default", lambda: _Paths(tmp_path))
    monkeypatch.setattr(demo_command, "_stream_and_check", interrupted)
    monkeypatch.setattr(demo_command, "stop_everything", lambda: stopped.append(True))
    code = main(["demo", "--schools", "1", "--pupils", "5", "--weeks", "1",
                 "--out", str(tmp_path / "out")])
    assert code == 130
    assert stopped == [True]
    assert "Stopping everything the demo started..." in capsys.readouterr().out


class _Paths:
    def __init__(self, root: Path) -> None:
        self.run = root / "run"
