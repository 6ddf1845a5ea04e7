"""Settings of the comms service (environment prefix COMMS_), read at start-up.

Twilio is used when COMMS_TWILIO_ACCOUNT_SID, COMMS_TWILIO_AUTH_TOKEN and
COMMS_TWILIO_FROM are all set; otherwise every text goes to the outbox (the demo
default). Topic names can be overridden so tests and parallel environments never share
a stream by accident.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from shared import config
from shared.contracts import topics


class CommsSettings(config.CommsSettings):
    """Everything `python -m services.comms` reads from the environment."""

    model_config = SettingsConfigDict(env_prefix="COMMS_", extra="ignore")

    consumer_group: str = "comms"
    signals_topic: str = topics.SIGNALS
    pupils_topic: str = topics.PUPILS
    schools_topic: str = topics.SCHOOLS
    marks_topic: str = topics.MARKS
    office_topic: str = topics.OFFICE_RECORDS
    commands_topic: str = topics.COMMS_COMMANDS
    events_topic: str = topics.COMMS_EVENTS
    # Read the topics in this process (off: webhooks and sending only).
    consume: bool = True
    # How often due texts are looked for, in seconds of the clock.
    dispatch_every_seconds: float = Field(default=15.0, gt=0)
    # How often stored changes are looked for and published to the events topic.
    publish_every_seconds: float = Field(default=0.5, gt=0)
    twilio_account_sid: str = ""
    twilio_auth_token: SecretStr = SecretStr("")
    twilio_from: str = ""
    # Tests and sandboxes point the SDK at another Messages API.
    twilio_base_url: str = ""
    # The address Twilio calls back, as Twilio sees it (signatures are over this URL).
    public_base_url: str = "http://127.0.0.1:8300"

    @property
    def twilio_configured(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token.get_secret_value()
                    and self.twilio_from)

    @model_validator(mode="after")
    def _twilio_all_or_nothing(self) -> CommsSettings:
        given = [bool(self.twilio_account_sid),
                 bool(self.twilio_auth_token.get_secret_value()), bool(self.twilio_from)]
        if any(given) and not all(given):
            raise ValueError(
                "Twilio is half configured: set all of COMMS_TWILIO_ACCOUNT_SID, "
                "COMMS_TWILIO_AUTH_TOKEN and COMMS_TWILIO_FROM, or none (texts then go to "
                "the outbox)")
        return self

    def status_callback_url(self) -> str:
        return self.public_base_url.rstrip("/") + "/twilio/status"
