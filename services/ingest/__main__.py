"""`python -m services.ingest`: the HTTP intake and the MIS-topic consumer in one process.

Reads INGEST_*, KAFKA_* and MONGODB_* from the environment.
"""

from __future__ import annotations

import logging

import uvicorn

from services.ingest.app import create_app
from services.ingest.runtime import running_service
from services.ingest.settings import IngestServiceSettings
from shared.config import KafkaSettings, MongoSettings


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s "
                                                   "%(message)s")
    # The Kafka clients narrate every connection at INFO; keep their warnings only.
    for noisy in ("kafka", "aiokafka"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings, kafka, mongo = IngestServiceSettings(), KafkaSettings(), MongoSettings()
    app = create_app(lambda: running_service(settings, kafka, mongo))
    uvicorn.run(app, host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
