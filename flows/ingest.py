"""The ``congvan-ingest`` Prefect flow: a thin shell over :mod:`pipeline.ingest`.

One task per document, on a thread pool as wide as the OCR workers (one per core by default):
each task reads its document with one Tesseract process at a time (``OMP_THREAD_LIMIT=1``), so
there are never more Tesseract threads than workers. Transient failures (an OCR engine that
died or timed out) are retried once; bad files are not retried but quarantined with their
reason. Index operations go through the ledger's outbox and are flushed in batches. Each run
leaves two artifacts: a table of the documents and a markdown summary.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from congvan.flows.pool import Result, TransientFailure, WorkerLost, pool_name, run_on_pool
from congvan.flows.prefect_api import ensure_api
from congvan.ocr.engine import OcrOptions
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import IndexUnavailableError, LedgerWriteError, WorkflowError
from congvan.pipeline.core.records import Record
from congvan.pipeline.ingest import (
    Outcome,
    claim,
    discover,
    display_name,
    ingest_file,
    quarantine,
    recover,
    release,
    worker_id,
)
from congvan.search.store import Store

FLUSH_EVERY = 25
# set by the CLI for its progress bar; called in the flow's thread after each document
on_progress: Callable[[Outcome], None] | None = None


def _retry_transient(task: Any, task_run: Any, state: Any) -> bool:
    return isinstance(state.result(raise_on_failure=False), TransientFailure)


@task(name="document", retries=1, retry_delay_seconds=2, retry_condition_fn=_retry_transient)
def document(claimed: str, name: str, doc_timeout: float | None) -> Outcome:
    config = Config.from_env()
    with Store(config) as store:
        outcome = ingest_file(Path(claimed), name, store, config, OcrOptions(jobs=1), doc_timeout)
        if outcome.status == "failed" and outcome.transient:
            raise TransientFailure(outcome.error or "transient failure")
        if outcome.status == "failed" and not outcome.stays:
            outcome = quarantine(Path(claimed), outcome, store, config)
    get_run_logger().info("%s: %s", name, outcome.filing_pending or outcome.status if not outcome.error
                          else f"failed: {outcome.error}")
    return outcome


def _row(o: Outcome, record: Record | None) -> dict[str, Any]:
    doc = record.document if record else None
    return {"file": o.file, "number": doc.number if doc else None, "type": doc.type if doc else None,
            "issuer": doc.issuer if doc else None,
            "arrival": f"{o.arrival_number}/{o.year}" if o.arrival_number else None,
            "unit": record.unit if record else None,
            "status": (o.filing_pending or o.status) if not o.error else f"failed: {o.error}"}


def _runner(workers: int) -> Any:                 # Prefect types its runners more narrowly than it accepts
    return ThreadPoolTaskRunner(max_workers=workers)


@flow(name="congvan-ingest", log_prints=False, task_runner=_runner(os.cpu_count() or 1))
def ingest(inbox: str, doc_timeout: float | None = 900.0, settle_seconds: float = 0.0,
           pool: str | None = None) -> list[Outcome]:
    """Register, index and file every supported document in ``inbox``. The width of the task
    runner is the number of OCR workers (see :func:`run_ingest`); with a work ``pool`` (or
    CONGVAN_WORK_POOL), the documents go to the pool's workers instead, in batches (:mod:`flows.pool`)."""
    logger = get_run_logger()
    root = Path(inbox).resolve()
    config = Config.from_env()
    config.office()                                      # a bad units file stops the run here
    back = recover(root)
    if back:
        logger.warning("%d file(s) left by an interrupted run went back to the inbox", len(back))
    me = worker_id()
    found = discover(root, settle_seconds)
    claimed = [(c, display_name(str(p.relative_to(root)))) for p in found for c in [claim(p, root, me)]
               if c is not None]
    logger.info("%d document(s) to read", len(claimed))
    try:
        return _read_all(claimed, doc_timeout, config, logger, pool_name(pool))
    finally:                                             # whatever happened, nothing stays claimed
        release(root, me)


def _here(claimed: list[tuple[Path, str]], doc_timeout: float | None) -> Iterator[Result]:
    """The documents read by this process's task runner, as each ends."""
    futures = {document.submit(str(c), n, doc_timeout): (c, n) for c, n in claimed}
    for fut in as_completed(list(futures)):
        c, name = futures[fut]
        yield c, name, fut.result


