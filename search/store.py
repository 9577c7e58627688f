"""The ledger and the configured search index, kept in step.

``CONGVAN_BACKEND=sqlite`` (default): the FTS5 index lives in the ledger's database and is
written in the same transaction as the record. ``elasticsearch``: the record commits to the
ledger with an ``index`` operation in the outbox; :meth:`Store.flush` applies pending operations
in bulk and removes them only once Elasticsearch has taken them. If it is down, the operations
stay and the next flush (``congvan reindex --pending``, or the next ingest) catches up. The id of
a record is its file's sha256, so a retried operation overwrites instead of duplicating.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import IndexOutdatedError, IndexUnavailableError
from congvan.pipeline.core.records import Record
from congvan.search.index import SearchIndex, to_index_doc
from congvan.search.ledger import Ledger, record_row
from congvan.search.sqlite_index import FtsValues, SqliteIndex, fts_values

if TYPE_CHECKING:                       # the elasticsearch package is only imported when used
    from congvan.search.es_index import ElasticsearchIndex

ES = "elasticsearch"


class Store:
    def __init__(self, config: Config, es: ElasticsearchIndex | None = None) -> None:
        self.config = config
        self.ledger = Ledger(config.ledger)
        self.backend = config.backend
        self.index: SearchIndex
        if self.backend == ES:
            from congvan.search.es_index import ElasticsearchIndex

            self.es: ElasticsearchIndex | None = es or ElasticsearchIndex()
            self.index = self.es
            self.sqlite: SqliteIndex | None = None
        else:
            self.es = None
            self.sqlite = SqliteIndex(self.ledger)
            self.index = self.sqlite

    def close(self) -> None:
        self.ledger.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def outbox(self) -> tuple[str, ...]:
        return (ES,) if self.es is not None else ()

    def add(self, records: Iterable[Record], flush: bool = True) -> list[str]:
        """Commit records to the ledger (and the embedded index, atomically); then, with
        Elasticsearch, apply the outbox. Raises :class:`IndexUnavailableError` only after the
        records are safely committed."""
        batch = [self._of_office(r) for r in records]
        ids: list[str] = []
        written: list[tuple[int, FtsValues]] = []
        with self.ledger.transaction(immediate=True):
            for record in batch:
                row = record_row(record)
                rowid = self.ledger.write_row(row, self.outbox)
                self.ledger.put_file(row.id, record.source.path, "indexed")
                ids.append(row.id)
                if self.sqlite is not None:
                    written.append((rowid, fts_values(to_index_doc(record))))
            if self.sqlite is not None:
                self.sqlite.write(written)
        if flush and self.es is not None:
            self.flush(known=dict(zip(ids, batch, strict=True)))
        return ids

    def commit_incoming(self, record: Record, year: int, day: str) -> tuple[int, bool]:
        """One transaction: the record, its index entry (embedded) or outbox entry, the file's
        status and its số đến in its office's register of ``year``. Returns (số đến, clash with the
        stamp)."""
        record = self._of_office(record)
        with self.ledger.transaction(immediate=True):
            self.add([record], flush=False)
            stamp = record.incoming.arrival_number if record.incoming else None
            return self.ledger.register(record.source.sha256, year, stamp, day, office=record.office or "")

    def _of_office(self, record: Record) -> Record:
        """The record as this process files it: in the configured office (CONGVAN_OFFICE) unless it
        already names one (a correction or an import keeps its own)."""
        if record.office or not self.config.office_code:
            return record
        return dataclasses.replace(record, office=self.config.office_code)

    def delete(self, record_id: str) -> bool:
        with self.ledger.transaction(immediate=True):
            if self.sqlite is not None:
                self.sqlite.delete(record_id)          # first: its FTS row is found by the ledger's rowid
            gone = self.ledger.delete_record(record_id, self.outbox)
        if self.es is not None:
            self.flush()
        return gone

    def correct(self, record_id: str, field: str, value: object, who: str) -> Record:
        return self.correct_many(record_id, [(field, value)], who)

    def correct_many(self, record_id: str, changes: list[tuple[str, object]], who: str, flush: bool = True) -> Record:
        """Several fields of one record in one transaction (a leader's decision: the handling
        unit, the cooperating ones, the direction), each with its audit-trail entry."""
        with self.ledger.transaction(immediate=True):
            fixed: Record | None = None
            for field, value in changes:
                fixed = self.ledger.correct(record_id, field, value, who, self.outbox)
            if fixed is None:
                raise ValueError("no change given")
            if self.sqlite is not None:
                self.sqlite.index([fixed])
        if flush and self.es is not None:
            self.flush()
        return fixed

    def flush(self, batch: int = 2000, known: dict[str, Record] | None = None) -> int:
        """Apply pending outbox operations to Elasticsearch; returns how many were applied.
        ``known``: records just committed, so they need not be read back from the ledger."""
        if self.es is None:
            return 0
        from elasticsearch import ApiError, TransportError

        applied = 0
        while True:
            ops = self.ledger.pending(ES, batch)
            if not ops:
                return applied
            try:
                latest: dict[str, str] = {}
                for op in ops:
                    latest[op.record_id] = op.op
                wanted = [rid for rid, kind in latest.items() if kind == "index"]
                have = known or {}
                to_index = [have[rid] for rid in wanted if rid in have]
                to_index += self.ledger.get_many([rid for rid in wanted if rid not in have])
                if to_index:
                    self.es.index(to_index)
                for rid, kind in latest.items():
                    if kind == "delete":
                        self.es.delete(rid)
            except (TransportError, ApiError, IndexUnavailableError) as exc:
                message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                self.ledger.failed([op.id for op in ops], message)
                if isinstance(exc, IndexOutdatedError):      # no retry mends it: a rebuild does
                    raise
                raise IndexUnavailableError(
                    f"Elasticsearch did not take {len(ops)} operations ({type(exc).__name__}); they stay in "
                    "the outbox: run `congvan reindex --pending` when it is back") from exc
            self.ledger.done([op.id for op in ops])
            applied += len(ops)

    def reindex(self) -> int:
        """Rebuild the configured index from the ledger (Elasticsearch: new index, alias swap)."""
        if self.es is not None:
            last = self.ledger.pending(ES, 1_000_000)
            _, n = self.es.rebuild(self.ledger.records())
            self.ledger.done([op.id for op in last])       # the rebuilt index holds what they asked for
            return n
        assert self.sqlite is not None
        return self.sqlite.rebuild()
