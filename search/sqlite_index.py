"""The embedded backend: SQLite FTS5 in the ledger's own database file.

A record and its index entry are written in the same transaction, so they commit together. An
FTS5 row has the rowid of its ledger record. It holds the exact and the folded form of subject,
issuer and body (the tokenizer keeps diacritics; folding is done in Python, :mod:`search.text`)
and a ``tags`` column of opaque tokens for the filterable values (type, issuer, unit, marks,
issue and arrival month), so filters are doclist intersections inside FTS5, not row lookups.

A text query is evaluated in two bounded steps, so its cost does not grow with the number of
matches: the candidates are the :data:`CANDIDATES` most recently added matches (all of them
when fewer match), then each candidate is scored by where the terms occur, exact diacritics
first: subject 12, issuer 6, anywhere 3 for a term typed with marks and found with them; subject
4 and issuer 2 for a folded match. Ties go to the newer document. When more documents match
than were ranked, the result says so (``exact=False``): the total is a lower bound and the
facets count the candidates. Queries without text (filters, browsing) are exact.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import orjson

from congvan.pipeline.core.records import Record
from congvan.search.index import (
    CANDIDATES,
    FACETS,
    Hit,
    IndexDoc,
    Query,
    SearchResult,
    Visibility,
    make_hit,
    to_index_doc,
    topic_words,
)
from congvan.search.ledger import Ledger
from congvan.search.sqlite_rank import (
    CANDIDATE_TABLE,
    browse_sql,
    candidates_sql,
    facet_source,
    facets,
    filters,
    order_sql,
    page,
)
from congvan.search.text import ParsedQuery, Term, number_key, parse_query

FTS_TABLE = """CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    number, subject, issuer, body, subject_f, issuer_f, body_f, tags,
    tokenize = 'unicode61 remove_diacritics 0', detail = 'full')"""
PARALLEL_FROM = 20_000
_INSERT = ("INSERT INTO fts(rowid, number, subject, issuer, body, subject_f, issuer_f, body_f, tags) "
           "VALUES (?,?,?,?,?,?,?,?,?)")
_ANYWHERE = "{subject_f issuer_f body_f number}"


def tag(kind: str, value: str) -> str:
    """An opaque, tokenizer-proof token for one filter value ("type", "Chỉ thị" → "t3f9a…")."""
    return "t" + hashlib.blake2b(f"{kind}\x00{value}".encode(), digest_size=8).hexdigest()


def tags_of(doc: IndexDoc) -> str:
    pairs = [("type", doc.type), ("issuer", doc.issuer), ("unit", doc.unit), ("urgency", doc.urgency),
             ("confidentiality", doc.confidentiality),
             ("month", doc.date[:7] if doc.date else None),
             ("arrival_month", doc.arrival_date[:7] if doc.arrival_date else None)]
    pairs += [("access", u) for u in doc.assigned]
    if not doc.secret:
        pairs.append(("open", "1"))
    return " ".join([tag("office", doc.office)] + [tag(k, v) for k, v in pairs if v])     # '' is an office too


def visibility_expression(who: Visibility | None) -> str | None:
    """The FTS5 condition on the tags that keeps what ``who`` may see (None: no condition)."""
    if who is None:
        return None
    parts = []
    if who.offices is not None:
        parts.append("tags : (" + (" OR ".join(tag("office", o) for o in who.offices) or tag("office", "\x00none"))
                     + ")")
    if not who.everything:
        tokens = ([tag("open", "1")] if who.open else []) + [tag("access", u) for u in who.units]
        parts.append("tags : (" + (" OR ".join(tokens) or tag("access", "\x00nobody")) + ")")
    return " AND ".join(parts) or None


FtsValues = tuple[str, str, str, str, str, str, str, str]


def fts_values(doc: IndexDoc) -> FtsValues:
    """The FTS columns of a document (after the rowid): exact and folded texts, filter tags."""
    f = doc.searchable
    return (f["number"], f["subject"], f["issuer"], f["body"], f["subject_f"], f["issuer_f"], f["body_f"],
            tags_of(doc))


def _entries(rows: list[tuple[int, str]]) -> list[tuple[int | str, ...]]:
    """FTS rows (rowid first) from ledger rows (rowid, record JSON)."""
    return [(rowid, *fts_values(to_index_doc(Record.from_dict(orjson.loads(text))))) for rowid, text in rows]


def _prepared(chunks: Iterator[list[tuple[int, str]]], parallel: bool) -> Iterator[list[tuple[int | str, ...]]]:
    """:func:`_entries` of each chunk, in order; in a worker process (at most three chunks ahead)
    when ``parallel``."""
    if not parallel:
        yield from map(_entries, chunks)
        return
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        ahead: deque[Future[list[tuple[int | str, ...]]]] = deque()
        for chunk in chunks:
            ahead.append(pool.submit(_entries, chunk))
            if len(ahead) > 2:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()


def _months(lo: str | None, hi: str | None) -> list[str] | None:
    """The yyyy-mm months a date range touches (None: unbounded or too wide to list)."""
    if not lo and not hi:
        return None
    y0, m0 = (int(lo[:4]), int(lo[5:7])) if lo else (1945, 1)
    y1, m1 = (int(hi[:4]), int(hi[5:7])) if hi else (2100, 12)
    n = (y1 - y0) * 12 + m1 - m0 + 1
    if n <= 0:
        return []
    if n > 120:
        return None                                   # checked on the candidates instead
    return [f"{y0 + (m0 - 1 + k) // 12:04d}-{(m0 - 1 + k) % 12 + 1:02d}" for k in range(n)]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "") + '"'


def match_expression(parsed: ParsedQuery, query: Query | None = None) -> str | None:
    """FTS5 expression: every term on the folded columns, plus the filters as tag tokens.
    Terms hold only word characters and spaces (:func:`parse_query`), quoted besides."""
    parts = [f"{_ANYWHERE} : {_quoted(t.folded)}" for t in parsed.terms]
    if query is not None:
        for kind, value in (("type", query.type), ("issuer", query.issuer), ("unit", query.unit),
                            ("urgency", query.urgency), ("confidentiality", query.confidentiality)):
            if value:
                parts.append(f"tags : {tag(kind, value)}")
        for kind, lo, hi in (("month", query.date_from, query.date_to),
                             ("arrival_month", query.arrival_from, query.arrival_to)):
            months = _months(lo, hi)
            if months is not None:
                parts.append("tags : (" + (" OR ".join(tag(kind, m) for m in months) or tag(kind, "none")) + ")")
        seen = visibility_expression(query.visibility)
        if seen:
            parts.append(seen)
    return " AND ".join(parts) or None


def _visible_rows(where: list[str], args: list[Any], who: Visibility | None) -> None:
    """Add the condition that keeps the ledger rows ``who`` may see (read from the FTS tags)."""
    seen = visibility_expression(who)
    if seen:
        where.append("r.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        args.append(seen)


class SqliteIndex:
    name = "sqlite"

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.conn = ledger.conn
        with ledger.transaction():                 # a ledger that cannot be written says so (LedgerWriteError)
            fresh = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fts'").fetchone() is None
            self.conn.execute(FTS_TABLE)
            self.conn.execute(CANDIDATE_TABLE)
        if fresh and ledger.count():               # a migration dropped the index's old form: rebuild it
            self.rebuild(parallel=False)

    # -- writing ----------------------------------------------------------------------------
    def index(self, records: Iterable[Record]) -> int:
        """(Re)index records that are in the ledger."""
        docs = {doc.id: doc for doc in map(to_index_doc, records)}
        if not docs:
            return 0
        with self.ledger.transaction():
            rowids = self.ledger.rowids(list(docs))
            missing = sorted(set(docs) - rowids.keys())
            if missing:
                raise KeyError(f"{missing[0]}: not in the ledger; the embedded index only holds ledger records")
            return self.write([(rowids[rid], fts_values(doc)) for rid, doc in docs.items()])

    def write(self, rows: list[tuple[int, FtsValues]]) -> int:
        """Index entries for ledger rowids, replacing any they had. Written in rowid order: FTS5
        keeps appending to its in-memory segment while rowids grow, and flushes one whenever a
        rowid goes back."""
        rows = sorted(rows, key=lambda row: row[0])
        with self.ledger.transaction():
            self.conn.executemany("DELETE FROM fts WHERE rowid = ?", [(rowid,) for rowid, _ in rows])
            self.conn.executemany(_INSERT, [(rowid, *values) for rowid, values in rows])
        return len(rows)

    def rebuild(self, parallel: bool | None = None) -> int:
        """Every ledger record, into a new FTS table (dropping the old one is much cheaper than
        deleting its rows one by one), read and written in rowid order. With many records
        (``parallel`` None: at least :data:`PARALLEL_FROM`, on a machine with two cores or more),
        a second process prepares the entries from the records' JSON while this one writes. It is
        forked (a spawned one would re-run the caller's main module), so only from a process that
        runs no other thread."""
        if parallel is None:
            parallel = ((os.cpu_count() or 1) > 1 and threading.active_count() == 1
                        and "fork" in multiprocessing.get_all_start_methods()
                        and self.ledger.count() >= PARALLEL_FROM)
        with self.ledger.transaction():
            self.conn.execute("DROP TABLE IF EXISTS fts")
            self.conn.execute(FTS_TABLE)
            n = 0
            for rows in _prepared(self.ledger.json_rows(batch=1000), parallel):
                self.conn.executemany(_INSERT, rows)
                n += len(rows)
        return n

    def delete(self, record_id: str) -> None:
        rowid = self.ledger.rowid(record_id)
        if rowid is not None:
            with self.ledger.transaction():
                self.conn.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM fts").fetchone()[0])

    # -- reading ----------------------------------------------------------------------------
    def search(self, query: Query) -> SearchResult:
        parsed = parse_query(query.text)
        if parsed.number is not None:
            by_number = self._browse(query, parsed.terms, number=parsed.number)
            if by_number.total:
                return by_number
        if not query.text.strip():
            return self._browse(query, ())
        if not parsed.terms:
            return SearchResult(0, [], {})             # only punctuation: nothing to look for
        return self._text(query, parsed)

    def _page_args(self, query: Query) -> tuple[int, int]:
        size = max(1, min(query.size, 100))
        return size, (max(1, query.page) - 1) * size

    def _browse(self, query: Query, terms: tuple[Term, ...], number: str | None = None) -> SearchResult:
        """Filters only (or a number), from the ledger's indexed columns: the total is exact; so are
        the facets up to :data:`CANDIDATES` matches, beyond which they count the most recently
        added ones (``exact=False``), so that browsing a large set costs what a text query does."""
        where, args = filters(query)
        _visible_rows(where, args, query.visibility)
        if number:
            where.append("r.number_key = ?")
            args.append(number)
        size, offset = self._page_args(query)
        shown = page(self.conn, browse_sql(where), args, order_sql(query.sort, scored=False), size, offset)
        hits = [make_hit(doc, 0.0, terms) for doc, _ in self._shown_rows(shown)]
        if not where:
            return SearchResult(self.ledger.count(), hits, self.ledger.facet_totals())
        covering = "" if number or query.visibility else " INDEXED BY records_facets"
        source = facet_source(where, covering)
        total = int(self.conn.execute(f"SELECT count(*) FROM ({source})", args).fetchone()[0])
        if total <= CANDIDATES:
            return SearchResult(total, hits, facets(self.conn, source, args)[1])
        recent = f"{facet_source(where)} ORDER BY r.rowid DESC LIMIT {CANDIDATES}"
        return SearchResult(total, hits, facets(self.conn, recent, args)[1], exact=False)

    def _rowids(self, expression: str, lo: int) -> set[int]:
        return {int(r[0]) for r in self.conn.execute("SELECT rowid FROM fts WHERE fts MATCH ? AND rowid >= ?",
                                                     (expression, lo))}

    def _text(self, query: Query, parsed: ParsedQuery) -> SearchResult:
        """Bounded: at most CANDIDATES rows are read; SQLite scores, pages and counts them."""
        match = match_expression(parsed, query)
        cands = [int(r[0]) for r in self.conn.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?", (match, CANDIDATES))]
        capped = len(cands) == CANDIDATES
        if not cands:
            return SearchResult(0, [], {name: [] for name in FACETS})
        # within the same match (so filters bound it too): which candidates have a term as typed
        bonus = dict.fromkeys(cands, 0.0)
        for t in parsed.terms:
            if t.has_marks:
                for rid in self._rowids(f"{match} AND {{subject issuer body}} : {_quoted(t.text)}", cands[-1]):
                    if rid in bonus:
                        bonus[rid] += 3.0
        self.conn.execute("DELETE FROM temp.cand")
        self.conn.executemany("INSERT INTO temp.cand(rid, bonus) VALUES (?, ?)", bonus.items())
        source, args = candidates_sql(parsed.terms, query)
        size, offset = self._page_args(query)
        shown = page(self.conn, source, args, order_sql(query.sort, scored=True), size, offset)
        hits = [make_hit(doc, sc, parsed.terms) for doc, sc in self._shown_rows(shown)]
        total, counts = facets(self.conn, source, args)
        return SearchResult(total, hits, counts, exact=not capped)

    def _shown_rows(self, page: list[tuple[int, float]]) -> list[tuple[dict[str, Any], float]]:
        """The page's records (only these are read and parsed), in the page's order."""
        if not page:
            return []
        found = {int(r[0]): (str(r[1]), str(r[2])) for r in self.conn.execute(
            "SELECT r.rowid, r.id, j.json FROM records r JOIN record_json j ON j.rid = r.rowid "
            f"WHERE r.rowid IN ({','.join('?' * len(page))})", [p[0] for p in page])}
        return [(_shown(orjson.loads(found[rid][1]), found[rid][0]), sc) for rid, sc in page if rid in found]

    def get(self, record_id: str) -> Record | None:
        return self.ledger.get(record_id)

    def citing(self, number: str, visibility: Visibility | None = None) -> list[Hit]:
        where, args = ["c.number_key = ?"], [number_key(number)]
        _visible_rows(where, args, visibility)
        page = self.conn.execute(
            "SELECT r.rowid FROM citations c JOIN records r ON r.id = c.record_id "
            f"WHERE {' AND '.join(where)} ORDER BY r.issue_date, r.id", args).fetchall()
        return [make_hit(shown, 0.0) for shown, _ in self._shown_rows([(int(p[0]), 0.0) for p in page])]

    def more_like_this(self, record_id: str, size: int = 5, visibility: Visibility | None = None) -> list[Hit]:
        """Records sharing the most topic words with this one (among the recent candidates)."""
        record = self.ledger.get(record_id)
        own = self.ledger.rowid(record_id)
        if record is None or own is None:
            return []
        words = topic_words(to_index_doc(record))
        if not words:
            return []
        expr = "{subject_f body_f} : (" + " OR ".join(_quoted(w) for w in words) + ")"
        seen = visibility_expression(visibility)
        if seen:
            expr = f"{expr} AND {seen}"
        cands = [int(r[0]) for r in self.conn.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid != ? ORDER BY rowid DESC LIMIT ?",
            (expr, own, CANDIDATES))]
        if not cands:
            return []
        scores = dict.fromkeys(cands, 0.0)
        for k, w in enumerate(words):
            weight = len(words) - k                      # the document's own strongest words first
            for rid in self._rowids("{subject_f} : " + _quoted(w), cands[-1]) & scores.keys():
                scores[rid] += 2 * weight
            for rid in self._rowids("{body_f} : " + _quoted(w), cands[-1]) & scores.keys():
                scores[rid] += weight
        best = sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))[:size]
        return [make_hit(shown, sc) for shown, sc in self._shown_rows(best)]


def _shown(data: dict[str, Any], rid: str) -> dict[str, Any]:
    doc = data["document"]
    return {"id": rid, "number": doc["number"], "type": doc["type"], "issuer": doc["issuer"], "date": doc["date"],
            "subject": doc["subject"], "body": data.get("text") or ""}
