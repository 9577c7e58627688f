"""OCR fan-out on a Prefect work pool: one flow run per batch of documents, taken by process
workers on any machine (``prefect worker start --pool congvan-ocr``).

The submitter (``congvan ingest --pool`` / ``watch --pool``, or CONGVAN_WORK_POOL) claims the
inbox's files as a local run does, then creates runs of the ``congvan-document`` deployment,
each for a batch of the claimed files (:func:`batches`: at most CONGVAN_POOL_BATCH, spread over
the pool's online workers). A process worker starts a process for each run, which imports
Prefect and the OCR stack before it reads a page: seconds a document, paid once a batch. The
run reads its files one after the other (:func:`read_documents`): each is read, its record and
số đến committed in one short ledger transaction (PostgreSQL, so that every machine writes one
ledger) and its original filed, exactly as a local run does
(:func:`congvan.pipeline.ingest.ingest_file`); each document's :class:`Outcome` is left as JSON
under ``CONGVAN_HOME/pool/`` for the submitter as soon as it is known. CONGVAN_HOME and the inbox are on storage every
machine mounts (docs/deployment.md).

Nothing is lost when a worker dies: its run stays "Running" (or "Pending") with no one to end
it, so once it has gone longer than a document's time limit and the slack (CONGVAN_POOL_SLACK,
:data:`RUN_SLACK_S`) without finishing a document (since it started, or since its last
outcome), or waited for a worker longer than CONGVAN_POOL_WAIT, the submitter cancels it and
settles each of its documents from what is on the shared storage: the worker's outcome where it
wrote one (the documents it finished), the ledger if the original was filed, else the file goes
back to the inbox (its claim is the submitter's) and is read on the next pass. A document whose
record was committed before its worker died is only filed then, never registered twice. A
document that failed in a way a retry may mend (the engine died, its time ran out) makes the run
fail once it has read the others; Prefect runs it again, and the retry reads only the documents
with no outcome yet.
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
from congvan.pipeline.core.files import write_whole
from congvan.pipeline.ingest import Outcome, ingest_file, quarantine
from congvan.search.store import Store

FLOW_NAME = "congvan-document"
RUN_SLACK_S = 60.0          # a worker's start, Prefect's bookkeeping: beyond the document's own limit
QUEUE_WAIT_S = 3600.0       # CONGVAN_POOL_WAIT: how long a run may wait for a worker to take it
BATCH = 8                   # CONGVAN_POOL_BATCH: at most this many documents a run
POLL_S = 1.0


class TransientFailure(RuntimeError):
    """A document failure worth one more try (the OCR engine died or ran out of time)."""


class WorkerLost(RuntimeError):
    """The run's worker went away (or none took it) before it left an outcome: the document is
    settled from the ledger (``sha256``: the claimed file's) or goes back to the inbox."""

    def __init__(self, message: str, sha256: str | None = None) -> None:
        super().__init__(message)
        self.sha256 = sha256


def outcome_path(home: Path, run_id: str | UUID, k: int) -> Path:
    """Where the ``k``-th document of run ``run_id`` leaves its outcome."""
    return home / "pool" / f"{run_id}-{k}.json"


@flow(name=FLOW_NAME, retries=1, retry_delay_seconds=2, log_prints=False)
def read_documents(claimed: list[str], names: list[str], doc_timeout: float | None = 900.0) -> list[str]:
    """Read, commit and file a batch of claimed documents on a worker, one after the other;
    returns their statuses. A document a retry may mend fails the run after the others are
    read, and the run's retry reads only the documents that left no outcome."""
    config = Config.from_env()
    run = flow_run.get_id() or "local"
    statuses: list[str] = []
    again: list[str] = []
    with Store(config) as store:
        for k, (path, name) in enumerate(zip(claimed, names, strict=True)):
            out = outcome_path(Path(config.home), run, k)
            if out.is_file():                              # read by this run's first try
                statuses.append(str(orjson.loads(out.read_bytes())["status"]))
                continue
            outcome = ingest_file(Path(path), name, store, config, OcrOptions(jobs=1), doc_timeout)
            if outcome.status == "failed" and outcome.transient:
                again.append(f"{name}: {outcome.error or 'transient failure'}")
                continue
            if outcome.status == "failed" and not outcome.stays:
                outcome = quarantine(Path(path), outcome, store, config)
            write_whole(out, orjson.dumps(dataclasses.asdict(outcome)))     # never seen half-written
            get_run_logger().info("%s: %s", name, outcome.status if not outcome.error else f"failed: {outcome.error}")
            statuses.append(outcome.status)
    if again:
        raise TransientFailure("; ".join(again))           # the run is retried once
    return statuses


def batches(claimed: list[tuple[Path, str]], workers: int, most: int) -> list[list[tuple[Path, str]]]:
    """The claimed documents in runs: as many runs as it takes to give every online worker one
    (``workers``), each of at most ``most`` documents, in the order they were claimed."""
    if not claimed:
        return []
    size = max(1, min(most, -(-len(claimed) // max(1, workers))))
    return [claimed[k:k + size] for k in range(0, len(claimed), size)]


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
    deployment: Any = read_documents.to_deployment(name=pool, entrypoint_type=EntrypointType.MODULE_PATH)
    made: UUID = deployment.apply(work_pool_name=pool)       # the synchronous forms (Prefect types both)
    return made


Result = tuple[Path, str, Callable[[], Outcome]]


@dataclasses.dataclass
class _Run:
    """A submitted run: its documents (claimed path, name, the file's sha256)."""
    documents: list[tuple[Path, str, str]]
    submitted: float

    def progress(self, home: Path, run_id: UUID) -> float | None:
        """When the run last finished a document (its newest outcome's time), or None."""
        times = [out.stat().st_mtime for k in range(len(self.documents))
                 for out in [outcome_path(home, run_id, k)] if out.is_file()]
        return max(times) if times else None


def _online_workers(client: Any, pool: str) -> int:
    """How many of the pool's workers are online now (0 when the server cannot say)."""
    try:
        return sum(1 for w in client.read_workers_for_work_pool(pool) if str(w.status).upper().endswith("ONLINE"))
    except Exception:               # an older server, a slow answer: batches as if one worker were online
        return 0


def online_workers(pool: str) -> int:
    """How many of ``pool``'s workers the server counts online now (a worker is online from its
    first poll, so one just started may not be yet): what a submitted batch is split by."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return _online_workers(client, pool)


def run_on_pool(claimed: list[tuple[Path, str]], doc_timeout: float | None, pool: str,
                home: Path) -> Iterator[Result]:
    """The claimed documents in runs on ``pool`` (:func:`batches`); yields (claimed path, name,
    outcome getter) for each document as its run ends. The getter raises
    :class:`TransientFailure` for a document that failed (retried and still failing) and
    :class:`WorkerLost` for one whose worker went away before it was read."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.states import Cancelled

    if not claimed:
        return
    deployment = ensure_deployment(pool)
    waiting, slack = env_number("CONGVAN_POOL_WAIT", QUEUE_WAIT_S), env_number("CONGVAN_POOL_SLACK", RUN_SLACK_S)
    most = int(env_number("CONGVAN_POOL_BATCH", BATCH, least=1, whole=True))
    limits = {"RUNNING": (doc_timeout or 900.0) + slack, "PENDING": slack}     # a document's
    runs: dict[UUID, _Run] = {}
    with get_client(sync_client=True) as client:
        for batch in batches(claimed, _online_workers(client, pool), most):
            made = client.create_flow_run_from_deployment(
                deployment, parameters={"claimed": [str(p) for p, _ in batch], "names": [n for _, n in batch],
                                        "doc_timeout": doc_timeout}, tags=["congvan"])
            # the sha256: to find each document in the ledger if its worker dies
            runs[made.id] = _Run([(p, n, sha256_of(p)) for p, n in batch], time.monotonic())
        try:
            while runs:
                found = client.read_flow_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(runs))))
                for flow_run_ in found:
                    run, state = runs[flow_run_.id], flow_run_.state
                    if state is None:
                        continue
                    lost = _lost(state, run.submitted, limits, waiting)
                    if lost is not None and state.type.value == "RUNNING":     # its outcomes looked at only now
                        lost = _lost(state, run.submitted, limits, waiting, run.progress(home, flow_run_.id))
                    if not state.is_final() and lost is None:
                        continue
                    del runs[flow_run_.id]
                    if lost is not None:
                        client.set_flow_run_state(flow_run_.id, Cancelled(message=lost), force=True)
                    for k, (path, name, sha) in enumerate(run.documents):
                        yield path, name, _getter(outcome_path(home, flow_run_.id, k), state, lost, sha)
                if runs:
                    time.sleep(POLL_S)
        finally:                        # stopped early (Ctrl-C, the server gone): no run left behind
            for run_id in runs:         # its files go back to the inbox with this process's claims
                with contextlib.suppress(Exception):
                    client.set_flow_run_state(run_id, Cancelled(message="its submitter stopped"), force=True)


def _lost(state: Any, submitted: float, limits: dict[str, float], waiting: float,
          progress: float | None = None) -> str | None:
    """Why a run that has not ended is given up (None: it is not). A worker took a Pending or
    Running run; its state's time is when it entered that state (a retry enters Running anew),
    and a Running run's clock starts again at each document it finishes (``progress``: the
    epoch time of its newest outcome)."""
    if state.is_final():
        return None
    limit = limits.get(state.type.value)
    if limit is not None and state.timestamp is not None:
        since = state.timestamp.timestamp()
        if progress is not None and state.type.value == "RUNNING":
            since = max(since, progress)
        if time.time() - since > limit:
            return f"its worker went away ({state.name.lower()} for over {limit:.0f} s)"
        return None
    if time.monotonic() - submitted > waiting:
        return f"no worker took it within {waiting:.0f} s (is `prefect worker start --pool …` running?)"
    return None


def _getter(out: Path, state: Any, lost: str | None, sha: str) -> Callable[[], Outcome]:
    """The document's outcome: the one its worker left at ``out`` whatever became of the run (a
    run that failed or was given up may have read some of its documents), else why there is none."""
    def outcome() -> Outcome:
        if out.is_file():
            return _read_outcome(out)
        if lost is not None:
            raise WorkerLost(lost, sha)
        if state.is_completed():
            return _read_outcome(out)               # its one clear error: the shared folder is not shared
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
    except orjson.JSONDecodeError:
        raise WorkflowError(f"the worker's outcome {out} is damaged (not written by congvan's worker?): look the "
                            "document up with `congvan show` before reading it again") from None
    out.unlink(missing_ok=True)
    return Outcome(**data)
