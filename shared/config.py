"""Typed settings read from the environment at start-up (never at import).

Every process builds the settings it needs once, in its composition root, and
passes them on. Environment names are the public interface for operators and for
docker-compose.yml.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaSettings(BaseSettings):
    """Where the Kafka cluster is and how new topics are laid out."""

    model_config = SettingsConfigDict(env_prefix="KAFKA_", extra="ignore")

    bootstrap_servers: str = "127.0.0.1:9092"
    # Partitions for the topics the product creates: enough to spread a large
    # trust over several workers of one service.
    topic_partitions: int = Field(default=8, ge=1)


class MongoSettings(BaseSettings):
    """Where the MongoDB-compatible store is."""

    model_config = SettingsConfigDict(env_prefix="MONGODB_", extra="ignore")

    uri: str = "mongodb://127.0.0.1:27017/?maxPoolSize=1"  # the local FerretDB (see localstack)
    # A request unanswered this long fails (and is retried by its caller) instead of
    # holding its worker forever: FerretDB 1.24 has been seen never to answer one.
    socket_timeout_s: float = Field(default=20.0, gt=0)


class IngestSettings(BaseSettings):
    """The MIS-facing intake service."""

    model_config = SettingsConfigDict(env_prefix="INGEST_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8100
    database: str = "attendance_ingest"


class RiskSettings(BaseSettings):
    """The per-pupil attendance state service."""

    model_config = SettingsConfigDict(env_prefix="RISK_", extra="ignore")

    database: str = "attendance_risk"
    # Worker web port (health checks); each worker of a scaled service needs its own.
    port: int = 8200


class CommsSettings(BaseSettings):
    """The parent-communications service: where it listens and what it stores in.

    The service extends this with its Twilio, schedule and topic settings.
    """

    model_config = SettingsConfigDict(env_prefix="COMMS_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8300
    database: str = "attendance_comms"


class WebSettings(BaseSettings):
    """The staff front-end and read API."""

    model_config = SettingsConfigDict(env_prefix="WEB_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    database: str = "attendance_web"
