"""Ranking, ordering and facet counting for the embedded backend, as SQL over the ledger's rows.

Every query's rows are a SQL source (the bounded candidates of a text query joined to their
ledger rows, or the ledger rows a browse's filters select); SQLite scores, sorts, pages and
counts them in C, so Python only ever touches the page it shows.

Scores (see :mod:`search.sqlite_index`): subject 12 for a term typed with diacritics and found
with them, else 4 for a folded match; issuer 6, else 2; a ``bonus`` of 3 per marked term found
with its marks anywhere in the document (computed from FTS, carried in the candidate table).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from congvan.search.index import FACETS, Query, Sort
from congvan.search.text import Term

CANDIDATE_TABLE = "CREATE TEMP TABLE IF NOT EXISTS cand (rid INTEGER PRIMARY KEY, bonus REAL NOT NULL)"
_COLUMNS = "r.rowid AS rid, r.id AS id, r.issue_date AS issue_date, " + ", ".join(f"r.{f} AS {f}" for f in FACETS)


def filters(q: Query) -> tuple[list[str], list[Any]]:
    """WHERE conditions on the ledger's ``records r`` for a query's filters."""
    where: list[str] = []
    args: list[Any] = []
    for column, value in (("r.type", q.type), ("r.issuer", q.issuer), ("r.unit", q.unit),
                          ("r.urgency", q.urgency), ("r.confidentiality", q.confidentiality)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    for column, op, value in (("r.issue_date", ">=", q.date_from), ("r.issue_date", "<=", q.date_to),
                              ("r.arrival_date", ">=", q.arrival_from), ("r.arrival_date", "<=", q.arrival_to)):
        if value:
            where.append(f"{column} {op} ?")
            args.append(value)
    return where, args


def _where(conditions: list[str]) -> str:
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""


def _contains(column: str) -> str:
    return f"instr(' ' || coalesce({column}, '') || ' ', ?)"


def score_sql(terms: tuple[Term, ...]) -> tuple[str, list[Any]]:
    """The score of a candidate row as a SQL expression (word-bounded matches on the ledger's
    word keys of subject and issuer, exact and folded) plus its ``bonus``."""
    parts: list[str] = ["h.bonus"]
    args: list[Any] = []
    for t in terms:
        for exact, folded, high, low in (("r.subject_key", "r.subject_fkey", 12, 4),
                                         ("r.issuer_key", "r.issuer_fkey", 6, 2)):
            if t.has_marks:
                parts.append(f"(CASE WHEN {_contains(exact)} THEN {high} "
                             f"WHEN {_contains(folded)} THEN {low} ELSE 0 END)")
                args += [f" {t.text} ", f" {t.folded} "]
            else:
                parts.append(f"(CASE WHEN {_contains(folded)} THEN {low} ELSE 0 END)")
                args.append(f" {t.folded} ")
    return " + ".join(parts), args


def order_sql(sort: Sort, scored: bool) -> str:
    """Relevance (ties to the newer document), or issue date either way; undated last, then id."""
    if sort == "date":
        return "issue_date DESC NULLS LAST, id DESC"
    if sort == "date_asc":
        return "issue_date ASC NULLS LAST, id"
    return ("score DESC, " if scored else "") + "issue_date DESC NULLS LAST, id"


def candidates_sql(terms: tuple[Term, ...], query: Query) -> tuple[str, list[Any]]:
    """The scored candidates of a text query that pass its exact date bounds."""
    expr, args = score_sql(terms)
    where, fargs = filters(query)
    return (f"SELECT {_COLUMNS}, {expr} AS score FROM temp.cand h CROSS JOIN records r ON r.rowid = h.rid"
            f"{_where(where)}",
            [*args, *fargs])


def browse_sql(where: list[str]) -> str:
    """The ledger rows a browse's filters select (unscored)."""
    return f"SELECT {_COLUMNS}, 0.0 AS score FROM records r{_where(where)}"


def facet_source(where: list[str], index: str = "") -> str:
    """Only the facet columns of the rows ``where`` selects: read from a covering index alone."""
    return f"SELECT {', '.join('r.' + f + ' AS ' + f for f in FACETS)} FROM records r{index}{_where(where)}"


def page(conn: sqlite3.Connection, source: str, args: list[Any], order: str, size: int,
         offset: int) -> list[tuple[int, float]]:
    return [(int(r[0]), float(r[1])) for r in conn.execute(
        f"SELECT rid, score FROM ({source}) ORDER BY {order} LIMIT ? OFFSET ?", [*args, size, offset])]


def facets(conn: sqlite3.Connection, source: str, args: list[Any]) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """(how many rows ``source`` has, the top-20 value counts of each facet), in one pass."""
    groups = " UNION ALL ".join(f"SELECT '{f}', {f}, count(*) FROM m WHERE {f} IS NOT NULL GROUP BY {f}"
                                for f in FACETS)
    out: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
    total = 0
    for name, value, n in conn.execute(
            f"WITH m AS MATERIALIZED ({source}) SELECT '', NULL, count(*) FROM m UNION ALL {groups}", args):
        if name:
            out[name].append((str(value), int(n)))
        else:
            total = int(n)
    return total, {f: sorted(v, key=lambda kv: (-kv[1], kv[0]))[:20] for f, v in out.items()}
