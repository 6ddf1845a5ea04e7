"""`python -m services.risk`: run one risk worker with settings from the environment."""

from __future__ import annotations

import os

import faust

from services.risk.app import create_app
from services.risk.config import RiskConfig
from services.risk.ownership import partition_count
from shared.infra.clock import clock_from_environment
from shared.infra.mongo import create_client
from shared.infra.topics import ensure_topics

# Faust reads these from the environment too, and would bind the staff web service's
# port (WEB_PORT) instead of the worker's own: our settings are read first, then they go.
FAUST_ENVIRONMENT_OVERRIDES = ("WEB_PORT", "WEB_HOST", "WEB_BIND", "WEB_TRANSPORT")


def main() -> None:
    """Create the topics (with the configured partitions), then run the worker."""
    config = RiskConfig.from_environment()
    for name in FAUST_ENVIRONMENT_OVERRIDES:
        os.environ.pop(name, None)
    ensure_topics(config.topic_names, config.kafka)
    partitions = partition_count(config.kafka.bootstrap_servers, config.worker.marks_topic)
    client = create_client(config.mongo)
    app = create_app(config, client, partitions, now=clock_from_environment())
    faust.Worker(app, loglevel="INFO").execute_from_commandline()


if __name__ == "__main__":
    main()
