"""Build-and-cache helpers: a build is redone only when its inputs change."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path


class BuildError(RuntimeError):
    """A build tool failed; the message carries the tail of its output."""


def fingerprint(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_build(command: Sequence[str], cwd: Path, what: str,
              env: Mapping[str, str] | None = None) -> None:
    result = subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        raise BuildError(f"{what} failed (exit {result.returncode}):\n{tail}")
