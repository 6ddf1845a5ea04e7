"""How the web process follows what the office and comms did, and where it sends commands."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.contracts import topics


class OfficeFeedSettings(BaseSettings):
    """WEB_OFFICE_CONSUMER_GROUP, WEB_OFFICE_RECORDS_TOPIC, WEB_COMMS_EVENTS_TOPIC,
    WEB_COMMS_COMMANDS_TOPIC (topics overridable, e.g. per test)."""

    model_config = SettingsConfigDict(env_prefix="WEB_", extra="ignore")

    office_consumer_group: str = "web-office"
    office_records_topic: str = topics.OFFICE_RECORDS
    comms_events_topic: str = topics.COMMS_EVENTS
    comms_commands_topic: str = topics.COMMS_COMMANDS
    max_batch: int = Field(default=500, ge=1)
    # How long a form waits for the broker before telling the user to try again.
    send_timeout_s: float = Field(default=10.0, gt=0)
