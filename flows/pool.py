"""OCR fan-out on a Prefect work pool: one flow run per document, taken by process workers on
any machine (``prefect worker start --pool congvan-ocr``).

The submitter (``congvan ingest --pool`` / ``watch --pool``, or CONGVAN_WORK_POOL) claims the
inbox's files as a local run does, then creates one run of the ``congvan-document`` deployment
per claimed file. A worker runs :func:`read_document` in a process of its own: it reads the
file, commits its record and số đến in one short ledger transaction (PostgreSQL, so that every
machine writes one ledger) and files the original, exactly as a local run does
(:func:`congvan.pipeline.ingest.ingest_file`); it leaves its :class:`Outcome` as JSON under
``CONGVAN_HOME/pool/`` for the submitter. CONGVAN_HOME and the inbox are on storage every
machine mounts (docs/deployment.md).

Nothing is lost when a worker dies: its run stays "Running" (or "Pending") with no one to end
it, so once it has run longer than the document's time limit and the slack (CONGVAN_POOL_SLACK,
:data:`RUN_SLACK_S`), or waited for a worker longer than CONGVAN_POOL_WAIT, the submitter
cancels it and settles the document from what is on the shared storage: the worker's outcome if
it wrote one (it died after finishing), the ledger if the original was filed, else the file goes
back to the inbox (its claim is the submitter's) and is read on the next pass. A document whose
record was committed before its worker died is only filed then, never registered twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from congvan.ocr.engine import OcrOptions
from congvan.ocr.loader import sha256_of
from congvan.pipeline.core.config import Config, env_number
from congvan.pipeline.core.errors import WorkflowError
from congvan.pipeline.ingest import Outcome, ingest_file, quarantine
from congvan.search.store import Store

FLOW_NAME = "congvan-document"
RUN_SLACK_S = 60.0          # a worker's start, Prefect's bookkeeping: beyond the document's own limit
QUEUE_WAIT_S = 3600.0       # CONGVAN_POOL_WAIT: how long a run may wait for a worker to take it
POLL_S = 1.0


class TransientFailure(RuntimeError):
    """A document failure worth one more try (the OCR engine died or ran out of time)."""


class WorkerLost(RuntimeError):
    """The run's worker went away (or none took it) before it left an outcome: the document is
    settled from the ledger (``sha256``: the claimed file's) or goes back to the inbox."""

    def __init__(self, message: str, sha256: str | None = None) -> None:
        super().__init__(message)
        self.sha256 = sha256


def outcome_path(home: Path, run_id: str | UUID) -> Path:
    return home / "pool" / f"{run_id}.json"


@flow(name=FLOW_NAME, retries=1, retry_delay_seconds=2, log_prints=False)
def read_document(claimed: str, name: str, doc_timeout: float | None = 900.0) -> str:
    """Read, commit and file one claimed document on a worker; returns its status."""
    config = Config.from_env()
    with Store(config) as store:
        outcome = ingest_file(Path(claimed), name, store, config, OcrOptions(jobs=1), doc_timeout)
        if outcome.status == "failed" and outcome.transient:
            raise TransientFailure(outcome.error or "transient failure")     # the run is retried once
        if outcome.status == "failed" and not outcome.stays:
            outcome = quarantine(Path(claimed), outcome, store, config)
    out = outcome_path(Path(config.home), flow_run.get_id() or "local")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(orjson.dumps(dataclasses.asdict(outcome)))
    get_run_logger().info("%s: %s", name, outcome.status if not outcome.error else f"failed: {outcome.error}")
    return outcome.status


def pool_name(given: str | None = None) -> str | None:
    """The work pool documents go to: ``given``, else CONGVAN_WORK_POOL; None: read them here."""
    return given or os.environ.get("CONGVAN_WORK_POOL") or None


def ensure_deployment(pool: str) -> UUID:
    """The work pool (process workers) and the ``congvan-document`` deployment on it, made when
    missing; the deployment's entrypoint is the installed module, so every machine with congvan
    installed runs the same code."""
    from prefect import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
    from prefect.types.entrypoint import EntrypointType

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            with contextlib.suppress(ObjectAlreadyExists):          # another submitter made it first
                client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
    deployment: Any = read_document.to_deployment(name=pool, entrypoint_type=EntrypointType.MODULE_PATH)
    made: UUID = deployment.apply(work_pool_name=pool)       # the synchronous forms (Prefect types both)
    return made


Result = tuple[Path, str, Callable[[], Outcome]]


def run_on_pool(claimed: list[tuple[Path, str]], doc_timeout: float | None, pool: str,
                home: Path) -> Iterator[Result]:
    """One run per claimed document on ``pool``; yields (claimed path, name, outcome getter) as
    each run ends. The getter raises :class:`TransientFailure` for a run that failed (retried
    and still failing) and :class:`WorkerLost` for one whose worker went away."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.states import Cancelled

    if not claimed:
        return
    deployment = ensure_deployment(pool)
    waiting, slack = env_number("CONGVAN_POOL_WAIT", QUEUE_WAIT_S), env_number("CONGVAN_POOL_SLACK", RUN_SLACK_S)
    limits = {"RUNNING": (doc_timeout or 900.0) + slack, "PENDING": slack}
    runs: dict[UUID, tuple[Path, str, float, str]] = {}
    with get_client(sync_client=True) as client:
        for path, name in claimed:
            sha = sha256_of(path)                      # to find the document in the ledger if its worker dies
            made = client.create_flow_run_from_deployment(
                deployment, parameters={"claimed": str(path), "name": name, "doc_timeout": doc_timeout},
                tags=["congvan"])
            runs[made.id] = (path, name, time.monotonic(), sha)
        try:
            while runs:
                found = client.read_flow_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(runs))))
                for run in found:
                    path, name, submitted, sha = runs[run.id]
                    state = run.state
                    if state is None:
                        continue
                    lost = _lost(state, submitted, limits, waiting)
                    if not state.is_final() and lost is None:
                        continue
                    del runs[run.id]
                    if lost is not None:
                        client.set_flow_run_state(run.id, Cancelled(message=lost), force=True)
                    yield path, name, _getter(run.id, state, lost, home, sha)
                if runs:
                    time.sleep(POLL_S)
        finally:                        # stopped early (Ctrl-C, the server gone): no run left behind
            for run_id in runs:         # its file goes back to the inbox with this process's claims
                with contextlib.suppress(Exception):
                    client.set_flow_run_state(run_id, Cancelled(message="its submitter stopped"), force=True)


def _lost(state: Any, submitted: float, limits: dict[str, float], waiting: float) -> str | None:
    """Why a run that has not ended is given up (None: it is not). A worker took a Pending or
    Running run; its state's time is when it entered that state (a retry enters Running anew)."""
    if state.is_final():
        return None
    limit = limits.get(state.type.value)
    if limit is not None and state.timestamp is not None:
        from datetime import UTC, datetime

        if (datetime.now(UTC) - state.timestamp).total_seconds() > limit:
            return f"its worker went away ({state.name.lower()} for over {limit:.0f} s)"
        return None
    if time.monotonic() - submitted > waiting:
        return f"no worker took it within {waiting:.0f} s (is `prefect worker start --pool …` running?)"
    return None


def _getter(run_id: UUID, state: Any, lost: str | None, home: Path, sha: str) -> Callable[[], Outcome]:
    def outcome() -> Outcome:
        out = outcome_path(home, run_id)
        if lost is not None:
            if out.is_file():                   # it died after finishing the document: its outcome holds
                return _read_outcome(out)
            raise WorkerLost(lost, sha)
        if state.is_completed():
            return _read_outcome(out)
        if state.is_failed():
            raise TransientFailure(state.message or "the document failed on its worker")
        raise WorkerLost(f"its run ended {state.name.lower()}", sha)
    return outcome


def _read_outcome(out: Path) -> Outcome:
    try:
        data = orjson.loads(out.read_bytes())
    except OSError as exc:
        raise WorkflowError(f"the worker's outcome {out} cannot be read ({exc.strerror}): is CONGVAN_HOME the "
                            "same shared folder on every machine?") from None
    out.unlink(missing_ok=True)
    return Outcome(**data)
