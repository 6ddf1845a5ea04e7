"""`python -m services.web`: the staff pages and read API on WEB_HOST:WEB_PORT."""

from __future__ import annotations

import logging
import sys

import uvicorn
from pydantic import ValidationError

from services.web.app import production_app
from shared.config import WebSettings


def main() -> int:
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The Kafka clients narrate every connection at INFO; their warnings are enough.
    for chatty in ("kafka", "aiokafka"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    try:
        app = production_app()
    except ValidationError as error:
        for problem in error.errors():
            print(f"web service not started: {problem['msg']}", file=sys.stderr)
        return 2
    settings = WebSettings()
    # uvicorn's own access log prints paths, and paths carry UPNs: the app logs
    # requests by route template instead.
    uvicorn.run(app, host=settings.host, port=settings.port, access_log=False,
                log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
