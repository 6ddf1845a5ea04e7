"""FerretDB v1.24 (MongoDB wire protocol over SQLite), built with Go.

deploy/ferretdb holds a small Go program that embeds the public package
github.com/FerretDB/FerretDB/ferretdb, pinned in its go.mod. The binary is cached
per source fingerprint, so only the first run compiles.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from shared.infra.localstack import ferretdb_patch
from shared.infra.localstack.build import fingerprint, run_build
from shared.infra.localstack.paths import DEPLOY_DIR, LocalPaths
from shared.infra.localstack.processes import ManagedProcess

HOST = "127.0.0.1"
PORT = 27017
# One connection per client: FerretDB 1.24 on SQLite can stall a whole database when
# one process runs several operations on it at once (seen as every query on the web
# service's database hanging while its feeds wrote), so each process talks to the local
# store one operation at a time. Real MongoDB deployments choose their own pool.
URI = f"mongodb://{HOST}:{PORT}/?maxPoolSize=1"
SOURCE_DIR = DEPLOY_DIR / "ferretdb"
GO_SOURCES = [SOURCE_DIR / name for name in ("go.mod", "go.sum", "main.go")]
SOURCES = [*GO_SOURCES, Path(ferretdb_patch.__file__)]  # a change to either rebuilds


class LocalFerretDB:
    def __init__(self, paths: LocalPaths) -> None:
        self.paths = paths
        self.data_dir = paths.data / "ferretdb"
        self.process = ManagedProcess(
            "ferretdb", paths.run / "ferretdb.pid", paths.logs / "ferretdb.log"
        )

    @property
    def binary(self) -> Path:
        return self.paths.cache / f"ferretdb-local-{fingerprint(SOURCES)}"

    def build(self) -> None:
        """Compile the embedded FerretDB unless this source's binary is cached."""
        if self.binary.exists():
            return
        staging = self.binary.with_suffix(".partial")
        env = {**os.environ, "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0"}
        work = self.paths.cache / "ferretdb-build"
        module = ferretdb_patch.patched_module(SOURCE_DIR, work / "FerretDB", env)
        local = work / "local"
        local.mkdir(parents=True, exist_ok=True)
        for source in GO_SOURCES:
            shutil.copy(source, local / source.name)
        run_build(["go", "mod", "edit", "-replace",
                   f"{ferretdb_patch.MODULE}={module}"], cwd=local,
                  what="Pointing the build at the patched FerretDB", env=env)
        run_build(["go", "build", "-o", str(staging), "."], cwd=local,
                  what="Building FerretDB with Go", env=env)
        staging.rename(self.binary)
        shutil.rmtree(work, ignore_errors=True)

    def start(self, fresh: bool) -> None:
        if fresh:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process.start(
            [str(self.binary), "-listen", f"{HOST}:{PORT}", "-data-dir", str(self.data_dir)],
            cwd=self.data_dir,
        )


def mongo_answers(uri: str, timeout_s: float = 2.0) -> bool:
    """True when the store answers a ping."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=int(timeout_s * 1000))
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()

