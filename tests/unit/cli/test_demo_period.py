"""`attendance demo`'s simulated weeks end on the eve of the October half-term unless
--start says otherwise, and its closing text says where the letters it made are."""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date, time
from pathlib import Path

import pytest

from shared.cli import demo_command
from shared.cli.demo_replay import Shown, where_letters_are
from shared.cli.main import main
from shared.demo.holiday_request import HolidayRequest
from shared.demo.milestones import Milestone, local

WEB = "http://127.0.0.1:8000"


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch) -> list[argparse.Namespace]:
    """The options the demo would run with; nothing starts."""
    seen: list[argparse.Namespace] = []
    monkeypatch.setattr(demo_command, "_run", lambda args: seen.append(args) or 0)
    return seen


def test_by_default_the_demo_simulates_the_first_half_term_from_31_august(
        chosen: list[argparse.Namespace], tmp_path: Path) -> None:
    assert main(["demo", "--out", str(tmp_path)]) == 0
    assert (chosen[0].weeks, chosen[0].start) == (8, date(2026, 8, 31))


def test_fewer_weeks_still_end_on_the_eve_of_half_term(
        chosen: list[argparse.Namespace], tmp_path: Path) -> None:
    assert main(["demo", "--pupils", "300", "--weeks", "2", "--out", str(tmp_path)]) == 0
    assert chosen[0].start == date(2026, 10, 12)  # Mon 12 to Sun 25 October


def test_a_given_start_is_kept(chosen: list[argparse.Namespace], tmp_path: Path) -> None:
    assert main(["demo", "--start", "2026-09-02", "--weeks", "20",
                 "--out", str(tmp_path)]) == 0
    assert chosen[0].start == date(2026, 9, 2)


def test_weeks_reaching_back_into_last_school_year_are_a_usage_error(
        chosen: list[argparse.Namespace], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--weeks", "13", "--out", str(tmp_path)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --weeks: the demo's weeks end on the eve of the October half-term" in err
    assert "at most 12 fit in the school year, got 13" in err and "--start" in err
    assert chosen == []


def shown_by_a_replay(drop_seen: dict[str, int], refusal_seen: bool) -> Shown:
    urns = ("142471", "146468")
    return Shown(milestones=[
        (Milestone(local(date(2026, 9, 30), time(6, 0)), "head teacher's letters drafted",
                   "4.3", "head teacher letter", "drafts", urns),
         Counter({"142471": 500, "146468": 53})),
        (Milestone(local(date(2026, 10, 26), time(6, 0)), "blanket leaflet drop", "4.1",
                   "attendance leaflet", "leaflets", urns), Counter(drop_seen))],
        refusal=(HolidayRequest("142471", "A123", date(2026, 10, 19), date(2026, 12, 14),
                                date(2026, 12, 18)), refusal_seen))


def test_the_closing_text_lists_the_letters_by_date_with_where_to_find_the_call() -> None:
    lines = where_letters_are(WEB, shown_by_a_replay({"142471": 400, "146468": 12}, True))
    assert lines[0].startswith(f"Letters queue: {WEB}/schools/142471/letters")
    assert [line.split(":")[0].strip() for line in lines[1:4]] == [
        "Wed 30 Sep", "Mon 19 Oct", "Mon 26 Oct"]
    assert lines[1].endswith("(4.3): 553 drafts") and lines[3].endswith("(4.1): 412 leaflets")
    assert f"{WEB}/schools/142471/office/second-calls?day=2026-10-19" in lines[2]
    assert "not there yet" not in " ".join(lines)
    assert "A123" not in " ".join(lines)  # no UPN in what the console prints
    assert "(9.1)" in lines[-1] and "July" in lines[-1]


def test_the_closing_text_says_which_letters_were_not_there_yet() -> None:
    lines = where_letters_are(WEB, shown_by_a_replay({}, False))
    assert lines[2].endswith("not there yet when the demo last looked")
    assert lines[3].endswith("(4.1) - not there yet when the demo last looked")
    assert lines[1].endswith("553 drafts")


def test_the_closing_text_says_when_only_some_schools_letters_were_there() -> None:
    lines = where_letters_are(WEB, shown_by_a_replay({"142471": 400}, True))
    assert lines[3].endswith("(4.1): 400 leaflets so far")


def test_with_nothing_shown_only_the_july_letter_is_mentioned() -> None:
    assert len(where_letters_are(WEB, Shown())) == 1
