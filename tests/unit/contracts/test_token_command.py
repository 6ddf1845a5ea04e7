"""`attendance token create` explains bad input before touching the store."""

import pytest

from shared.cli.main import main


def test_a_malformed_school_urn_is_refused_with_the_reason(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "create", "--schools", "100001,12AB", "--scope", "ingest"]) == 2
    assert "12AB" in capsys.readouterr().err


def test_an_unknown_scope_is_refused() -> None:
    with pytest.raises(SystemExit):
        main(["token", "create", "--schools", "100001", "--scope", "admin"])