def _read_all(claimed: list[tuple[Path, str]], doc_timeout: float | None, config: Config,
              logger: Any, pool: str | None = None) -> list[Outcome]:
    start = time.perf_counter()
    outcomes: list[Outcome] = []
    with Store(config) as store:
        results = run_on_pool(claimed, doc_timeout, pool, Path(config.home)) if pool else _here(claimed, doc_timeout)
        for c, name, result in results:
            try:
                outcome = result()
            except WorkerLost as exc:
                outcome = _settled(store, c, name, exc)
            except TransientFailure as exc:              # retried and still failing
                outcome = quarantine(c, Outcome(name, "failed", error=str(exc)), store, config)
            except LedgerWriteError as exc:              # the office's disk, not the document: it stays
                outcome = Outcome(name, "failed", error=f"{exc.message}; it stays in the inbox", stays=True)
            except Exception as exc:                     # the flow's boundary: one crashed task never stops the batch
                logger.error("%s: the task crashed: %s: %s", name, type(exc).__name__, exc)
                failed = Outcome(name, "failed", error=f"internal error ({type(exc).__name__}: {exc})")
                outcome = quarantine(c, failed, store, config) if c.exists() else failed
            outcomes.append(outcome)
            if on_progress is not None:
                on_progress(outcome)
            if len(outcomes) % FLUSH_EVERY == 0:
                _flush(store, logger)
        pending = _flush(store, logger)
        rows = [_row(o, _record(store, o)) for o in outcomes]
    seconds = time.perf_counter() - start
    _artifacts(rows, outcomes, seconds, pending)
    return outcomes


def run_ingest(inbox: Path, jobs: int = 0, doc_timeout: float | None = 900.0,
               settle_seconds: float = 0.0, pool: str | None = None) -> list[Outcome]:
    """Run the flow with ``jobs`` OCR workers (0: one per core), or on a work ``pool``'s workers."""
    workers = jobs if jobs > 0 else max(1, os.cpu_count() or 1)
    ensure_api()
    if pool_name(pool):
        from prefect.settings import PREFECT_API_URL

        if not PREFECT_API_URL.value():
            raise WorkflowError("a work pool needs the office's Prefect server: set PREFECT_API_URL (its workers "
                                "and this process talk through it)")
    sized = ingest.with_options(task_runner=_runner(workers))
    return sized(str(inbox), doc_timeout, settle_seconds, pool)


def _settled(store: Store, claimed: Path, name: str, lost: WorkerLost) -> Outcome:
    """A document whose worker died without an outcome: still claimed, it goes back to the inbox
    (the claim is this process's, :func:`release`); filed, the ledger says how; else (moved to
    quarantine, or away) it is reported as lost with the reason."""
    if claimed.exists():
        return Outcome(name, "failed", error=f"{lost}; it went back to the inbox", stays=True)
    registered = store.ledger.registered(lost.sha256) if lost.sha256 else None
    if registered is not None:
        year, seq, clash = registered
        return Outcome(name, "registered", record_id=lost.sha256, arrival_number=seq, year=year, clash=clash)
    return Outcome(name, "failed", error=f"{lost}; see quarantine/ for it", stays=True)


def _record(store: Store, o: Outcome) -> Record | None:
    return store.ledger.get(o.record_id) if o.record_id and o.status != "failed" else None


def _flush(store: Store, logger: Any) -> int:
    """Apply the outbox; returns how many operations remain pending."""
    try:
        store.flush()
    except IndexUnavailableError as exc:
        logger.warning("%s", exc.message)
    return store.ledger.pending_count("elasticsearch") if store.es is not None else 0


def _artifacts(rows: list[dict[str, Any]], outcomes: list[Outcome], seconds: float, pending: int) -> None:
    done = [o for o in outcomes if o.status == "registered"]
    failed = [o for o in outcomes if o.status == "failed"]
    pages = sum(o.pages for o in done)
    create_table_artifact(table=rows, key="congvan-ingest-documents", description="Documents of this run")
    lines = [f"# congvan ingest: {len(outcomes)} document(s)", "",
             f"- registered: {len(done)} ({pages} pages, {pages / seconds * 60 if seconds else 0:.1f} pages/min)",
             f"- already in the ledger: {sum(o.status == 'duplicate' for o in outcomes)}",
             f"- failed (quarantined): {len(failed)}",
             f"- số đến that differ from the stamp's printed number: {sum(o.clash for o in done)}",
             f"- index operations still pending: {pending}"]
    lines += [f"  - `{o.file}`: {o.error}" for o in failed]
    create_markdown_artifact(markdown="\n".join(lines), key="congvan-ingest-summary",
                             description="Summary of this run")
