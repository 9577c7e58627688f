"""OCR fan-out on a Prefect work pool (issue 23), for real: `congvan prefect-server`, two
process workers (`prefect worker start --pool …`, standing in for two machines), one ledger on
PostgreSQL, Elasticsearch for search. The documents go out in batches, a run each; each is
registered once with a gap-free số đến whichever worker read it; a worker killed in the middle of
a batch loses nothing: the document it had read is registered, the one it was reading goes back
to the inbox and the next pass registers it once."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from congvan.search.es_index import ElasticsearchIndex
from tests.conftest import postgres_schema, sample
from tests.faults.test_watch_service import Service, wait_for
from tests.flows.test_ingest import CONGVAN, env, filed
from tests.search.conftest import es_client_or_skip

pytestmark = pytest.mark.tesseract
PREFECT = [sys.executable, "-m", "prefect"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Worker:
    """`prefect worker start` in a session of its own (killed with its flow-run processes)."""

    def __init__(self, pool: str, name: str, environ: dict[str, str], logs: Path) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self.log = logs / f"{name}.log"
        loud = {k: "INFO" for k in ("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL",      # its runs' lines in its log
                                    "PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL")}
        with self.log.open("w") as out:
            self.proc = subprocess.Popen([*PREFECT, "worker", "start", "--pool", pool, "--type", "process",
                                          "--limit", "1", "--name", name], env={**environ, **loud}, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True, cwd=logs)

    def took(self) -> int:
        return self.log.read_text(errors="replace").count("Beginning flow run")

    def kill(self) -> None:
        """As if its machine died: the worker and every process it started (a flow run's process
        may be in a session of its own), at once."""
        if self.proc.poll() is None:
            for pid in [*_descendants(self.proc.pid), self.proc.pid]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.proc.wait()


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


@pytest.fixture
def deployment(request: pytest.FixtureRequest,
               tmp_path: Path) -> Iterator[tuple[dict[str, str], list[Worker], Callable[[], None]]]:
    """The office's services: Prefect's server, two workers (or as many as the test's parameter
    says), a PostgreSQL ledger, Elasticsearch."""
    count: int = getattr(request, "param", 2)
    es = es_client_or_skip()
    es = ElasticsearchIndex(es.es, alias=f"congvan-pool-{uuid.uuid4().hex[:8]}")     # the one the services use
    port = _port()
    with postgres_schema() as url:
        environ = env(tmp_path / "home", CONGVAN_BACKEND="elasticsearch", CONGVAN_DATABASE_URL=url,
                      CONGVAN_ES_ALIAS=es.alias, PREFECT_HOME=str(tmp_path / "prefect"),
                      PREFECT_API_URL=f"http://127.0.0.1:{port}/api", PREFECT_WORKER_QUERY_SECONDS="2",
                      PREFECT_WORKER_PREFETCH_SECONDS="0", CONGVAN_WORK_POOL="congvan-ocr")
        server = Service(["prefect-server", "--port", str(port)], environ, tmp_path / "server")
        workers: list[Worker] = []
        try:
            wait_for(lambda: "is up" in server.said(), 300, "Prefect's server", server)
            workers += [Worker("congvan-ocr", f"w{k}", environ, tmp_path / "workers") for k in range(1, count + 1)]
            wait_for(lambda: _online(environ) == count, 120, "the workers online", server)
            yield environ, workers, server.stop
        finally:
            for w in workers:
                w.kill()
            server.stop()
            es.drop()


def _online(environ: dict[str, str]) -> int:
    """The pool's online workers as the server counts them (a batch is split by that count, so a
    worker that has not polled yet would be given nothing)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from congvan.flows.pool import online_workers

    with temporary_settings(updates={PREFECT_API_URL: environ["PREFECT_API_URL"]}):
        return online_workers(environ["CONGVAN_WORK_POOL"])


def _ingest(inbox: Path, environ: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONGVAN, "ingest", str(inbox), *extra], capture_output=True, text=True, timeout=900,
                          env=environ)


def _register(url: str) -> list[tuple[int, int, str]]:
    with psycopg.connect(url) as conn:
        return [(int(y), int(s), str(r)) for y, s, r in conn.execute(
            "SELECT year, seq, record_id FROM register ORDER BY year, seq").fetchall()]


def test_two_workers_read_the_inbox_each_document_once(
        tmp_path: Path, deployment: tuple[dict[str, str], list[Worker], Callable[[], None]]) -> None:
    environ, workers, _ = deployment
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = ["cv031.pdf", "cv032.pdf", "cv033.pdf", "cv034.pdf", "cv011.png", "cv016.png"]
    for name in names:
        (inbox / name).write_bytes(sample(name).read_bytes())
    done = _ingest(inbox, environ)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert f"{len(names)} registered" in done.stdout
    rows = _register(environ["CONGVAN_DATABASE_URL"])
    assert len(rows) == len(names) and len({r[2] for r in rows}) == len(names)
    for year in {r[0] for r in rows}:                                 # gap-free in each year
        assert [s for y, s, _ in rows if y == year] == list(range(1, 1 + sum(r[0] == year for r in rows)))
    assert all(w.took() >= 1 for w in workers), [w.took() for w in workers]      # both machines worked
    assert sorted(filed(Path(environ["CONGVAN_HOME"])).values()) == sorted(names)
    assert not any(p.is_file() for p in inbox.rglob("*"))
    assert not list((Path(environ["CONGVAN_HOME"]) / "pool").glob("*.json"))     # every outcome collected


