"""Elasticsearch down: records commit to the ledger, operations wait in the outbox, nothing is lost
or indexed twice; a rebuild swaps the alias without a gap."""

from __future__ import annotations

from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import ExitCode, IndexUnavailableError
from congvan.search.es_index import ElasticsearchIndex
from congvan.search.index import Query
from congvan.search.store import Store

from .conftest import CORPUS, es_client_or_skip


def test_es_down_keeps_everything_in_the_ledger_and_catches_up(tmp_path: Path) -> None:
    live = es_client_or_skip()
    config = Config(home=tmp_path, backend="elasticsearch")
    # a real client pointed at a port nothing listens on: what a stopped server looks like
    dead = ElasticsearchIndex(Elasticsearch("http://127.0.0.1:9", request_timeout=1, max_retries=0),
                              alias=live.alias)
    with Store(config, es=dead) as down:
        with pytest.raises(IndexUnavailableError) as info:
            down.add(CORPUS[:3])
        assert info.value.exit_code == ExitCode.index_unavailable
        assert "reindex --pending" in info.value.message
        assert down.ledger.count() == 3 and down.ledger.pending_count("elasticsearch") == 3
        with pytest.raises(IndexUnavailableError):
            down.add(CORPUS[3:5])                             # the next batch too; still nothing lost
        assert down.ledger.pending_count("elasticsearch") == 5
    try:
        with Store(config, es=live) as up:
            assert up.flush() == 5
            assert up.ledger.pending_count("elasticsearch") == 0
            up.add(CORPUS[:2])                                # indexed again under the same ids
            live.refresh()
            assert live.count() == 5
            assert up.index.search(Query(text="25/CT-UBND")).hits[0].number == "25/CT-UBND"
    finally:
        live.drop()


def test_rebuild_swaps_the_alias(tmp_path: Path) -> None:
    es = es_client_or_skip()
    try:
        with Store(Config(home=tmp_path, backend="elasticsearch"), es=es) as store:
            store.add(CORPUS)
            first = es._indices()
            assert store.reindex() == len(CORPUS)
            second = es._indices()
            assert first != second and len(second) == 1
            assert not es.es.indices.exists(index=first[0])
            assert es.count() == len(CORPUS)
    finally:
        es.drop()


def test_sqlite_reindex_rebuilds_from_the_ledger(tmp_path: Path) -> None:
    with Store(Config(home=tmp_path)) as store:
        store.add(CORPUS)
        store.ledger.conn.execute("DELETE FROM fts")                          # index lost, ledger intact
        assert store.index.count() == 0
        assert store.reindex() == len(CORPUS)
        assert store.index.search(Query(text="an toàn thông tin")).total == 2


@pytest.mark.parametrize("backend", ["sqlite", "elasticsearch"])
def test_delete_removes_from_ledger_and_index(tmp_path: Path, backend: str) -> None:
    es = es_client_or_skip() if backend == "elasticsearch" else None
    try:
        with Store(Config(home=tmp_path, backend=backend), es=es) as store:
            store.add(CORPUS)
            rid = CORPUS[0].source.sha256
            assert store.delete(rid)
            if es is not None:
                es.refresh()
            assert store.ledger.get(rid) is None and store.index.count() == len(CORPUS) - 1
            assert "25/CT-UBND" not in [h.number for h in store.index.search(Query(text="25/CT-UBND")).hits]
            assert not store.delete(rid)                      # twice: nothing there, no error
    finally:
        if es is not None:
            es.drop()


def test_documents_elasticsearch_refuses_are_an_error_not_a_hang(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The bulk sender runs on its own thread: a refused document (here a field the strict
    mapping does not know) still surfaces in the caller as IndexUnavailableError, after the
    whole batch was taken off the queue, and the records stay in the ledger's outbox."""
    import congvan.search.es_index as es_index

    es = es_client_or_skip()
    real = es_index._source
    monkeypatch.setattr(es_index, "_source", lambda doc, record: {**real(doc, record), "unknown_field": 1})
    try:
        with Store(Config(home=tmp_path, backend="elasticsearch"), es=es) as store:
            batch = [CORPUS[k % len(CORPUS)] for k in range(3)]
            with pytest.raises(IndexUnavailableError) as info:
                store.add(batch)
            assert "refused" in info.value.message or "did not take" in info.value.message
            assert store.ledger.pending_count("elasticsearch") == len(batch)
    finally:
        es.drop()


def test_an_index_made_before_the_desk_is_refused_until_rebuilt(tmp_path: Path) -> None:
    """An Elasticsearch index whose mapping predates who-may-see (no ``open``/``access``) would
    hide records from clerks or take none: it is refused with one line naming the fix; writes wait
    in the outbox; `reindex` rebuilds it and everything is there."""
    from congvan.pipeline.core.errors import IndexOutdatedError
    from congvan.search.es_index import MAPPING

    es = es_client_or_skip()
    old = {k: v for k, v in MAPPING.items() if k != "_meta"}
    old["properties"] = {k: v for k, v in MAPPING["properties"].items() if k not in ("open", "access")}
    es.es.indices.create(index=f"{es.alias}-v1", mappings=old, aliases={es.alias: {}})
    try:
        store = Store(Config(home=tmp_path, backend="elasticsearch"), es=es)
        with pytest.raises(IndexOutdatedError, match="reindex --backend elasticsearch") as err:
            store.add(CORPUS)
        assert err.value.exit_code == ExitCode.index_unavailable
        assert store.ledger.count() == len(CORPUS) and store.ledger.pending_count("elasticsearch") == len(CORPUS)
        with pytest.raises(IndexOutdatedError):
            es.search(Query(text="an toàn"))
        assert store.reindex() == len(CORPUS)
        es.refresh()
        assert es.search(Query(text="7/TB-BTC")).total == 1 and store.ledger.pending_count("elasticsearch") == 0
        store.close()
    finally:
        es.drop()
