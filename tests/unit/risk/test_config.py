"""A risk worker's settings: where it keeps its local files, how many pupils it holds."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from pymongo import AsyncMongoClient

from services.risk.app import _faust_app, wired
from services.risk.config import RiskConfig, RiskWorkerSettings
from shared.config import KafkaSettings, MongoSettings, RiskSettings


def config_with(worker: RiskWorkerSettings) -> RiskConfig:
    return RiskConfig(KafkaSettings(), MongoSettings(), RiskSettings(), worker)


def test_a_worker_keeps_its_files_in_the_temp_folder_per_app_id_not_the_working_directory(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RISK_DATA_DIR", raising=False)
    app = _faust_app(config_with(RiskWorkerSettings(app_id="risk-east")))
    assert Path(app.conf.datadir) == Path(tempfile.gettempdir()) / "risk-east-data"


def test_risk_data_dir_chooses_where_the_worker_keeps_its_files(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RISK_DATA_DIR", str(tmp_path / "faust"))
    app = _faust_app(config_with(RiskWorkerSettings()))
    assert Path(app.conf.datadir) == tmp_path / "faust"


def test_a_worker_holds_500_pupils_of_a_batch_at_once_unless_told_otherwise(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RISK_PUPILS_AT_ONCE", raising=False)
    assert RiskWorkerSettings().pupils_at_once == 500
    monkeypatch.setenv("RISK_PUPILS_AT_ONCE", "120")
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(connect=False)
    engine = wired(config_with(RiskWorkerSettings()), client, marks_partitions=1).engine
    assert engine.pupils_at_once == 120


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_risk_pupils_at_once_must_be_a_whole_number_of_at_least_one(
        monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("RISK_PUPILS_AT_ONCE", value)
    with pytest.raises(ValidationError, match="pupils_at_once"):
        RiskWorkerSettings()
