"""A single-node Apache Kafka broker in KRaft mode, run with Java from Maven jars.

The jars are resolved from Maven Central by deploy/kafka/pom.xml (pinned Kafka and
log4j2 versions) and cached per pom fingerprint, so only the first run downloads.
"""

from __future__ import annotations

import shutil
import socket
import uuid
from pathlib import Path

from shared.infra.localstack.build import fingerprint, run_build
from shared.infra.localstack.paths import DEPLOY_DIR, LocalPaths
from shared.infra.localstack.processes import ManagedProcess

HOST = "127.0.0.1"
PORT = 9092
CONTROLLER_PORT = 9093
BOOTSTRAP = f"{HOST}:{PORT}"
POM = DEPLOY_DIR / "kafka" / "pom.xml"
LOG4J_CONFIG = DEPLOY_DIR / "kafka" / "log4j2.properties"


class LocalKafka:
    def __init__(self, paths: LocalPaths) -> None:
        self.paths = paths
        self.data_dir = paths.data / "kafka"
        self.process = ManagedProcess("kafka", paths.run / "kafka.pid", paths.logs / "kafka.log")

    @property
    def lib_dir(self) -> Path:
        return self.paths.cache / f"kafka-lib-{fingerprint([POM])}"

    def build(self) -> None:
        """Resolve the broker's jars with Maven unless this pom's jars are cached."""
        if (self.lib_dir / ".complete").exists():
            return
        staging = self.lib_dir.with_suffix(".partial")
        shutil.rmtree(staging, ignore_errors=True)
        run_build(
            ["mvn", "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
             f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
            cwd=POM.parent, what="Resolving the Kafka jars with Maven",
        )
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        staging.rename(self.lib_dir)
        (self.lib_dir / ".complete").touch()

    def start(self, fresh: bool) -> None:
        if fresh:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        config = self._write_config()
        classpath = f"{self.lib_dir}/*"
        if not (self.data_dir / "logs" / "meta.properties").exists():
            run_build(
                ["java", "-cp", classpath, "kafka.tools.StorageTool", "format",
                 "-t", str(uuid.uuid4()), "-c", str(config), "--ignore-formatted"],
                cwd=self.data_dir, what="Formatting Kafka storage",
            )
        self.process.start(
            ["java", "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
             f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
             f"-Dkafka.logs.dir={self.paths.logs}",
             "-cp", classpath, "kafka.Kafka", str(config)],
            cwd=self.data_dir,
        )

    def _write_config(self) -> Path:
        config = self.data_dir / "server.properties"
        config.write_text("\n".join([
            "process.roles=broker,controller",
            "node.id=1",
            f"controller.quorum.voters=1@{HOST}:{CONTROLLER_PORT}",
            f"listeners=PLAINTEXT://{HOST}:{PORT},CONTROLLER://{HOST}:{CONTROLLER_PORT}",
            f"advertised.listeners=PLAINTEXT://{HOST}:{PORT}",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            f"log.dirs={self.data_dir / 'logs'}",
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=8",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=true",
            "",
        ]))
        return config


def kafka_answers(bootstrap: str, timeout_s: float = 2.0) -> bool:
    """True when the broker answers a metadata request."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    # kafka-python retries an unreachable bootstrap server for about a minute;
    # a plain connect answers "nobody listens" at once.
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=timeout_s).close()
    except (OSError, ValueError):
        return False
    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap,
                                 request_timeout_ms=int(timeout_s * 1000))
    except (KafkaError, OSError, ValueError):
        return False
    try:
        admin.list_topics()
        return True
    except (KafkaError, OSError):
        return False
    finally:
        admin.close()

