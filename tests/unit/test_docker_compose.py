"""docker-compose.yml and deploy/Dockerfile agree with the code they run.

Docker itself is not run here (no engine on the machines the tests run on): the
file is read with PyYAML and checked against shared/config.py's settings classes
(their env prefixes and field names) and against the source tree.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_settings import BaseSettings

from shared import config

REPO = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
APP_SERVICES = sorted(name for name, spec in SERVICES.items() if "build" in spec)
INFRA_IMAGES = {"kafka": r"apache/kafka:4\.1\.\d+", "mongo": r"mongo:7\.0\.\d+"}


def settings_classes() -> dict[str, type[BaseSettings]]:
    return {name: value for name, value in vars(config).items()
            if isinstance(value, type) and issubclass(value, BaseSettings)
            and value is not BaseSettings}


def env_name(settings: type[BaseSettings], field: str) -> str:
    return (str(settings.model_config.get("env_prefix", "")) + field).upper()


def env_names(settings: type[BaseSettings]) -> set[str]:
    return {env_name(settings, field) for field in settings.model_fields}


def own_settings(service: str) -> type[BaseSettings]:
    classes = settings_classes()
    name = f"{service.capitalize()}Settings"
    assert name in classes, f"service {service!r} has no {name} in shared/config.py"
    return classes[name]


def environment(service: str) -> dict[str, str]:
    return {key: str(value) for key, value in SERVICES[service].get("environment", {}).items()}


def test_the_compose_file_runs_the_app_services_and_their_infrastructure() -> None:
    assert {"kafka", "mongo"} <= set(SERVICES)
    assert {"ingest", "risk", "web"} <= set(APP_SERVICES)


@pytest.mark.parametrize("service", sorted(INFRA_IMAGES))
def test_each_server_runs_a_pinned_official_image_with_a_health_check_and_a_volume(
    service: str,
) -> None:
    spec = SERVICES[service]
    assert re.fullmatch(INFRA_IMAGES[service], spec["image"]), spec["image"]
    assert spec["healthcheck"]["test"]
    volume = spec["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"], f"{service} keeps its data in an unnamed volume"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_service_is_started_as_its_own_module_that_exists(service: str) -> None:
    assert SERVICES[service]["command"] == ["python", "-m", f"services.{service}"]
    package, module = REPO / "services" / service, REPO / "services" / f"{service}.py"
    assert (package / "__main__.py").exists() or module.exists(), (
        f"`python -m services.{service}` has no services/{service}/__main__.py to run")


def test_every_runnable_service_is_in_the_compose_file() -> None:
    runnable = {path.parent.name for path in (REPO / "services").glob("*/__main__.py")}
    assert runnable <= set(APP_SERVICES), f"add {sorted(runnable - set(APP_SERVICES))}"


def test_every_app_service_runs_the_one_image_built_by_the_dockerfile() -> None:
    builds = {repr(SERVICES[name]["build"]) for name in APP_SERVICES}
    images = {SERVICES[name].get("image") for name in APP_SERVICES}
    assert len(builds) == 1 and len(images) == 1
    assert SERVICES[APP_SERVICES[0]]["build"]["dockerfile"] == "deploy/Dockerfile"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_service_is_configured_only_with_names_its_settings_read(service: str) -> None:
    known = env_names(config.KafkaSettings) | env_names(config.MongoSettings)
    known |= env_names(own_settings(service))
    env = environment(service)

    assert set(env) <= known, f"{service}: {sorted(set(env) - known)} are read by no setting"
    assert env_name(config.KafkaSettings, "bootstrap_servers") in env
    assert env_name(config.MongoSettings, "uri") in env


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_service_listens_on_all_interfaces_at_its_configured_port(service: str) -> None:
    settings = own_settings(service)
    env = environment(service)
    port = settings.model_fields["port"].default
    if "host" in settings.model_fields:
        assert env.get(env_name(settings, "host")) == "0.0.0.0"

    assert env.get(env_name(settings, "port"), str(port)) == str(port)
    assert SERVICES[service]["ports"] == [f"127.0.0.1:{port}:{port}"]
    assert str(port) in " ".join(SERVICES[service]["healthcheck"]["test"])


def test_ports_are_published_on_the_loopback_interface_only() -> None:
    published = [port for spec in SERVICES.values() for port in spec.get("ports", [])]
    assert published
    assert all(str(port).startswith("127.0.0.1:") for port in published), published


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_service_waits_for_a_healthy_broker_and_store(service: str) -> None:
    assert SERVICES[service]["depends_on"] == {
        "kafka": {"condition": "service_healthy"}, "mongo": {"condition": "service_healthy"}}


def test_the_image_is_python_3_11_slim_installed_from_pyproject_and_runs_unprivileged() -> None:
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    ignored = (REPO / ".dockerignore").read_text().split()

    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    assert "pip install --no-deps ." in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    for copied in re.findall(r"^COPY (\S+)", dockerfile, re.MULTILINE):
        assert f"!{copied}" in ignored, f".dockerignore keeps {copied} out of the build"
