"""The ledger: the system of record, one SQLite file (WAL) under ``CONGVAN_HOME``, or a
PostgreSQL database (``CONGVAN_DATABASE_URL``) when several machines write it (:mod:`search.db`).

Tables: ``files`` (every file seen, by sha256, with its status and error), ``records`` (the
columns searches filter and facet on, kept narrow) with ``record_json`` (the record itself, by
the same rowid), ``citations`` (which record cites which
number), ``register`` (the sổ đăng ký văn bản đến: số đến per calendar year), ``corrections``
(who changed which field, when, from what to what) and ``outbox`` (index operations not yet
applied to an external index). Search indexes are projections of it and can be rebuilt from it.

Schema changes are numbered migrations (:mod:`search.schema`), recorded in ``PRAGMA user_version``
(SQLite) or the ``congvan_schema`` table (PostgreSQL).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from congvan.pipeline.core.confidence import CHECKED
from congvan.pipeline.core.errors import LedgerWriteError
from congvan.pipeline.core.records import Incoming, Record
from congvan.pipeline.core.vntext import fold
from congvan.search.db import PgConnection, describe, is_postgres
from congvan.search.schema import FACET_COLUMNS, MIGRATIONS, PG_MIGRATIONS, split_sql
from congvan.search.text import number_key, word_key


def _fold_or_null(text: str | None) -> str | None:
    return fold(text) if text is not None else None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_COLUMNS = ("number", "number_key", "type", "issuer", "issue_date", "arrival_date", "arrival_number", "unit",
            "urgency", "confidentiality", "year", "subject", "subject_key", "issuer_key", "subject_fkey", "issuer_fkey",
            "office")
_UPSERT = (f"INSERT INTO records(id, {', '.join(_COLUMNS)}, created_at, updated_at) "
           f"VALUES ({', '.join('?' * (len(_COLUMNS) + 3))}) ON CONFLICT(id) DO UPDATE SET "
           + ", ".join(f"{c}=excluded.{c}" for c in (*_COLUMNS, "updated_at")) + " RETURNING rowid")


@dataclass(frozen=True)
class RecordRow:
    """A record as the ledger stores it: its id, the filtered and ranked columns (in ``_COLUMNS``
    order), its JSON and the number keys it cites; computed without the database."""
    id: str
    columns: tuple[str | None, ...]
    json: str
    citations: tuple[str, ...]


def record_row(record: Record) -> RecordRow:
    data = record.to_dict()
    doc = data["document"]
    inc = data["incoming"] or {}
    subject_key, issuer_key = word_key(doc["subject"] or ""), word_key(doc["issuer"] or "")
    columns = (doc["number"], number_key(doc["number"]) if doc["number"] else None, doc["type"], doc["issuer"],
               doc["date"], inc.get("arrival_date"), inc.get("arrival_number"), record.unit, doc["urgency"],
               doc["confidentiality"], doc["date"][:4] if doc["date"] else None, doc["subject"],
               subject_key, issuer_key, fold(subject_key), fold(issuer_key), record.office or "")
    keys = sorted({number_key(r["number"]) for r in doc["references"] if r.get("number")} - {""})
    return RecordRow(record.source.sha256, columns, orjson.dumps(data).decode(), tuple(keys))


@dataclass(frozen=True)
class OutboxOp:
    id: int
    op: str            # "index" | "delete"
    record_id: str


# PostgreSQL advisory-lock keys (the first of the two 32-bit halves): schema changes, and one
# lock per register year held for the rest of the registering transaction
MIGRATION_LOCK = 0x636F6E67       # "cong"
REGISTER_LOCK = 0x76616E00        # "van\0"


class Ledger:
    """One database — a SQLite file, or a PostgreSQL URL — where every write is a transaction.
    Not shared between threads."""

    conn: Any                          # sqlite3.Connection, or search.db.PgConnection

    def __init__(self, target: Path | str) -> None:
        self.postgres = is_postgres(target)
        if self.postgres:
            self.path: Path | str = describe(str(target))
            self.conn = PgConnection(str(target))
            self.migrate()
            return
        path = Path(target)
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
        except (OSError, sqlite3.OperationalError) as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _unwritable(exc):
                raise
            raise LedgerWriteError(_unwritable_message(exc), path) from exc
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA cache_size=-131072")        # 128 MiB of page cache
        self.conn.execute("PRAGMA mmap_size=1073741824")      # read through the OS page cache
        self.conn.execute("PRAGMA temp_store=MEMORY")
        self.conn.create_function("congvan_fold", 1, _fold_or_null, deterministic=True)
        self.migrate()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------
    @property
    def version(self) -> int:
        if self.postgres:
            if not self.conn.execute("SELECT to_regclass('congvan_schema') IS NOT NULL").fetchone()[0]:
                return 0                       # a new database: not even the version table yet
            row = self.conn.execute("SELECT max(version) FROM congvan_schema").fetchone()
            return int(row[0] or 0)
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply the migrations this file lacks, under the write lock (several processes may open
        a new ledger at once: one migrates, the others wait and then find nothing to do)."""
        if self.postgres:
            self._migrate_postgres()
            return
        if self.version >= len(MIGRATIONS):
            return
        with self.transaction(immediate=True):
            for number, script in enumerate(MIGRATIONS, start=1):
                if self.version < number:
                    for statement in split_sql(script):
                        self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA user_version = {number}")

    def _migrate_postgres(self) -> None:
        if self.version >= len(PG_MIGRATIONS):  # the common case, every open: no lock taken
            return
        with self.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(?, 0)", (MIGRATION_LOCK,))
            self.conn.execute("CREATE TABLE IF NOT EXISTS congvan_schema (version INTEGER NOT NULL, at TEXT NOT NULL)")
            for number, script in enumerate(PG_MIGRATIONS, start=1):
                if self.version < number:
                    self.conn.execute(script)
                    self.conn.execute("INSERT INTO congvan_schema(version, at) VALUES (?, ?)", (number, now()))

    def transaction(self, immediate: bool = False) -> _Transaction:
        """BEGIN (IMMEDIATE: take the write lock now) … COMMIT, or ROLLBACK on an exception; nests."""
        return _Transaction(self.conn, immediate)

    # -- files ----------------------------------------------------------------------------
    def put_file(self, sha256: str, path: str, status: str, error: str | None = None) -> None:
        t = now()
        self.conn.execute(
            "INSERT INTO files(sha256, path, status, error, added_at, updated_at) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT(sha256) DO UPDATE SET path=excluded.path, status=excluded.status, "
            "error=excluded.error, updated_at=excluded.updated_at", (sha256, path, status, error, t, t))

    def set_file_status(self, sha256: str, status: str) -> None:
        self.conn.execute("UPDATE files SET status = ?, error = NULL, updated_at = ? WHERE sha256 = ?",
                          (status, now(), sha256))

    def set_archived(self, sha256: str, path: Path) -> None:
        """Note where the file's original is filed. Kept as the file system's bytes: a name that is
        not UTF-8 (a scanner on another locale) is kept as it is, not mangled or refused."""
        self.conn.execute("UPDATE files SET archived = ? WHERE sha256 = ?", (os.fsencode(path), sha256))

    def archived(self, sha256: str) -> Path | None:
        """Where the file's original is filed (None: not filed, or filed before 0.4.0 recorded it)."""
        row = self.conn.execute("SELECT archived FROM files WHERE sha256 = ?", (sha256,)).fetchone()
        if not row or not row[0]:
            return None
        return Path(os.fsdecode(row[0]) if isinstance(row[0], bytes) else str(row[0]))

    def file_status(self, sha256: str) -> str | None:
        row = self.conn.execute("SELECT status FROM files WHERE sha256 = ?", (sha256,)).fetchone()
        return str(row[0]) if row else None

    # -- records --------------------------------------------------------------------------
    def put_record(self, record: Record, outbox: tuple[str, ...] = ()) -> str:
        """Store (or replace) a record, keyed by its file's sha256; queue it for ``outbox`` backends.
        The corrections a person made to it are applied first: a re-extraction never undoes them.
        Call inside :meth:`transaction` to commit it together with other writes."""
        row = record_row(self._corrected(record))
        self.write_row(row, outbox)
        return row.id

    def write_row(self, row: RecordRow, outbox: tuple[str, ...] = ()) -> int:
        """Store a prepared record (:func:`record_row`); returns its rowid."""
        t = now()
        rowid = int(self.conn.execute(_UPSERT, (row.id, *row.columns, t, t)).fetchone()[0])
        self.conn.execute("INSERT INTO record_json(rid, json) VALUES (?, ?) ON CONFLICT(rid) DO UPDATE SET "
                          "json = excluded.json", (rowid, row.json))
        self.conn.execute("DELETE FROM citations WHERE record_id = ?", (row.id,))
        if row.citations:
            self.conn.executemany("INSERT INTO citations(record_id, number_key) VALUES (?, ?)",
                                  [(row.id, k) for k in row.citations])
        for backend in outbox:
            self.enqueue(backend, "index", row.id)
        return rowid

    def get(self, record_id: str) -> Record | None:
        row = self.conn.execute("SELECT j.json FROM records r JOIN record_json j ON j.rid = r.rowid WHERE r.id = ?",
                                (record_id,)).fetchone()
        return Record.from_dict(orjson.loads(row[0])) if row else None

    def get_many(self, record_ids: list[str]) -> list[Record]:
        out: list[Record] = []
        for k in range(0, len(record_ids), 500):
            chunk = record_ids[k:k + 500]
            rows = self.conn.execute("SELECT j.json FROM records r JOIN record_json j ON j.rid = r.rowid "
                                     f"WHERE r.id IN ({','.join('?' * len(chunk))})", chunk)
            out.extend(Record.from_dict(orjson.loads(r[0])) for r in rows)
        return out

    def rowid(self, record_id: str) -> int | None:
        row = self.conn.execute("SELECT rowid FROM records WHERE id = ?", (record_id,)).fetchone()
        return int(row[0]) if row else None

    def with_number(self, number: str) -> list[str]:
        """Ids of the records whose own number is ``number`` (in any of its spellings)."""
        return [str(r[0]) for r in self.conn.execute(
            "SELECT id FROM records WHERE number_key = ? ORDER BY issue_date, id", (number_key(number),))]

    def find_id(self, prefix: str) -> str | None:
        """A record id from its first characters (at least 6), as the CLI shows them."""
        if len(prefix) < 6:
            return None
        rows = self.conn.execute("SELECT id FROM records WHERE id >= ? AND id < ? LIMIT 2",
                                 (prefix, prefix + "\uffff")).fetchall()
        return str(rows[0][0]) if len(rows) == 1 else None

    def delete_record(self, record_id: str, outbox: tuple[str, ...] = ()) -> bool:
        self.conn.execute("DELETE FROM record_json WHERE rid = (SELECT rowid FROM records WHERE id = ?)", (record_id,))
        cur = self.conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
        for backend in outbox:
            self.enqueue(backend, "delete", record_id)
        return bool(cur.rowcount > 0)

    def records(self, batch: int = 500) -> Iterator[Record]:
        """Every record, in the order they were first stored, fetched in batches (to rebuild an index)."""
        for rows in self.json_rows(batch):
            for _, text in rows:
                yield Record.from_dict(orjson.loads(text))

    def json_rows(self, batch: int = 500) -> Iterator[list[tuple[int, str]]]:
        """Every record's stored JSON with its rowid, in rowid order, one batch at a time."""
        last = 0
        while True:
            rows = [(int(r[0]), str(r[1])) for r in self.conn.execute(
                "SELECT rid, json FROM record_json WHERE rid > ? ORDER BY rid LIMIT ?", (last, batch))]
            if not rows:
                return
            yield rows
            last = rows[-1][0]

    def rowids(self, record_ids: list[str]) -> dict[str, int]:
        """id → rowid of those of ``record_ids`` that are in the ledger."""
        out: dict[str, int] = {}
        for k in range(0, len(record_ids), 500):
            chunk = record_ids[k:k + 500]
            out.update((str(r[0]), int(r[1])) for r in self.conn.execute(
                f"SELECT id, rowid FROM records WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def facet_totals(self) -> dict[str, list[tuple[str, int]]]:
        """Value counts over every record, kept exact by triggers (no scan)."""
        out: dict[str, list[tuple[str, int]]] = {c: [] for c in FACET_COLUMNS}
        for name, value, n in self.conn.execute(
                "SELECT name, value, n FROM facet_totals WHERE n > 0 ORDER BY name, n DESC, value"):
            if len(out[name]) < 20:
                out[name].append((str(value), int(n)))
        return out

    def citing(self, number: str) -> list[str]:
        return [str(r[0]) for r in self.conn.execute(
            "SELECT record_id FROM citations WHERE number_key = ? ORDER BY record_id", (number_key(number),))]

    # -- corrections ----------------------------------------------------------------------
    def correct(self, record_id: str, field: str, value: Any, who: str, outbox: tuple[str, ...] = ()) -> Record:
        """Set one dotted field (``document.subject``, ``routing.main``) with an audit-trail entry.
        The field counts as checked by a person from then on (its confidence is 1), and a later
        re-extraction of the same file keeps it (:meth:`put_record` applies the corrections)."""
        record = self.get(record_id)
        if record is None:
            raise KeyError(record_id)
        data = record.to_dict()
        before = _set_field(data, field, value)
        # the stored record already holds the earlier corrections: only this one is applied
        fixed = Record.from_dict(data)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO corrections(record_id, who, at, field, before, after) VALUES (?,?,?,?,?,?)",
                (record_id, who, now(), field, json.dumps(before, ensure_ascii=False),
                 json.dumps(value, ensure_ascii=False)))
            self.write_row(record_row(fixed), outbox)
            self._register_follows(record_id, field, value)
        return fixed

    def _register_follows(self, record_id: str, field: str, value: Any) -> None:
        """The register row of a record keeps what the clerk corrected on the stamp: the printed
        số đến (and whether it differs from the register's number) and the ngày đến."""
        if field == "incoming.arrival_number":
            row = self.conn.execute("SELECT seq FROM register WHERE record_id = ?", (record_id,)).fetchone()
            if row:
                clash = bool(value) and int(value) != int(row[0])
                self.conn.execute("UPDATE register SET stamp_number = ?, clash = ? WHERE record_id = ?",
                                  (value, int(clash), record_id))
        elif field == "incoming.arrival_date" and value:
            self.conn.execute("UPDATE register SET arrival_day = ? WHERE record_id = ?", (value, record_id))

    def _corrected(self, record: Record) -> Record:
        """``record`` with every correction a person made to it applied, in the order made."""
        rows = self.conn.execute("SELECT field, after FROM corrections WHERE record_id = ? ORDER BY id",
                                 (record.source.sha256,)).fetchall()
        if not rows:
            return record
        data = record.to_dict()
        for field, after in rows:
            _set_field(data, str(field), json.loads(after) if after is not None else None)
        return Record.from_dict(data)

    def confirmed_routing(self) -> dict[str, str]:
        """record id → the main unit a person last set or confirmed (the routing model's labels)."""
        out: dict[str, str] = {}
        for rid, after in self.conn.execute(
                "SELECT record_id, after FROM corrections WHERE field = 'routing.main' ORDER BY id"):
            value = json.loads(after)
            if isinstance(value, str) and value:
                out[str(rid)] = value
        return out

    def corrections(self, record_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT who, at, field, before, after FROM corrections WHERE record_id = ? ORDER BY id", (record_id,))]

    # -- register -------------------------------------------------------------------------
    def register(self, record_id: str, year: int, stamp_number: str | None = None,
                 day: str | None = None, office: str = "") -> tuple[int, bool]:
        """(số đến, clash): the next number of ``office``'s register of ``year``, gap-free, allocated
        under a lock held to the end of the transaction; a record already registered keeps its
        number. ``clash`` is set when the stamp already carries a different printed number.
        ``day``: the arrival date (ISO). Each office (the empty code: the deployment's own) keeps
        its own series."""
        with self.transaction(immediate=True):
            if self.postgres:       # SQLite's IMMEDIATE already holds the one write lock
                self.conn.execute("SELECT pg_advisory_xact_lock(?, ?)", (_register_lock(office), year))
            row = self.conn.execute("SELECT seq, clash FROM register WHERE record_id = ?", (record_id,)).fetchone()
            if row:
                return int(row[0]), bool(row[1])
            seq = int(self.conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM register WHERE office = ? AND year = ?",
                                        (office, year)).fetchone()[0])
            clash = stamp_number is not None and stamp_number.lstrip("0") != str(seq)
            self.conn.execute("INSERT INTO register(office, year, seq, record_id, stamp_number, clash, arrival_day, "
                              "registered_at) VALUES (?,?,?,?,?,?,?,?)",
                              (office, year, seq, record_id, stamp_number, int(clash), day or now()[:10], now()))
            return seq, clash

    def registered(self, record_id: str) -> tuple[int, int, bool] | None:
        """(year, số đến, clash) of a registered record."""
        row = self.conn.execute("SELECT year, seq, clash FROM register WHERE record_id = ?", (record_id,)).fetchone()
        return (int(row[0]), int(row[1]), bool(row[2])) if row else None

    def arrival_folder(self, record_id: str) -> str:
        """``YYYY/MM`` of a registered record's ngày đến: where its original is filed."""
        row = self.conn.execute("SELECT arrival_day FROM register WHERE record_id = ?", (record_id,)).fetchone()
        return "/".join(str(row[0]).split("-")[:2]) if row else "undated"

    def register_rows(self, year: int, office: str = "") -> list[tuple[int, str, str | None, bool, Record]]:
        """(số đến, ngày đến, số in stamp, clash, record) of one office's register of one year, in
        number order."""
        rows = self.conn.execute(
            "SELECT g.seq, g.arrival_day, g.stamp_number, g.clash, j.json FROM register g "
            "JOIN records r ON r.id = g.record_id JOIN record_json j ON j.rid = r.rowid "
            "WHERE g.office = ? AND g.year = ? ORDER BY g.seq", (office, year)).fetchall()
        return [(int(r[0]), str(r[1]), r[2], bool(r[3]), Record.from_dict(orjson.loads(r[4]))) for r in rows]

    # -- outbox ---------------------------------------------------------------------------
    def enqueue(self, backend: str, op: str, record_id: str) -> None:
        self.conn.execute("INSERT INTO outbox(backend, op, record_id, created_at) VALUES (?,?,?,?)",
                          (backend, op, record_id, now()))

    def pending(self, backend: str, limit: int = 1000) -> list[OutboxOp]:
        return [OutboxOp(int(r[0]), str(r[1]), str(r[2])) for r in self.conn.execute(
            "SELECT id, op, record_id FROM outbox WHERE backend = ? ORDER BY id LIMIT ?", (backend, limit))]

    def pending_count(self, backend: str) -> int:
        return int(self.conn.execute("SELECT count(*) FROM outbox WHERE backend = ?", (backend,)).fetchone()[0])

    def done(self, ids: list[int]) -> None:
        with self.transaction():
            self.conn.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in ids])

    def failed(self, ids: list[int], error: str) -> None:
        with self.transaction():
            self.conn.executemany("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                                  [(error, i) for i in ids])


def _register_lock(office: str) -> int:
    """The first key of an office's register lock (the year is the second): a stable 31-bit hash,
    so that two offices seldom wait for each other and one office always takes the same lock."""
    return REGISTER_LOCK ^ (zlib.crc32(office.encode()) & 0x7FFFFFFF) if office else REGISTER_LOCK


def _set_field(data: dict[str, Any], field: str, value: Any) -> Any:
    """Set the dotted ``field`` of a record's dict form to ``value`` and mark it checked
    (confidence 1); returns the value it had. :class:`KeyError` for a field the record has not."""
    parts = field.split(".")
    if parts[0] not in ("document", "incoming", "routing") or len(parts) < 2:
        raise KeyError(field)
    if parts[0] == "incoming" and data["incoming"] is None:
        data["incoming"] = Incoming().to_dict()
    node: Any = data
    for part in parts[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(part), dict):
            raise KeyError(field)
        node = node[part]
    if parts[-1] not in node:
        raise KeyError(field)
    before = node[parts[-1]]
    node[parts[-1]] = value
    data["confidence"][field] = CHECKED          # a person's value: every field, not only the scored ones
    return before


class _Transaction:
    """``with ledger.transaction():`` — BEGIN … COMMIT, or ROLLBACK on an exception; nests."""

    def __init__(self, conn: Any, immediate: bool = False) -> None:
        self.conn = conn
        self.immediate = immediate
        self.outer = False

    def __enter__(self) -> Any:
        self.outer = not self.conn.in_transaction
        if self.outer:
            postgres = isinstance(self.conn, PgConnection)
            self.conn.execute("BEGIN IMMEDIATE" if self.immediate and not postgres else "BEGIN")
        return self.conn

    def __exit__(self, exc_type: object, exc: BaseException | None, *rest: object) -> None:
        if not self.outer:
            return
        if isinstance(self.conn, PgConnection):
            _end_postgres(self.conn, exc_type, exc)
            return
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except sqlite3.OperationalError as failed:
                exc = failed
        with contextlib.suppress(sqlite3.Error):     # SQLite may have rolled back already
            self.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError) and _unwritable(exc):
            raise LedgerWriteError(_unwritable_message(exc), _db_path(self.conn)) from exc
        if exc_type is None and exc is not None:
            raise exc