def _long_scan(path: Path, pages: int = 4) -> None:
    """A scan of several pages (the same sample page), so that its reading takes a while."""
    from PIL import Image

    page = Image.open(sample("cv011.png")).convert("L")
    page.save(path, save_all=True, append_images=[page.copy() for _ in range(pages - 1)], compression="tiff_lzw")


@pytest.mark.parametrize("deployment", [1], indirect=True)     # one worker: the killed one takes the batch
def test_a_worker_killed_mid_batch_loses_nothing(
        tmp_path: Path, deployment: tuple[dict[str, str], list[Worker], Callable[[], None]]) -> None:
    environ, workers, _ = deployment
    environ = {**environ, "CONGVAN_POOL_SLACK": "30"}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-mot-trang.png").write_bytes(sample("cv016.png").read_bytes())     # read first: claims are in order
    _long_scan(inbox / "bon-trang.tif")
    first = subprocess.Popen([*CONGVAN, "ingest", str(inbox), "--timeout", "60"], env=environ, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    victim = workers[0]
    wait_for(lambda: "a-mot-trang.png: registered" in victim.log.read_text(errors="replace"), 300,
             "the worker reading the batch's first document")
    assert victim.took() == 1                                         # both documents in one run
    victim.kill()                                                     # the machine dies in the middle of the second
    out, err = first.communicate(timeout=600)
    assert "Traceback" not in out + err, out + err
    assert "went back to the inbox" in out + err, out + err
    assert (inbox / "bon-trang.tif").is_file()                       # back where the clerk left it
    assert not (inbox / "a-mot-trang.png").exists()                  # read before the kill: kept
    rows = _register(environ["CONGVAN_DATABASE_URL"])
    assert len(rows) == 1 and rows[0][1] == 1                        # the dead worker's one finished document
    assert not (inbox / ".congvan-work").exists()                    # no claim left behind
    workers.append(Worker("congvan-ocr", "w3", environ, tmp_path / "workers"))     # another machine
    again = _ingest(inbox, environ, "--timeout", "300")
    assert again.returncode == 0, again.stdout + again.stderr
    rows = _register(environ["CONGVAN_DATABASE_URL"])
    assert len(rows) == 2 and len({r[2] for r in rows}) == 2         # each registered once
    for year in {r[0] for r in rows}:                                 # gap-free in each year
        assert [s for y, s, _ in rows if y == year] == list(range(1, 1 + sum(r[0] == year for r in rows)))
    assert sorted(filed(Path(environ["CONGVAN_HOME"])).values()) == ["a-mot-trang.png", "bon-trang.tif"]
    assert not (inbox / "bon-trang.tif").exists()
    assert not list((Path(environ["CONGVAN_HOME"]) / "pool").glob("*.json"))


def test_batches_give_every_worker_a_run() -> None:
    from congvan.flows.pool import batches

    docs = [(Path(f"d{k}.pdf"), f"d{k}.pdf") for k in range(7)]
    assert [len(b) for b in batches(docs, 2, 8)] == [4, 3]           # one run for each online worker
    assert [len(b) for b in batches(docs, 1, 3)] == [3, 3, 1]        # at most CONGVAN_POOL_BATCH a run
    assert [len(b) for b in batches(docs, 0, 8)] == [7]              # no worker online yet: as if one
    assert [len(b) for b in batches(docs, 20, 8)] == [1] * 7
    assert [d for b in batches(docs, 3, 8) for d in b] == docs       # in the order they were claimed
    assert batches([], 2, 8) == []


def test_when_a_run_is_given_up() -> None:
    """A taken run (Pending, Running) is given up once in that state longer than its limit; one no
    worker took, once it waited longer than CONGVAN_POOL_WAIT; an ended one never."""
    from datetime import UTC, datetime, timedelta

    from prefect.states import Completed, Pending, Running, Scheduled

    from congvan.flows.pool import _lost

    limits = {"RUNNING": 120.0, "PENDING": 60.0}

    def aged(state: Any, seconds: float) -> Any:
        state.timestamp = datetime.now(UTC) - timedelta(seconds=seconds)
        return state

    now = time.monotonic()
    assert _lost(aged(Running(), 100), now, limits, 3600) is None
    assert "went away" in (_lost(aged(Running(), 130), now, limits, 3600) or "")
    assert _lost(aged(Pending(), 30), now, limits, 3600) is None
    assert "went away" in (_lost(aged(Pending(), 61), now, limits, 3600) or "")
    assert _lost(Scheduled(), now - 100, limits, 3600) is None
    assert "no worker took it" in (_lost(Scheduled(), now - 3601, limits, 3600) or "")
    assert _lost(aged(Completed(), 10_000), now - 10_000, limits, 3600) is None
