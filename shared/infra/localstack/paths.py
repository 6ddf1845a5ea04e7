"""Where the local stack keeps its downloads, builds, data, logs and pid files.

Everything lives under `.local/` at the repository root (git-ignored), or under
ATTENDANCE_LOCAL_DIR when set, so a second run reuses the caches.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
DEPLOY_DIR = REPO_ROOT / "deploy"


@dataclass(frozen=True)
class LocalPaths:
    root: Path

    @classmethod
    def default(cls) -> LocalPaths:
        configured = os.environ.get("ATTENDANCE_LOCAL_DIR")
        return cls(Path(configured) if configured else REPO_ROOT / ".local")

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def logs(self) -> Path:
        return self.root / "log"

    @property
    def run(self) -> Path:
        return self.root / "run"

    def ensure(self) -> None:
        for folder in (self.cache, self.data, self.logs, self.run):
            folder.mkdir(parents=True, exist_ok=True)
