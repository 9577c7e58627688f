"""The ingest part of bench/scale.py: the same scans read here and on a Prefect work pool.

Four runs of `congvan ingest` on the same files, each into a fresh ledger (a PostgreSQL schema of
its own) and a fresh CONGVAN_HOME, one Prefect server (`congvan prefect-server`) for all four:
  - here, 1 OCR worker (`--jobs 1`) and 2 (`--jobs 2`): the flow's thread pool in one process;
  - on the work pool with 1 and with 2 process workers (`prefect worker start --limit 1` each,
    started before the run, each flow run a process of its own).
pages/min is what `congvan ingest` reports (pages registered / wall time of the run).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg

PG_URL = os.environ.get("CONGVAN_TEST_DATABASE_URL", "postgresql://congvan@127.0.0.1:5450/congvan")
SCANS = ("*.png", "*.jpg", "*.tif")
CONGVAN = [sys.executable, "-m", "congvan"]
PREFECT = [sys.executable, "-m", "prefect"]
QUIET = {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
         "PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL": "CRITICAL", "PREFECT_WORKER_QUERY_SECONDS": "2",
         "PREFECT_WORKER_PREFETCH_SECONDS": "0", "OMP_THREAD_LIMIT": "1"}


def corpus(samples: Path, copies: int, into: Path) -> int:
    """The samples' scans, ``copies`` times, each copy a distinct file (bytes after the image's end)."""
    into.mkdir(parents=True)
    n = 0
    for pattern in SCANS:
        for scan in sorted(samples.glob(pattern)):
            for k in range(copies):
                (into / f"{scan.stem}-{k}{scan.suffix}").write_bytes(scan.read_bytes() + f"copy {k}".encode())
                n += 1
    return n


@contextlib.contextmanager
def schema() -> Iterator[str]:
    """A URL of a fresh schema of the bench's own on the PostgreSQL server, dropped afterwards."""
    name = f"scale_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _up(url: str, seconds: float = 300) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url + "/health", timeout=2) as answer:
            if answer.status == 200:
                return
        time.sleep(1)
    raise RuntimeError(f"Prefect's server did not answer at {url}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _wait_online(api: str, pool: str, workers: int, seconds: float = 120.0) -> None:
    """Until the server counts ``workers`` of ``pool``'s workers online: a batch is split by that
    count, so a worker that has not polled yet would be given nothing and the figure would be
    one worker's."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from congvan.flows.pool import online_workers

    deadline = time.monotonic() + seconds
    with temporary_settings(updates={PREFECT_API_URL: api}):
        while online_workers(pool) < workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{workers} workers of {pool} not online within {seconds:.0f} s")
            time.sleep(0.5)


def one_run(work: Path, files: Path, base: dict[str, str], jobs: int, workers: int) -> tuple[int, float]:
    """(pages, seconds) of one `congvan ingest` of ``files``: here with ``jobs`` OCR workers, or on
    a work pool of ``workers`` process workers when ``workers`` > 0."""
    run = work / f"run-{uuid.uuid4().hex[:6]}"
    shutil.copytree(files, run / "inbox")
    with schema() as url:
        environ = {**base, "CONGVAN_HOME": str(run / "home"), "CONGVAN_DATABASE_URL": url,
                   "CONGVAN_ES_ALIAS": f"congvan-scale-{uuid.uuid4().hex[:6]}"}
        pool = f"bench-{uuid.uuid4().hex[:6]}" if workers else None
        procs: list[subprocess.Popen[bytes]] = []
        try:
            if pool:
                procs = [subprocess.Popen([*PREFECT, "worker", "start", "--pool", pool, "--type", "process",
                                           "--limit", "1", "--name", f"{pool}-{k}"], env=environ,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                          start_new_session=True, cwd=run) for k in range(workers)]
                _wait_online(environ["PREFECT_API_URL"], pool, workers)
            args = [*CONGVAN, "ingest", str(run / "inbox"), *(["--pool", pool] if pool else ["--jobs", str(jobs)])]
            done = subprocess.run(args, env=environ, capture_output=True, text=True, timeout=7200)
        finally:
            for proc in procs:
                _stop(proc)
        found = re.search(r"(\d+) pages in (\d+) s", done.stdout)
        if done.returncode != 0 or found is None:
            raise RuntimeError(f"the ingest failed ({done.returncode}): {done.stdout[-1500:]} {done.stderr[-1500:]}")
        urllib.request.urlopen(urllib.request.Request(
            f"{base['CONGVAN_ES_URL'].split(',')[0]}/{environ['CONGVAN_ES_ALIAS']}-v*", method="DELETE"),
            timeout=60).close()
    shutil.rmtree(run, ignore_errors=True)
    return int(found.group(1)), float(found.group(2))


def ingest_bench(samples: Path, copies: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="congvan-scale-ingest-") as tmp:
        work = Path(tmp)
        docs = corpus(samples, copies, work / "files")
        port = _port()
        api = f"http://127.0.0.1:{port}/api"
        base = {**os.environ, **QUIET, "CONGVAN_BACKEND": "elasticsearch", "PREFECT_API_URL": api,
                "PREFECT_HOME": str(work / "prefect"),
                "CONGVAN_ES_URL": os.environ.get("CONGVAN_ES_URL", "http://127.0.0.1:9250")}
        server = subprocess.Popen([*CONGVAN, "prefect-server", "--port", str(port)], env=base,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            _up(api)
            runs = {"here, 1 worker": one_run(work, work / "files", base, 1, 0),
                    "here, 2 workers": one_run(work, work / "files", base, 2, 0),
                    "pool, 1 worker": one_run(work, work / "files", base, 0, 1),
                    "pool, 2 workers": one_run(work, work / "files", base, 0, 2)}
        finally:
            _stop(server)
    out: dict[str, dict[str, float]] = {}
    for where in ("here", "pool"):
        (p1, s1), (p2, s2) = runs[f"{where}, 1 worker"], runs[f"{where}, 2 workers"]
        rate1, rate2 = p1 / s1 * 60, p2 / s2 * 60
        out[where] = {"documents": float(docs), "pages": float(p1), "pages_per_min_1_worker": rate1,
                      "pages_per_min_2_workers": rate2, "ratio_2_to_1": rate2 / rate1,
                      "per_worker_efficiency": rate2 / rate1 / 2,
                      "seconds_1_worker": s1, "seconds_2_workers": s2}
    for key in ("1", "2"):
        extra = runs[f"pool, {key} worker{'s' if key == '2' else ''}"][1] - runs[
            f"here, {key} worker{'s' if key == '2' else ''}"][1]
        out["pool"][f"overhead_s_per_document_{key}_worker{'s' if key == '2' else ''}"] = extra / docs
        out["here"][f"overhead_s_per_document_{key}_worker{'s' if key == '2' else ''}"] = 0.0
    return out
