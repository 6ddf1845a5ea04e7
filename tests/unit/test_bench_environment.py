"""A bench run keeps to names of its own on servers others may share."""

from __future__ import annotations

from shared.bench.environment import BenchNames


def test_every_topic_group_and_database_a_bench_run_uses_carries_its_id() -> None:
    environment = BenchNames("a1b2c3d4").environment()
    named = {key: value for key, value in environment.items() if not key.endswith("_PORT")}
    assert named and all("a1b2c3d4" in value for value in named.values())
    assert environment["INGEST_MARKS_TOPIC"] == environment["RISK_MARKS_TOPIC"]
    assert environment["RISK_APP_ID"] == "bench-a1b2c3d4-risk"


def test_each_service_of_a_bench_run_listens_on_its_own_port() -> None:
    environment = BenchNames("a1b2c3d4").environment()
    ports = [environment[f"{name}_PORT"] for name in ("INGEST", "RISK", "WEB", "COMMS")]
    assert len(set(ports)) == 4
