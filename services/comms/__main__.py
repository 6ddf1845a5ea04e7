"""`python -m services.comms`: Twilio webhooks and health on HTTP (default
127.0.0.1:8300), the topic consumer and the text dispatcher, in one process.

Reads COMMS_*, KAFKA_* and MONGODB_* from the environment.
"""

from __future__ import annotations

import logging

import uvicorn

from services.comms.app import create_app
from services.comms.runtime import running_service
from services.comms.settings import CommsSettings
from shared.config import KafkaSettings, MongoSettings
from shared.infra.clock import clock_from_environment


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s "
                                                   "%(message)s")
    settings, kafka, mongo = CommsSettings(), KafkaSettings(), MongoSettings()
    clock = clock_from_environment()  # the wall clock, or the demo's simulated one
    app = create_app(lambda: running_service(settings, kafka, mongo, clock))
    uvicorn.run(app, host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
