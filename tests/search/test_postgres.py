"""The PostgreSQL ledger: the same schema as SQLite's, its own migrations, gap-free số đến with
several processes writing, and one clear error when the server is not there. The contract the
two engines share is tested on both in test_ledger.py (the ``ledger_at`` fixture)."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import psycopg
import pytest

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import ConfigError, ExitCode, LedgerWriteError
from congvan.search.db import close_pools
from congvan.search.ledger import Ledger
from congvan.search.schema import MIGRATIONS, PG_MIGRATIONS

from .conftest import CORPUS


def _sqlite_columns(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'fts%'")]
    out = {t: sorted(r[1] for r in conn.execute(f"PRAGMA table_info({t})")) for t in tables}
    conn.close()
    return out


def test_both_engines_have_the_same_tables_and_columns(tmp_path: Path, pg_url: str) -> None:
    Ledger(tmp_path / "l.sqlite").close()
    with Ledger(pg_url) as ledger:
        assert ledger.version == len(PG_MIGRATIONS) == len(MIGRATIONS)
        rows = ledger.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name <> 'congvan_schema'").fetchall()
    pg: dict[str, list[str]] = {}
    for table, column in rows:
        pg.setdefault(table, []).append(column)
    pg = {t: sorted(c for c in cols if c != "rowid") for t, cols in pg.items()}   # SQLite's rowid is implicit
    assert pg == _sqlite_columns(tmp_path / "l.sqlite")


def test_reopening_applies_no_migration_twice(pg_url: str) -> None:
    for _ in range(2):
        with Ledger(pg_url) as ledger:
            assert ledger.version == len(PG_MIGRATIONS)
            assert ledger.conn.execute("SELECT count(*) FROM congvan_schema").fetchone()[0] == len(PG_MIGRATIONS)


def _register_many(url: str, tag: str, n: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    with Ledger(url) as ledger:
        out.put([ledger.register(f"{tag}-{i}", 2026)[0] for i in range(n)])


def test_two_processes_allocate_so_den_unique_and_gap_free(pg_url: str) -> None:
    """Two writers in two processes (two machines' ingest) allocate one year's numbers at once:
    every number once, none skipped; a rolled-back registration leaves no gap either."""
    Ledger(pg_url).close()
    ctx = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue = ctx.Queue()  # type: ignore[type-arg]
    workers = [ctx.Process(target=_register_many, args=(pg_url, tag, 150, out)) for tag in ("a", "b")]
    for w in workers:
        w.start()
    got = out.get(timeout=120) + out.get(timeout=120)
    for w in workers:
        w.join(30)
    assert sorted(got) == list(range(1, 301))
    with Ledger(pg_url) as ledger:
        with pytest.raises(RuntimeError), ledger.transaction():
            ledger.register("rolled-back", 2026)
            raise RuntimeError("the document's commit failed after its number was taken")
        assert ledger.register("next", 2026) == (301, False)


def test_a_server_that_is_not_there_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONGVAN_DB_TIMEOUT", "2")
    with pytest.raises(LedgerWriteError, match=r"could not be reached.*start PostgreSQL") as caught:
        Ledger("postgresql://congvan:secret-word@127.0.0.1:9/congvan")
    assert caught.value.exit_code == ExitCode.ledger
    assert "secret-word" not in str(caught.value)
    close_pools()


def test_a_postgresql_ledger_is_searched_through_elasticsearch() -> None:
    env = {"CONGVAN_DATABASE_URL": "postgresql://congvan@db/congvan"}
    with pytest.raises(ConfigError, match="CONGVAN_BACKEND=elasticsearch"):
        Config.from_env(env)
    with pytest.raises(ConfigError, match="PostgreSQL URL"):
        Config.from_env({"CONGVAN_DATABASE_URL": "mysql://x/y", "CONGVAN_BACKEND": "elasticsearch"})
    config = Config.from_env({**env, "CONGVAN_BACKEND": "elasticsearch"})
    assert config.ledger == env["CONGVAN_DATABASE_URL"]


def test_values_are_parameters_never_sql(pg_url: str) -> None:
    """A subject or a number holding SQL, quotes and percent signs is stored as it is."""
    hostile = CORPUS[0].to_dict()
    hostile["document"]["subject"] = "x'); DROP TABLE records; -- 100% ? %s"
    from congvan.pipeline.core.records import Record

    with Ledger(pg_url) as ledger:
        ledger.put_record(Record.from_dict(hostile))
        got = ledger.get(CORPUS[0].source.sha256)
        assert got is not None and got.document.subject == hostile["document"]["subject"]
        assert ledger.count() == 1


def test_the_ledger_is_plain_postgresql(pg_url: str) -> None:
    with Ledger(pg_url) as ledger:
        ledger.put_record(CORPUS[0])
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT number, type FROM records").fetchall() == [("25/CT-UBND", "Chỉ thị")]


def test_a_server_that_goes_away_is_one_clear_error(pg_url: str) -> None:
    """The server gone in the middle (its connection killed): the next read or write is a
    LedgerWriteError naming the database, nothing half-committed, no psycopg traceback."""
    with Ledger(pg_url) as ledger:
        ledger.put_record(CORPUS[0])
        pid = ledger.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(LedgerWriteError, match="did not answer") as caught:
            ledger.get(CORPUS[0].source.sha256)
        assert caught.value.exit_code == ExitCode.ledger
        with pytest.raises(LedgerWriteError), ledger.transaction():
            ledger.put_record(CORPUS[1])
    with Ledger(pg_url) as again:                        # a new connection from the pool: all is there
        assert again.count() == 1
