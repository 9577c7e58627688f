"""Ranking and counting the embedded backend's bounded candidate set, in Python.

A candidate is a ledger row read through the facet columns; :func:`score` weighs where each query
term occurs (see :mod:`search.sqlite_index`), :func:`facet_counts` counts values for the facets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from pipeline.vntext import fold

from .index import FACETS, Query
from .text import Term

CANDIDATE_COLUMNS = ("r.rowid, r.id, r.subject_key, r.issuer_key, r.issuer, r.issue_date, r.arrival_date, "
                     "r.type, r.unit, r.urgency, r.confidentiality, r.year")


@dataclass(frozen=True)
class Candidate:
    rowid: int
    id: str
    subject_key: str | None
    issuer_key: str | None
    issuer: str | None
    issue_date: str | None
    arrival_date: str | None
    type: str | None
    unit: str | None
    urgency: str | None
    confidentiality: str | None
    year: str | None


def dates_ok(c: Candidate, q: Query) -> bool:
    """The exact day bounds (the FTS tags matched whole months)."""
    for value, lo, hi in ((c.issue_date, q.date_from, q.date_to), (c.arrival_date, q.arrival_from, q.arrival_to)):
        if (lo or hi) and (value is None or (lo and value < lo) or (hi and value > hi)):
            return False
    return True


def newest_first(day: str | None) -> str:
    """A sort key that puts later dates first under an ascending sort."""
    return "".join(chr(0x7F - ord(ch)) for ch in day) if day else "\x7f"


def _has(words: str, text: str) -> bool:
    return f" {words} " in f" {text} "


def score(c: Candidate, terms: tuple[Term, ...], exact_anywhere: dict[Term, set[int]]) -> float:
    """Where each term occurs: subject 12 (typed diacritics found as typed) or 4 (folded), issuer 6
    or 2, and 3 more when a term typed with diacritics occurs with them anywhere in the document."""
    subject, issuer = c.subject_key or "", c.issuer_key or ""
    subject_f, issuer_f = fold(subject), fold(issuer)
    total = 0.0
    for t in terms:
        total += 12 if t.has_marks and _has(t.text, subject) else 4 if _has(t.folded, subject_f) else 0
        total += 6 if t.has_marks and _has(t.text, issuer) else 2 if _has(t.folded, issuer_f) else 0
        total += 3 if c.rowid in exact_anywhere.get(t, ()) else 0
    return total


def facet_counts(rows: list[Candidate]) -> dict[str, list[tuple[str, int]]]:
    return count_columns([tuple(getattr(c, name) for name in FACETS) for c in rows])


def count_columns(values: list[Any]) -> dict[str, list[tuple[str, int]]]:
    """Top-20 value counts of each facet column in ``values`` (tuples in FACETS order)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for k, name in enumerate(FACETS):
        counts = Counter(v[k] for v in values)
        counts.pop(None, None)
        out[name] = sorted(((str(key), n) for key, n in counts.items()), key=lambda kv: (-kv[1], kv[0]))[:20]
    return out
