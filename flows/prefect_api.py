"""The Prefect API a run talks to: the office's Prefect server when ``PREFECT_API_URL`` names one,
else an embedded (ephemeral) server that this process starts.

Every ``congvan ingest`` or ``watch`` without a server starts its own embedded server, a
subprocess that imports Prefect's server, migrates Prefect's SQLite database under
``PREFECT_HOME`` and registers its block types before it answers. Two such starts at once race:
both migrate the same fresh database (``duplicate column name …``), and on a busy two-core
machine each start competes with the other for the CPU and runs out of Prefect's 20-second
wait. So the start is taken in turns: a file lock in ``PREFECT_HOME`` is held from the start
until the server answers, the wait is :func:`startup_seconds`, tried :data:`STARTS` times (a
start that did not answer in time is stopped before the next), and a server that still does not
answer is one clear
:class:`~congvan.pipeline.core.errors.WorkflowError`, not a traceback (``watch`` reports it and
looks again later: :func:`congvan.pipeline.cli.flows.watch_loop`).
Once started, the server is Prefect's own singleton: the flow run uses it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from congvan.pipeline.core.errors import WorkflowError

STARTUP_SECONDS = 180      # the embedded server's start on a loaded two-core machine, with room
STARTS = 2                 # a start that times out is tried once more before the run gives up


def ensure_api() -> None:
    """Make sure the Prefect API answers before a flow runs (see the module's docstring)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, PREFECT_SERVER_ALLOW_EPHEMERAL_MODE

    if PREFECT_API_URL.value():
        return                                   # the office's server: Prefect connects to it itself
    if not PREFECT_SERVER_ALLOW_EPHEMERAL_MODE.value():
        raise WorkflowError("no Prefect API: set PREFECT_API_URL to the office's Prefect server, or "
                            "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE=true to run without one")
    import httpx

    seconds = startup_seconds()
    home = Path(PREFECT_HOME.value())
    with start_lock(home):                                  # one start (and one migration) at a time
        for attempt in range(1, STARTS + 1):
            server = tethered_server(home)
            try:
                server.start(timeout=seconds)
                return
            except (RuntimeError, OSError, httpx.HTTPError) as exc:
                # Prefect leaves a server that did not answer in time running, and the next start
                # makes another: stopped here, or it outlives this process (its exit stops only the
                # last) and keeps the port and the caller's output pipes
                server.stop()
                detail = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
                if attempt == STARTS:
                    raise WorkflowError(
                        f"Prefect's embedded server did not start within {seconds} s, {STARTS} times "
                        f"({detail}); run Prefect's server as a service (`congvan prefect-server`, then "
                        "PREFECT_API_URL=http://127.0.0.1:4200/api) or try again when the machine is less "
                        "busy") from None


# Run before uvicorn in the embedded server's process: ask Linux to send it SIGTERM when the
# thread that started it dies (prctl PR_SET_PDEATHSIG), unless that already happened, then become uvicorn
_TETHER = ("import ctypes, os, signal, sys; ctypes.CDLL(None).prctl(1, signal.SIGTERM); "
           "os.getppid() == int(sys.argv[1]) or os._exit(0); "
           "os.execv(sys.executable, [sys.executable, '-m', 'uvicorn', *sys.argv[2:]])")
SERVER_LOG = "embedded-server.log"


def tethered_server(home: Path) -> Any:
    """Prefect's embedded server (its :class:`SubprocessASGIServer`, the singleton its flow runs
    use), started by :func:`server_process` so that it cannot outlive this process nor hold its
    caller's output. Prefect stops it at this process's exit (``atexit``), which a ``kill -9`` or a
    crash never reaches, and it inherited this process's stdout and stderr, so a caller reading
    them to their end waited for the orphan."""
    from prefect.server.api.server import SubprocessASGIServer

    class Tethered(SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            assert self.port is not None
            return server_process(self.port, home)

    return Tethered()


def server_process(port: int, home: Path) -> subprocess.Popen[Any]:
    """The embedded server's process, as Prefect starts it (uvicorn over Prefect's app, no UI),
    but its output in ``SERVER_LOG`` under ``home`` and tethered: Linux sends it SIGTERM when the
    thread that started it dies (start it from the thread that runs the flows: the CLI's main one)."""
    import prefect
    from prefect.settings import get_current_settings

    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
           **get_current_settings().to_environment_variables(exclude_unset=True)}
    args = ["--app-dir", str(prefect.__module_path__.parent), "--factory", "prefect.server.api.server:create_app",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"]
    home.mkdir(parents=True, exist_ok=True)
    with (home / SERVER_LOG).open("ab") as log:
        return subprocess.Popen([sys.executable, "-c", _TETHER, str(os.getpid()), *args], env=env,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


@contextlib.contextmanager
def start_lock(home: Path) -> Iterator[None]:
    """Held while a Prefect server (embedded or the office's) starts and migrates the database
    under ``home``: a file lock, so two processes never migrate one Prefect database at once."""
    try:
        home.mkdir(parents=True, exist_ok=True)
        lock = (home / LOCK_NAME).open("a")
    except OSError as exc:
        raise WorkflowError(f"Prefect's home {home} cannot be used ({exc.strerror or exc}): make it a writable "
                            "folder, or set PREFECT_HOME to one") from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


LOCK_NAME = "congvan-embedded-server.lock"


def start_server(home: Path, host: str, port: int, env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    """Start Prefect's server (``prefect server start``) for the office, its database under
    ``home``; return the running process once its API answers. The start (Prefect migrates its
    database then) is taken under :func:`start_lock`; a server that exits or does not answer
    within :func:`startup_seconds` is one :class:`WorkflowError`."""
    import httpx

    seconds = startup_seconds()
    health = f"http://{host}:{port}/api/health"
    with start_lock(home):
        proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", host,
                                 "--port", str(port), "--no-background"],
                                env={**env, "PREFECT_HOME": str(home)})
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise WorkflowError(f"Prefect's server exited with code {proc.returncode} while starting (see its "
                                    f"lines above; is port {port} taken?)")
            try:
                if httpx.get(health, timeout=2).status_code == 200:
                    return proc
            except httpx.HTTPError:
                pass
            time.sleep(POLL_SECONDS)
        proc.terminate()
        proc.wait()
    raise WorkflowError(f"Prefect's server did not answer at {health} within {seconds} s: try again when the "
                        "machine is less busy, or raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")


POLL_SECONDS = 0.5


def startup_seconds() -> int:
    """How long one start of the embedded server may take: Prefect's own setting
    ``PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS`` when the office set it, else
    :data:`STARTUP_SECONDS` (Prefect's default of 20 s is too short for a busy two-core machine)."""
    raw = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "").strip()
    try:
        return max(1, int(float(raw))) if raw else STARTUP_SECONDS
    except ValueError:
        raise WorkflowError(f"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS must be a number of seconds, "
                            f"not {raw!r}") from None
