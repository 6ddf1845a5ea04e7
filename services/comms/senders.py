"""Sending adapters behind one port: Twilio when configured, else the outbox.

The outbox (collection `outbox` in the comms database) is the demo default: every text
is stored there and shown to staff instead of reaching a phone.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from services.comms.deliveries import PROVIDER_STATES, Delivery, DeliveryState
from services.comms.ports import Clock, SendOutcomeUnknown, SendRefused, SendResult

SEND_TIMEOUT_SECONDS = 10.0
# The SDK logs each request at INFO; keep its log to warnings so no number or message
# detail ever reaches the service's log.
_SDK_LOG = logging.getLogger("services.comms.twilio_sdk")
_SDK_LOG.setLevel(logging.WARNING)


class OutboxSender:
    """Stores each text in the outbox once (its id is the delivery id)."""

    def __init__(self, database: AsyncDatabase[dict[str, Any]], clock: Clock) -> None:
        self._outbox = database["outbox"]
        self._clock = clock

    async def send(self, delivery: Delivery, body: str) -> SendResult:
        document = {"_id": delivery.delivery_id, "school_urn": delivery.school_urn,
                    "purpose": str(delivery.purpose), "day": delivery.day.isoformat(),
                    "to": delivery.recipient, "body": body, "stored_at": self._clock()}
        # Already in the outbox: storing it again would show it twice.
        with suppress(DuplicateKeyError):
            await self._outbox.insert_one(document)
        return SendResult(provider_id=f"outbox:{delivery.delivery_id}",
                          state=DeliveryState.SENT)

    async def messages(self, school_urn: str) -> list[dict[str, Any]]:
        cursor = self._outbox.find({"school_urn": school_urn}).sort("stored_at", 1)
        return [doc async for doc in cursor]


class TwilioSender:
    """Sends through Twilio's Messages API with the official SDK.

    `status_callback_url` (our public webhook) gets `?delivery=<id>` so a status callback
    finds its delivery even when the process died before it stored Twilio's message id.
    """

    def __init__(self, account_sid: str, auth_token: str, from_number: str,
                 status_callback_url: str | None = None, base_url: str | None = None) -> None:
        self._client = Client(account_sid, auth_token,
                              http_client=TwilioHttpClient(timeout=SEND_TIMEOUT_SECONDS,
                                                          logger=_SDK_LOG))
        if base_url:
            self._client.api.base_url = base_url
        self._from = from_number
        self._callback = status_callback_url

    async def send(self, delivery: Delivery, body: str) -> SendResult:
        return await asyncio.to_thread(self._send, delivery, body)

    def _send(self, delivery: Delivery, body: str) -> SendResult:
        options: dict[str, Any] = {"to": delivery.recipient, "from_": self._from, "body": body}
        if self._callback:
            options["status_callback"] = f"{self._callback}?delivery={delivery.delivery_id}"
        try:
            message = self._client.messages.create(**options)
        except TwilioRestException as error:
            if error.status >= 500:
                raise SendOutcomeUnknown(f"Twilio answered {error.status}") from error
            raise SendRefused(f"Twilio refused the text: {error.code} {error.msg}") from error
        except Exception as error:  # the SDK's transport raises requests' errors
            raise SendOutcomeUnknown(f"no answer from Twilio: {type(error).__name__}") \
                from error
        state = PROVIDER_STATES.get(str(message.status), DeliveryState.SENT)
        return SendResult(provider_id=str(message.sid), state=state)
