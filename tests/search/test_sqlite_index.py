"""What is particular to the embedded backend: bounded ranking, tags for filters, one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

import congvan.search.sqlite_index as sqlite_index
from congvan.pipeline.core.config import Config
from congvan.search.index import Query
from congvan.search.sqlite_index import _months, tag
from congvan.search.store import Store

from .conftest import CORPUS


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(Config(home=tmp_path))
    s.add(CORPUS)
    return s


def test_small_results_are_exact(store: Store) -> None:
    result = store.index.search(Query(text="ban"))
    assert result.exact and result.total == 6


def test_large_results_say_they_are_a_lower_bound(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_index, "CANDIDATES", 3)
    result = store.index.search(Query(text="ban"))
    assert not result.exact and result.total == 3 and len(result.hits) == 3
    assert sum(n for _, n in result.facets["type"]) == 3        # facets count the ranked candidates
    assert store.index.search(Query(type="Công văn")).exact     # filters alone stay exact


def test_browsing_a_large_set_keeps_its_total_and_counts_recent_facets(store: Store,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    everything = store.index.search(Query(date_from="1990-01-01"))
    assert everything.exact and everything.total == sum(1 for r in CORPUS if r.document.date)
    monkeypatch.setattr(sqlite_index, "CANDIDATES", 3)
    capped = store.index.search(Query(date_from="1990-01-01"))
    assert not capped.exact and capped.total == everything.total          # the total stays exact
    assert sum(n for _, n in capped.facets["type"]) == 3                 # facets: the 3 latest added
    assert [h.id for h in capped.hits] == [h.id for h in everything.hits]


def test_tags_are_single_tokens() -> None:
    assert tag("type", "Chỉ thị").isalnum() and tag("type", "Chỉ thị") != tag("issuer", "Chỉ thị")


def test_month_lists_for_date_filters() -> None:
    assert _months("2019-11-20", "2020-02-01") == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert _months(None, None) is None
    assert _months("2000-01-01", None) is None                   # too wide to list: checked on candidates
    assert _months("2021-05-01", "2021-04-01") == []


def test_record_and_index_entry_commit_together(store: Store) -> None:
    rid = CORPUS[0].source.sha256
    with pytest.raises(RuntimeError), store.ledger.transaction():
        store.index.delete(rid)
        store.ledger.delete_record(rid)
        raise RuntimeError("crash")
    assert store.ledger.get(rid) is not None
    assert store.index.search(Query(text="25/CT-UBND")).hits[0].id == rid


@pytest.mark.parametrize("parallel", [False, True])
def test_rebuild_gives_the_same_index_in_one_process_or_two(store: Store, parallel: bool) -> None:
    assert store.sqlite is not None
    conn = store.ledger.conn
    before = conn.execute("SELECT rowid, * FROM fts ORDER BY rowid").fetchall()
    queries = [Query(text="ban"), Query(text='"an toàn thông tin"'), Query(text="bán"), Query(type="Công văn")]
    results = [store.index.search(q) for q in queries]
    assert store.sqlite.rebuild(parallel=parallel) == len(CORPUS)
    assert conn.execute("SELECT rowid, * FROM fts ORDER BY rowid").fetchall() == before
    assert [store.index.search(q) for q in queries] == results


def test_a_failed_rebuild_keeps_the_old_index(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert store.sqlite is not None

    def broken(rows: list[tuple[int, str]]) -> list[tuple[int | str, ...]]:
        raise ValueError("unreadable record")

    monkeypatch.setattr(sqlite_index, "_entries", broken)
    with pytest.raises(ValueError):
        store.sqlite.rebuild(parallel=False)
    assert store.index.count() == len(CORPUS)
    assert store.index.search(Query(text="ban")).total == 6
