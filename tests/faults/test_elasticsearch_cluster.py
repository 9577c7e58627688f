"""A two-node Elasticsearch cluster on 127.0.0.1 (issue 23): two nodes of the test distribution
on their own ports (``scripts/elasticsearch`` with CONGVAN_ES_CLUSTER / CONGVAN_ES_JOIN), an
index with two shards and a replica of each, the client given both nodes. Nodes are killed
(``kill -9``) while documents are committed: first the data node (the cluster goes on), then the
master (no write is taken until it is back). Every commit reaches the ledger; what the cluster did
not take waits in the outbox; once the nodes are back, the retries leave the index in exact
agreement with the ledger, every record once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import IndexUnavailableError
from congvan.search.es_index import ElasticsearchIndex, client_from_env
from congvan.search.store import Store
from tests.search.conftest import make_record

ROOT = Path(__file__).resolve().parents[2]
MASTER, DATA = "9360", "9361"          # the suite's node is on 9250, the single-node fault test's on 9350
NODES = f"http://127.0.0.1:{MASTER},http://127.0.0.1:{DATA}"
BATCHES, PER_BATCH = 16, 25
KILL_DATA_AT, KILL_MASTER_AT = 4, 10


def _cache() -> Path:
    return Path(os.environ.get("CONGVAN_ES_CACHE") or Path(os.environ.get("XDG_CACHE_HOME")
                                                            or Path.home() / ".cache") / "congvan" / "elasticsearch")


def _es(command: str, port: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ROOT / "scripts" / "elasticsearch"), command], capture_output=True, text=True,
                          env={**os.environ, "CONGVAN_ES_PORT": port, **extra}, timeout=300)


def _start(port: str) -> None:
    extra = {"CONGVAN_ES_CLUSTER": "1"} if port == MASTER else {"CONGVAN_ES_JOIN": MASTER}
    started = _es("start", port, **extra)
    assert started.returncode == 0, started.stderr


def _health(query: str) -> dict[str, object]:
    with urllib.request.urlopen(f"http://127.0.0.1:{MASTER}/_cluster/health?{query}", timeout=90) as answer:
        out: dict[str, object] = json.load(answer)
        return out


def _kill(port: str) -> None:
    os.kill(int((_cache() / f"run-{port}" / "es.pid").read_text().strip()), signal.SIGKILL)


@pytest.fixture
def cluster() -> Iterator[None]:
    if not os.environ.get("CONGVAN_ES_URL"):
        if os.environ.get("CONGVAN_REQUIRE_ES") == "1":
            pytest.fail("Elasticsearch required (CONGVAN_REQUIRE_ES=1) but CONGVAN_ES_URL is not set")
        pytest.skip("no Elasticsearch for the tests (make test starts one with scripts/elasticsearch)")
    for port in (MASTER, DATA):
        shutil.rmtree(_cache() / f"run-{port}", ignore_errors=True)     # a cluster of its own, made anew
    try:
        _start(MASTER)
        _start(DATA)
        assert _health("wait_for_nodes=2&timeout=60s")["number_of_nodes"] == 2
        yield
    finally:
        for port in (DATA, MASTER):
            _es("stop", port)


def test_nodes_killed_while_indexing_the_outbox_brings_the_index_back_to_the_ledger(
        cluster: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONGVAN_ES_SHARDS", "2")
    monkeypatch.setenv("CONGVAN_ES_REPLICAS", "1")
    es = ElasticsearchIndex(client_from_env(NODES, timeout=5), alias=f"congvan-cluster-{uuid.uuid4().hex[:8]}")
    store = Store(Config(home=tmp_path, backend="elasticsearch"), es=es)
    es.ensure()
    assert _health("wait_for_status=green&timeout=60s")["status"] == "green"      # each shard on both nodes
    refused = 0
    for b in range(BATCHES):
        if b == KILL_DATA_AT:
            _kill(DATA)
        if b == KILL_MASTER_AT:
            _kill(MASTER)
        batch = [make_record(f"cluster-{b}-{k}", f"{b * PER_BATCH + k + 1}/UBND-VP", "Công văn",
                             "Ủy ban nhân dân tỉnh Hải Dương", "2026-11-02", f"Văn bản thử số {b}-{k}",
                             "Nội dung.") for k in range(PER_BATCH)]
        try:
            store.add(batch)
        except IndexUnavailableError:
            refused += 1                              # committed to the ledger; its operations wait
    assert store.ledger.count() == BATCHES * PER_BATCH
    assert refused > 0 and store.ledger.pending_count("elasticsearch") > 0   # the master's loss was felt
    _start(MASTER)
    _start(DATA)
    _health("wait_for_nodes=2&wait_for_status=green&timeout=90s")
    deadline = time.time() + 120
    while store.ledger.pending_count("elasticsearch"):                     # the retries
        try:
            store.flush()
        except IndexUnavailableError:
            assert time.time() < deadline, "the outbox never emptied"
            time.sleep(2)
    es.refresh()
    found = es.es.search(index=es.alias, size=BATCHES * PER_BATCH + 10, source=False, query={"match_all": {}})
    indexed = [h["_id"] for h in found["hits"]["hits"]]
    held = [str(r[0]) for r in store.ledger.conn.execute("SELECT id FROM records")]
    assert sorted(indexed) == sorted(held) and len(indexed) == BATCHES * PER_BATCH     # each once, none missing
    es.drop()
    store.close()
