"""`attendance infra status` and the process tracking behind `infra up` / `infra down`.

The shared broker and store are only ever inspected here, never stopped: process
tracking is proved on harmless `sleep` processes with pid files in a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.infra.localstack.processes import ManagedProcess
from shared.infra.localstack.stack import Endpoints

pytestmark = pytest.mark.infra

ATTENDANCE = str(Path(sys.executable).with_name("attendance"))


def infra_status(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ATTENDANCE, "infra", "status"], env=env, capture_output=True,
                          text=True, timeout=60)


def status_line(output: str, server: str) -> str:
    lines = [line for line in output.splitlines() if line.split()[:1] == [server]]
    assert len(lines) == 1, f"expected one {server} line in:\n{output}"
    return lines[0]


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def is_gone(pid: int) -> bool:
    """True once the process has exited (a zombie awaiting its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def reap(pid: int) -> None:
    # subprocess's own clean-up may already have reaped it.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def test_infra_status_reports_both_servers_running_with_their_addresses(
    infra: Endpoints,
) -> None:
    result = infra_status({**os.environ, **infra.as_env()})

    assert result.returncode == 0, result.stdout + result.stderr
    kafka, store = (status_line(result.stdout, "kafka"), status_line(result.stdout, "ferretdb"))
    assert kafka.split()[1:3] == [infra.kafka_bootstrap, "running"]
    assert store.split()[1:3] == [infra.mongodb_uri, "running"]


def test_infra_status_says_an_unreachable_store_is_not_running_and_exits_non_zero(
    infra: Endpoints,
) -> None:
    nowhere = f"mongodb://127.0.0.1:{unused_port()}/"
    result = infra_status({**os.environ, **infra.as_env(), "MONGODB_URI": nowhere})

    assert result.returncode == 3
    assert status_line(result.stdout, "ferretdb").split()[1:4] == [nowhere, "not", "running"]


def test_a_process_started_through_the_stack_is_stopped_and_gone(tmp_path: Path) -> None:
    process = ManagedProcess("sleeper", tmp_path / "sleeper.pid", tmp_path / "sleeper.log")
    pid = process.start(["sleep", "30"])
    try:
        assert process.pid() == pid

        assert process.stop(grace_seconds=5) is True
        assert is_gone(pid)
        assert process.pid() is None
        assert not process.pid_file.exists()
    finally:
        if not is_gone(pid):
            os.kill(pid, signal.SIGKILL)
        reap(pid)


def test_the_stack_never_signals_a_pid_whose_command_line_no_longer_matches(
    tmp_path: Path,
) -> None:
    process = ManagedProcess("shell", tmp_path / "shell.pid", tmp_path / "shell.log")
    # `exec` puts another program behind the recorded pid, as pid reuse after a
    # crash would: the pid file still names the shell's command line.
    pid = process.start(["sh", "-c", "exec sleep 30"])
    try:
        deadline = time.monotonic() + 5
        while not Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"sleep\0"):
            assert time.monotonic() < deadline, "the shell did not exec sleep within 5 s"
            time.sleep(0.02)

        assert process.pid() is None
        assert process.stop(grace_seconds=1) is False
        time.sleep(0.2)
        assert not is_gone(pid), "a process that is not ours was signalled"
    finally:
        os.kill(pid, signal.SIGKILL)
        reap(pid)
