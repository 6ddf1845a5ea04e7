"""Settings of the web service beyond shared.config.WebSettings (host, port, database).

The staff sign-in is never open: the service refuses to start without a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.contracts import topics

# Passwords that would make the pages as good as open.
PLACEHOLDER_PASSWORDS = frozenset({"password", "changeme", "change-me", "admin", "secret"})


class StaffLoginSettings(BaseSettings):
    """The one staff account of the first front-end (WEB_ADMIN_USER / WEB_ADMIN_PASSWORD)."""

    model_config = SettingsConfigDict(env_prefix="WEB_", extra="ignore")

    admin_user: str = "admin"
    admin_password: SecretStr = SecretStr("")
    # Signs session cookies; when empty a random secret is made at start-up, so
    # sessions end when the process restarts (set one to share sessions between replicas).
    session_secret: SecretStr = SecretStr("")
    session_hours: float = Field(default=12.0, gt=0)
    # Cookies are Secure except over plain HTTP to a loopback host (the local demo);
    # true makes them Secure there too, e.g. behind a TLS proxy that passes the loopback
    # address on as the Host (services.web.cookies).
    secure_cookies: bool = False
    # More staff accounts, each with a role and schools (`attendance account add`).
    accounts_file: Path | None = None

    @field_validator("admin_password")
    @classmethod
    def _refuse_open_pages(cls, value: SecretStr) -> SecretStr:
        password = value.get_secret_value()
        if not password.strip():
            raise ValueError("WEB_ADMIN_PASSWORD is empty: set a password for the staff "
                             "sign-in (`attendance up` makes one and prints it)")
        if password.strip().lower() in PLACEHOLDER_PASSWORDS:
            raise ValueError("WEB_ADMIN_PASSWORD is a placeholder: choose a real password")
        return value

    @field_validator("accounts_file", mode="before")
    @classmethod
    def _no_file_when_blank(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("admin_user")
    @classmethod
    def _named_user(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("WEB_ADMIN_USER is empty: name the staff account")
        return value.strip()


@dataclass(frozen=True)
class FeedTopics:
    """The topics the read models are fed from (overridable, e.g. per test)."""

    marks: str = topics.MARKS
    pupils: str = topics.PUPILS
    schools: str = topics.SCHOOLS
    signals: str = topics.SIGNALS

    def all(self) -> tuple[str, str, str, str]:
        return (self.marks, self.pupils, self.schools, self.signals)


class FeedSettings(BaseSettings):
    """How the web process follows the topics (WEB_CONSUMER_GROUP, WEB_*_TOPIC)."""

    model_config = SettingsConfigDict(env_prefix="WEB_", extra="ignore")

    consumer_group: str = "web"
    marks_topic: str = topics.MARKS
    pupils_topic: str = topics.PUPILS
    schools_topic: str = topics.SCHOOLS
    signals_topic: str = topics.SIGNALS
    # Records per poll: large enough that a backfill is written in few, big batches.
    max_batch: int = Field(default=5000, ge=1)

    @property
    def topics(self) -> FeedTopics:
        return FeedTopics(self.marks_topic, self.pupils_topic, self.schools_topic,
                          self.signals_topic)
