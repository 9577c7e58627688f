"""The Prefect API a run needs: a clear error, not a traceback, when there is none to be had."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_ALLOW_EPHEMERAL_MODE, temporary_settings

from congvan.flows import prefect_api
from congvan.flows.prefect_api import STARTS, ensure_api
from congvan.pipeline.core.errors import ExitCode, WorkflowError


def test_without_a_server_nor_the_embedded_mode_the_error_says_what_to_set() -> None:
    with temporary_settings(updates={PREFECT_SERVER_ALLOW_EPHEMERAL_MODE: False}, restore_defaults={PREFECT_API_URL}), \
            pytest.raises(WorkflowError, match="PREFECT_API_URL") as caught:
        ensure_api()
    assert caught.value.exit_code == ExitCode.workflow == 12


def test_an_embedded_server_that_does_not_start_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.server.api.server import SubprocessASGIServer

    starts: list[int] = []

    def timed_out(self: object, timeout: int | None = None) -> None:
        starts.append(1)
        raise RuntimeError("Timed out while attempting to connect to ephemeral Prefect API server.\nmore")

    monkeypatch.setattr(SubprocessASGIServer, "start", timed_out)
    with temporary_settings(updates={PREFECT_SERVER_ALLOW_EPHEMERAL_MODE: True}, restore_defaults={PREFECT_API_URL}), \
            pytest.raises(WorkflowError, match=r"did not start within \d+ s, 2 times \(Timed out") as caught:
        ensure_api()
    assert "\n" not in caught.value.message and "congvan prefect-server" in caught.value.message
    assert len(starts) == STARTS == 2                       # tried once more before giving up


def test_an_embedded_server_slow_the_first_time_starts_the_second(monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.server.api.server import SubprocessASGIServer

    starts: list[int] = []

    def slow_once(self: object, timeout: int | None = None) -> None:
        starts.append(1)
        if len(starts) == 1:
            raise RuntimeError("Timed out while attempting to connect to ephemeral Prefect API server.")

    monkeypatch.setattr(SubprocessASGIServer, "start", slow_once)
    with temporary_settings(updates={PREFECT_SERVER_ALLOW_EPHEMERAL_MODE: True}, restore_defaults={PREFECT_API_URL}):
        ensure_api()
    assert len(starts) == 2


def test_with_the_offices_server_nothing_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.server.api.server import SubprocessASGIServer

    def must_not_start(self: object, timeout: int | None = None) -> None:
        raise AssertionError("started an embedded server beside the office's")

    monkeypatch.setattr(SubprocessASGIServer, "start", must_not_start)
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        ensure_api()


def test_a_start_that_timed_out_leaves_no_server_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prefect's start leaves its server process running when it does not answer in time; every
    one started is stopped before the next try and when the run gives up (an orphan would keep
    its port and the output pipes of whoever ran `congvan ingest`)."""
    import subprocess
    import sys

    from prefect.server.api.server import SubprocessASGIServer

    started: list[subprocess.Popen[bytes]] = []

    def never_answers(port: int, home: Path) -> subprocess.Popen[bytes]:
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"]))
        return started[-1]

    monkeypatch.setattr(prefect_api, "server_process", never_answers)
    monkeypatch.setattr(SubprocessASGIServer, "find_available_port", lambda self: 9)      # nothing answers there
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "1")
    try:
        with temporary_settings(updates={PREFECT_SERVER_ALLOW_EPHEMERAL_MODE: True},
                                restore_defaults={PREFECT_API_URL}), pytest.raises(WorkflowError):
            ensure_api()
        assert len(started) == STARTS
        assert all(proc.poll() is not None for proc in started), [proc.poll() for proc in started]
    finally:
        for proc in started:
            proc.kill()
            proc.wait()


def test_an_embedded_server_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    """A congvan process killed (kill -9, or a crash) never reaches Prefect's atexit stop: its
    embedded server is tethered to it and does not hold the caller's output pipes, so a caller
    reading them to their end is not left waiting for an orphan."""
    script = ("import os, signal\n"
              "from prefect.server.api.server import SubprocessASGIServer\n"
              "from congvan.flows.prefect_api import ensure_api\n"
              "ensure_api()\n"
              "print(SubprocessASGIServer().server_process.pid, flush=True)\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true"}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=400, env=env)
    assert done.returncode == -signal.SIGKILL, done.stderr
    server = int(done.stdout.split()[0])
    deadline = time.monotonic() + 20
    while Path(f"/proc/{server}").exists() and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(server, os.WNOHANG)
        time.sleep(0.2)
    status = Path(f"/proc/{server}/status")
    assert not status.exists() or "zombie" in status.read_text(), "the embedded server outlived its process"
    assert (tmp_path / "prefect" / "embedded-server.log").exists()    # its output kept, not the caller's
