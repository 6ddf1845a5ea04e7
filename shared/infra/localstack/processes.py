"""Start and stop long-running local servers, tracked by pid files.

`down` must stop only what `up` started, so every process we start is recorded
in a pid file together with its command line, and a pid is only signalled while
its command line still matches (the pid may have been reused).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ManagedProcess:
    """A named background process with its pid file and log file."""

    name: str
    pid_file: Path
    log_file: Path

    def start(self, command: Sequence[str], cwd: Path | None = None,
              env: dict[str, str] | None = None) -> int:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            proc = subprocess.Popen(
                list(command), cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        self.pid_file.write_text(json.dumps({"pid": proc.pid, "cmd": list(command)}))
        _await_command_line(proc.pid)
        return proc.pid

    def pid(self) -> int | None:
        """The pid of our process if it is still alive, else None."""
        try:
            record = json.loads(self.pid_file.read_text())
        except (FileNotFoundError, ValueError):
            return None
        pid = int(record["pid"])
        if not _alive(pid) or not _cmdline_matches(pid, record["cmd"]):
            return None
        return pid

    def has_exited(self) -> bool:
        """True once the recorded process is gone. Used while it starts, when its
        command line may still be the parent's (between fork and exec), so only
        liveness is checked here."""
        try:
            record = json.loads(self.pid_file.read_text())
        except (FileNotFoundError, ValueError):
            return True
        return not _alive(int(record["pid"]))

    def stop(self, grace_seconds: float = 15.0) -> bool:
        """Stop the process gracefully, killing it after the grace period."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        _signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            _signal_group(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_file.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log written)"
        return "\n".join(text.splitlines()[-lines:])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours is not alive for our purposes.
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, IndexError):
        return True
    return status != "Z"


def _await_command_line(pid: int, timeout_s: float = 2.0) -> None:
    """Wait until a new child's command line can be read. Popen may return while the
    kernel is still setting up the exec'd program, and meanwhile /proc shows an empty
    command line, which `pid` would take for another process."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and _alive(pid):
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes():
                return
        except FileNotFoundError:
            return
        time.sleep(0.005)


def _cmdline_matches(pid: int, command: Sequence[str]) -> bool:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    actual = [part.decode(errors="replace") for part in raw.split(b"\0") if part]
    return bool(actual) and actual[: len(command)] == list(command)[: len(actual)]


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass
    except PermissionError:
        os.kill(pid, sig)
