"""The fault suite (issue 21): Elasticsearch killed (``kill -9``) in the middle of an ingest's
batch. A node of its own is started for the test (``scripts/elasticsearch`` on another port, so
the suite's shared node is not touched), killed once the batch's first flush has reached it, and
started again. The batch completes into the ledger, the operations it could not apply wait in
the outbox, the clerk is told in one line, and ``congvan reindex --pending`` catches up: every
document in the index once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import sample
from tests.flows.test_ingest import CONGVAN, TEXT_PDFS, env

pytestmark = pytest.mark.tesseract
ROOT = Path(__file__).resolve().parents[2]
PORT = "9350"                       # the suite's node is on 9250
URL = f"http://127.0.0.1:{PORT}"
DOCUMENTS = 60                      # the flow flushes every 25: the kill lands between two flushes


def _es(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ROOT / "scripts" / "elasticsearch"), command], capture_output=True, text=True,
                          env={**os.environ, "CONGVAN_ES_PORT": PORT}, timeout=300)


def _pid() -> int:
    cache = os.environ.get("CONGVAN_ES_CACHE") or str(Path(os.environ.get("XDG_CACHE_HOME")
                                                           or Path.home() / ".cache") / "congvan" / "elasticsearch")
    return int((Path(cache) / f"run-{PORT}" / "es.pid").read_text().strip())


@pytest.fixture
def node() -> Iterator[None]:
    if not os.environ.get("CONGVAN_ES_URL"):
        if os.environ.get("CONGVAN_REQUIRE_ES") == "1":
            pytest.fail("Elasticsearch required (CONGVAN_REQUIRE_ES=1) but CONGVAN_ES_URL is not set")
        pytest.skip("no Elasticsearch for the tests (make test starts one with scripts/elasticsearch)")
    started = _es("start")
    assert started.returncode == 0, started.stderr
    try:
        yield
    finally:
        _es("stop")


def _count(alias: str) -> int:
    try:
        with urllib.request.urlopen(f"{URL}/{alias}/_count", timeout=5) as answer:
            return int(json.load(answer)["count"])
    except OSError:
        return 0


def _distinct_pdfs(inbox: Path, n: int) -> None:
    """``n`` born-digital letters, each a file of its own (bytes after %%EOF make each sha256 differ)."""
    inbox.mkdir(parents=True)
    for k in range(n):
        pdf = sample(TEXT_PDFS[k % len(TEXT_PDFS)]).read_bytes()
        (inbox / f"letter-{k:03d}.pdf").write_bytes(pdf + f"\n% copy {k}\n".encode())


def test_elasticsearch_killed_mid_batch_then_back_the_outbox_catches_up(tmp_path: Path, node: None) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    _distinct_pdfs(inbox, DOCUMENTS)
    alias = f"congvan-kill-{uuid.uuid4().hex[:8]}"
    es_env = env(home, CONGVAN_BACKEND="elasticsearch", CONGVAN_ES_URL=URL, CONGVAN_ES_ALIAS=alias)
    proc = subprocess.Popen([*CONGVAN, "ingest", str(inbox), "--jobs", "1"], env=es_env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 600
    while _count(alias) == 0 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.3)
    before = _count(alias)
    assert 0 < before < DOCUMENTS, f"the first flush was not seen mid-batch ({before})"
    os.kill(_pid(), signal.SIGKILL)                              # Elasticsearch dies in the middle
    out, err = proc.communicate(timeout=900)
    assert "Traceback" not in out + err, out + err
    assert proc.returncode == 11, out + err
    assert f"{DOCUMENTS} registered" in out
    assert "did not take" in err and "reindex --pending" in err and len(err.strip().splitlines()) == 1, err
    db = sqlite3.connect(home / "ledger.sqlite")
    try:
        assert db.execute("SELECT count(*) FROM register").fetchone()[0] == DOCUMENTS
        waiting = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
        assert 0 < waiting <= DOCUMENTS - before

        assert _es("start").returncode == 0                     # back
        up = subprocess.run([*CONGVAN, "reindex", "--pending"], capture_output=True, text=True, timeout=300,
                            env=es_env)
        assert up.returncode == 0 and f"applied {waiting} pending operations" in up.stdout, up.stdout + up.stderr
        assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    finally:
        db.close()
    urllib.request.urlopen(urllib.request.Request(f"{URL}/{alias}/_refresh", method="POST"), timeout=30).close()
    assert _count(alias) == DOCUMENTS                            # each once
