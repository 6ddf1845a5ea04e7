"""`attendance account`: a school adds staff, checks their sign-in details and removes leavers."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.cli.main import main
from shared.infra.staff_accounts import load_accounts


def _add(path: Path, user: str, *extra: str) -> int:
    return main(["account", "--file", str(path), "add", "--user", user, "--role", "office",
                 "--schools", "100001", *extra])


def test_a_removed_leaver_is_no_longer_in_the_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.json"
    assert _add(path, "j.smith") == 0
    assert _add(path, "a.jones") == 0
    assert main(["account", "--file", str(path), "remove", "J.Smith"]) == 0
    assert [entry.user for entry in load_accounts(path)] == ["a.jones"]
    assert "j.smith removed from" in capsys.readouterr().out


def test_removing_an_unknown_user_names_it_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.json"
    assert _add(path, "j.smith") == 0
    before = path.read_bytes()
    assert main(["account", "--file", str(path), "remove", "j.smyth"]) == 2
    err = capsys.readouterr().err
    assert "no account has the user name 'j.smyth'" in err
    assert "attendance account list" in err
    assert path.read_bytes() == before


def test_removing_from_a_missing_file_says_how_to_create_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["account", "--file", str(tmp_path / "none.json"), "remove", "j.smith"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_an_email_without_an_at_sign_is_refused_naming_the_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.json"
    assert _add(path, "head", "--email", "head.school.example") == 2
    assert "--email: 'head.school.example' has no '@'" in capsys.readouterr().err
    assert not path.exists()


def test_a_user_name_with_a_space_is_refused_naming_the_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.json"
    assert _add(path, "j smith") == 2
    assert "--user: 'j smith' contains a space" in capsys.readouterr().err
    assert not path.exists()


def test_an_sso_account_with_a_proper_address_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "staff.json"
    assert _add(path, "head", "--email", "head@school.example") == 0
    assert load_accounts(path)[0].email == "head@school.example"
