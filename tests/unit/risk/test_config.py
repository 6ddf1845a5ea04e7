"""Where a risk worker keeps its local files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from services.risk.app import _faust_app
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
