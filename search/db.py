"""The ledger's database engines: SQLite (the default, one file) and PostgreSQL (an office that
outgrows one machine, ``CONGVAN_DATABASE_URL=postgresql://…``).

The ledger speaks one SQL — the subset both engines run alike, with ``?`` placeholders — through a
connection with :mod:`sqlite3`'s small interface (``execute``, ``executemany``, ``in_transaction``,
rows read by position or by name). :class:`PgConnection` gives a psycopg 3 connection that
interface: placeholders become psycopg's, values are always sent as parameters (never formatted
into the SQL), and connections come from one pool per database and process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from congvan.pipeline.core.config import env_number
from congvan.pipeline.core.errors import ConfigError, LedgerWriteError

if TYPE_CHECKING:                      # psycopg is only imported when a PostgreSQL ledger is used
    import psycopg
    from psycopg_pool import ConnectionPool

POSTGRES_SCHEMES = ("postgresql", "postgres")
POOL_SIZE = 10                         # connections per process and database (CONGVAN_DB_POOL)
POOL_TIMEOUT_S = 15.0                  # wait for a free connection or the server (CONGVAN_DB_TIMEOUT)


def is_postgres(target: object) -> bool:
    return isinstance(target, str) and urlsplit(target).scheme in POSTGRES_SCHEMES


def describe(url: str) -> str:
    """The database a URL names, for messages: host, port and name, never the password."""
    parts = urlsplit(url)
    return f"postgresql://{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path or '/'}"


class Row(tuple[Any, ...]):
    """A result row read by position or by column name, and ``dict(row)``-able (as sqlite3.Row)."""
    names: tuple[str, ...] = ()

    def keys(self) -> list[str]:
        return list(self.names)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names.index(key))
        return tuple.__getitem__(self, key)


def _row_factory(cursor: Any) -> Any:
    names = tuple(c.name for c in cursor.description or ())
    shape = type("Row", (Row,), {"names": names})
    return lambda values: shape(values)


class Cursor:
    """What :meth:`PgConnection.execute` returns: the rows of one statement."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall()) if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


_SQL: dict[str, str] = {}


def _pg_sql(sql: str) -> str:
    """The ledger's SQL with psycopg's placeholders. The ledger's statements hold no literal ``?``
    or ``%`` (a value is always a parameter), so the translation is a plain replacement."""
    out = _SQL.get(sql)
    if out is None:
        out = _SQL[sql] = sql.replace("%", "%%").replace("?", "%s")
    return out


class PgConnection:
    """A pooled psycopg 3 connection in autocommit mode, so that the ledger's BEGIN … COMMIT are
    its transactions (as with SQLite's ``isolation_level=None``)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        try:
            self.pool = _pool(url)
            self.raw: psycopg.Connection[Any] = self.pool.getconn()
        except (psycopg.Error, OSError) as exc:   # the server is down or refuses us; PoolTimeout: the pool is full
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise LedgerWriteError(
                f"the ledger database could not be reached ({type(exc).__name__}: {first}): start PostgreSQL, "
                "or correct CONGVAN_DATABASE_URL", describe(url)) from exc

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        import psycopg

        try:
            cursor = self.raw.cursor(row_factory=_row_factory)
            if params is None:
                cursor.execute(sql.encode())           # a script: several statements, no parameters
            else:
                cursor.execute(_pg_sql(sql), tuple(params))
        except psycopg.OperationalError as exc:        # the server went away, its disk is full, …
            raise self._unavailable(exc) from exc
        return Cursor(cursor)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        import psycopg

        try:
            with self.raw.cursor() as cursor:
                cursor.executemany(_pg_sql(sql), [tuple(r) for r in rows])
        except psycopg.OperationalError as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, exc: Exception) -> LedgerWriteError:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return LedgerWriteError(f"the ledger database did not answer ({first}); nothing more was committed: check "
                                "that PostgreSQL is up and has disk space", describe(self.url))

    def close(self) -> None:
        """Give the connection back to the pool (an open transaction is rolled back by it)."""
        self.pool.putconn(self.raw)


_POOLS: dict[tuple[int, str], ConnectionPool[Any]] = {}
_POOLS_LOCK = threading.Lock()


def _pool(url: str) -> ConnectionPool[Any]:
    """One pool per database and process (a pool made before a fork is not the child's)."""
    try:
        from psycopg_pool import ConnectionPool
    except ImportError as exc:            # pragma: no cover - psycopg is a dependency
        raise ConfigError("a PostgreSQL ledger needs psycopg 3 and psycopg_pool: pip install 'psycopg[binary,pool]'") \
            from exc
    key = (os.getpid(), url)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            size = int(env_number("CONGVAN_DB_POOL", POOL_SIZE, least=1, whole=True))
            timeout = env_number("CONGVAN_DB_TIMEOUT", POOL_TIMEOUT_S, least=1)
            _probe(url, timeout)
            pool = ConnectionPool(url, min_size=1, max_size=size, timeout=timeout, open=True,
                                  kwargs={"autocommit": True}, name=f"congvan-{os.getpid()}")
            _POOLS[key] = pool
        return pool


def _probe(url: str, timeout: float) -> None:
    """Connect once before making the pool: a server that is not there is one clear error now,
    not a pool retrying (and logging) in the background until its timeout."""
    import psycopg

    psycopg.connect(url, connect_timeout=max(1, round(timeout))).close()


def close_pools() -> None:
    """Close this process's pools (tests, and a server shutting down)."""
    with _POOLS_LOCK:
        for key, pool in list(_POOLS.items()):
            if key[0] == os.getpid():
                pool.close()
                del _POOLS[key]
