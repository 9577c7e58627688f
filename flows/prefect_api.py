"""The Prefect API a run talks to: the office's Prefect server when ``PREFECT_API_URL`` names one,
else an embedded (ephemeral) server that this process starts.

Every ``congvan ingest`` or ``watch`` without a server starts its own embedded server, a
subprocess that imports Prefect's server, migrates Prefect's SQLite database under
``PREFECT_HOME`` and registers its block types before it answers. Two such starts at once race:
both migrate the same fresh database (``duplicate column name …``), and on a busy two-core
machine each start competes with the other for the CPU and runs out of Prefect's 20-second
wait. So the start is taken in turns: a file lock in ``PREFECT_HOME`` is held from the start
until the server answers, the wait is :data:`STARTUP_SECONDS`, tried :data:`STARTS` times, and a
server that still does not answer is one clear
:class:`~congvan.pipeline.core.errors.WorkflowError`, not a traceback (``watch`` reports it and
looks again later: :func:`congvan.pipeline.cli.flows.watch_loop`).
Once started, the server is Prefect's own singleton: the flow run uses it.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

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
    from prefect.server.api.server import SubprocessASGIServer

    home = Path(PREFECT_HOME.value())
    home.mkdir(parents=True, exist_ok=True)
    with (home / "congvan-embedded-server.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)         # one start (and one migration) at a time
        try:
            for attempt in range(1, STARTS + 1):
                try:
                    SubprocessASGIServer().start(timeout=STARTUP_SECONDS)
                    return
                except (RuntimeError, OSError, httpx.HTTPError) as exc:
                    detail = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
                    if attempt == STARTS:
                        raise WorkflowError(
                            f"Prefect's embedded server did not start within {STARTUP_SECONDS} s, {STARTS} times "
                            f"({detail}); run it once as a service (`prefect server start`, then "
                            "PREFECT_API_URL=http://127.0.0.1:4200/api) or try again when the machine is less "
                            "busy") from None
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
