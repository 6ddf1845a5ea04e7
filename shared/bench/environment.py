"""A bench run's own topics, consumer groups, databases and ports.

The servers may be shared (a developer's stack, other test runs): the services started
for a bench read and write only names carrying the run's id, so nothing else's marks
count towards its figures and it leaves nothing in anyone's topics or databases.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class BenchNames:
    """Names for one run, all derived from its id."""

    run_id: str

    def topic(self, name: str) -> str:
        return f"bench-{self.run_id}.{name}"

    @property
    def mis_marks(self) -> str:
        return self.topic("mis.marks")

    @property
    def marks(self) -> str:
        return self.topic("marks")

    @property
    def signals(self) -> str:
        return self.topic("signals")

    @property
    def ingest_group(self) -> str:
        return f"bench-{self.run_id}-ingest"

    @property
    def risk_group(self) -> str:
        return f"bench-{self.run_id}-risk"

    def environment(self) -> dict[str, str]:
        """Settings for the services of this run (their env prefixes, see shared.config)."""
        topics = {"MARKS_TOPIC": self.marks, "PUPILS_TOPIC": self.topic("pupils"),
                  "SCHOOLS_TOPIC": self.topic("schools"), "SIGNALS_TOPIC": self.signals}
        run = self.run_id.replace("-", "_")
        env = {f"RISK_{name}": value for name, value in topics.items()}
        env.update({f"WEB_{name}": value for name, value in topics.items()})
        env.update({f"COMMS_{name}": value for name, value in topics.items()})
        env.update({f"COMMS_{name}_TOPIC": self.topic(name.lower())
                    for name in ("OFFICE", "COMMANDS", "EVENTS")})
        env.update({"INGEST_MIS_MARKS_TOPIC": self.mis_marks, "INGEST_MARKS_TOPIC": self.marks,
                    "INGEST_PUPILS_TOPIC": self.topic("pupils"),
                    "INGEST_SCHOOLS_TOPIC": self.topic("schools"),
                    "INGEST_REJECTS_TOPIC": self.topic("rejects"),
                    "INGEST_WARNINGS_TOPIC": self.topic("warnings"),
                    "INGEST_CONSUMER_GROUP": self.ingest_group, "RISK_APP_ID": self.risk_group,
                    "WEB_CONSUMER_GROUP": f"bench-{self.run_id}-web",
                    "COMMS_CONSUMER_GROUP": f"bench-{self.run_id}-comms"})
        for service in ("INGEST", "RISK", "WEB", "COMMS"):
            env[f"{service}_DATABASE"] = f"bench_{run}_{service.lower()}"
            env[f"{service}_PORT"] = str(free_port())
        return env