def _end_postgres(conn: PgConnection, exc_type: object, exc: BaseException | None) -> None:
    """COMMIT, or ROLLBACK on an exception; a server that fails or goes away is a LedgerWriteError."""
    import psycopg

    if exc_type is None:
        try:
            conn.execute("COMMIT")
            return
        except psycopg.OperationalError as failed:
            exc = failed
    with contextlib.suppress(psycopg.Error):
        conn.execute("ROLLBACK")
    if isinstance(exc, psycopg.OperationalError):
        raise LedgerWriteError(f"the ledger database {describe(conn.url)} did not take the write ({exc}); nothing "
                               "was committed: check that PostgreSQL is up and has disk space", describe(conn.url)) \
            from exc
    if exc_type is None and exc is not None:
        raise exc


# what SQLite says when the ledger's disk or folder will not take a write (sqlite3 gives no code)
UNWRITABLE = ("database or disk is full", "readonly database", "unable to open database file", "disk i/o error")


def _unwritable(exc: sqlite3.Error) -> bool:
    return any(marker in str(exc).lower() for marker in UNWRITABLE)


def _unwritable_message(exc: BaseException) -> str:
    return (f"the ledger could not be written ({exc}): free space on the disk of CONGVAN_HOME, or make it "
            "writable; nothing was committed")


def _db_path(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row and row[2] else None
