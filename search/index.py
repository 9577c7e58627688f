"""The ``SearchIndex`` interface both backends implement, and what they exchange.

An index holds a projection of ledger records: the fields searched (exact and folded forms, see
:mod:`search.text`) and the ones filtered and faceted on. Results carry hits with highlighted
snippets and facet counts. ``get`` returns the stored record, ``citing`` the records that cite a
number, ``more_like_this`` records on the same topic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from congvan.pipeline.core.confidence import CHECKED
from congvan.pipeline.core.records import Record
from congvan.pipeline.core.vntext import fold
from congvan.search.text import Term, exact_form, folded_form, highlight, number_key

FACETS = ("type", "issuer", "unit", "urgency", "confidentiality", "year")
Sort = Literal["relevance", "date", "date_asc"]


@dataclass(frozen=True)
class Visibility:
    """Which records a person may see, as a filter every backend applies inside the query (so
    what is hidden is not in totals or facet counts either). A record is visible when
    ``everything``; or it is not secret and ``open``; or one of ``units`` is assigned to it
    (:func:`assigned_units`), secret or not. ``offices``, when given, keeps only the records of
    those offices (a deployment serving several; '' is the deployment's own), whatever else
    allows. Who gets which is decided in ``pipeline.desk``."""
    everything: bool = False
    open: bool = False
    units: tuple[str, ...] = ()
    offices: tuple[str, ...] | None = None


def assigned_units(record: Record) -> tuple[str, ...]:
    """The units a person assigned the record to: the handling unit and the cooperating ones of
    its ``incoming.handling``, counted only once a person set or confirmed them (confidence
    :data:`CHECKED`), never as OCR read them off a stamp or as routing proposed them."""
    inc = record.incoming
    if inc is None:
        return ()
    out: list[str] = []
    for name, value in (("incoming.handling.main", inc.handling.main),
                        ("incoming.handling.coordination", inc.handling.coordination)):
        if value and record.confidence.get(name) == CHECKED:
            out += [u for u in (part.strip() for part in value.split(UNIT_SEPARATOR)) if u and u not in out]
    return tuple(out)


UNIT_SEPARATOR = ";"      # between the cooperating units of incoming.handling.coordination


def is_secret(record: Record) -> bool:
    return record.document.confidentiality is not None


def visible(record: Record, who: Visibility | None) -> bool:
    """Whether ``who`` may see ``record``: the same rule the backends apply in their queries."""
    if who is None:
        return True
    if who.offices is not None and (record.office or "") not in who.offices:
        return False
    if who.everything:
        return True
    if who.open and not is_secret(record):
        return True
    return bool(set(who.units) & set(assigned_units(record)))


@dataclass(frozen=True)
class Query:
    text: str = ""
    type: str | None = None
    issuer: str | None = None
    date_from: str | None = None        # issue date, ISO yyyy-mm-dd, inclusive
    date_to: str | None = None
    arrival_from: str | None = None
    arrival_to: str | None = None
    unit: str | None = None             # routing unit (or the stamp's handling unit)
    urgency: str | None = None
    confidentiality: str | None = None
    sort: Sort = "relevance"
    page: int = 1
    size: int = 10
    visibility: Visibility | None = None    # who asks (None: no restriction, the office's own shell)


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    number: str | None
    type: str | None
    issuer: str | None
    date: str | None
    subject: str | None
    snippet: str | None = None


# How many matches of a text query are counted, on both backends: beyond it the total is shown
# as a lower bound ("1000+") and the facets count a bounded share of the matches, so that a
# query's cost does not grow with how many of a million records hold a common word
CANDIDATES = 1000


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    exact: bool = True      # False: more matched than were counted (:data:`CANDIDATES`); total is a
                            # lower bound (exact when browsing with filters only) and the facets
                            # count the candidates (SQLite: the most recently added matches;
                            # Elasticsearch: the first the index holds)


class SearchIndex(Protocol):
    name: str

    def index(self, records: Iterable[Record]) -> int: ...
    def delete(self, record_id: str) -> None: ...
    def search(self, query: Query) -> SearchResult: ...
    def get(self, record_id: str) -> Record | None: ...
    def more_like_this(self, record_id: str, size: int = 5, visibility: Visibility | None = None) -> list[Hit]: ...
    def citing(self, number: str, visibility: Visibility | None = None) -> list[Hit]: ...
    def count(self) -> int: ...


@dataclass(frozen=True)
class IndexDoc:
    """One record flattened for an index: what is searched, filtered, faceted and shown."""
    id: str
    number: str | None
    number_key: str | None
    type: str | None
    issuer: str | None
    date: str | None
    arrival_date: str | None
    unit: str | None
    urgency: str | None
    confidentiality: str | None
    year: str | None
    subject: str
    body: str
    references: tuple[str, ...]
    secret: bool = False
    assigned: tuple[str, ...] = ()
    office: str = ""

    @property
    def searchable(self) -> dict[str, str]:
        """Exact and folded forms of the searched fields."""
        number = " ".join(filter(None, [self.number or "", self.number_key or ""]))
        subject, issuer, body = exact_form(self.subject), exact_form(self.issuer or ""), exact_form(self.body)
        return {"number": number, "subject": subject, "issuer": issuer, "body": body,
                "subject_f": fold(subject), "issuer_f": fold(issuer), "body_f": fold(body)}


def to_index_doc(record: Record) -> IndexDoc:
    d = record.document
    inc = record.incoming
    return IndexDoc(
        id=record.source.sha256, number=d.number, number_key=number_key(d.number) if d.number else None,
        type=d.type, issuer=d.issuer, date=d.date, arrival_date=inc.arrival_date if inc else None, unit=record.unit,
        urgency=d.urgency, confidentiality=d.confidentiality, year=d.date[:4] if d.date else None,
        subject=d.subject or "", body=record.text or "",
        references=tuple(sorted({number_key(r.number) for r in d.references if r.number})),
        secret=is_secret(record), assigned=assigned_units(record), office=record.office or "")


def make_hit(doc: dict[str, Any], score: float, terms: tuple[Term, ...] = ()) -> Hit:
    """A hit with its snippet: the subject when it matches ``terms``, else the body around the
    first match (the query is parsed once by the caller, not once per hit)."""
    snippet = highlight(doc.get("subject") or "", terms) or highlight(doc.get("body") or "", terms)
    return Hit(id=doc["id"], score=round(score, 4), number=doc.get("number"), type=doc.get("type"),
               issuer=doc.get("issuer"), date=doc.get("date"), subject=doc.get("subject") or None, snippet=snippet)


_STOPWORDS_TEXT = """va cua cac cho trong theo de duoc voi tai ve tren nay la co khong nhung mot so nam ngay thang
tinh huyen xa thuc hien bao cao nghi don vi quan nha nuoc ubnd"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def topic_words(doc: IndexDoc, limit: int = 12) -> list[str]:
    """The folded words that say what a document is about (subject first, then frequent body words)."""
    counts: dict[str, int] = {}
    for weight, text in ((5, doc.subject), (1, doc.body[:4000])):
        for w in folded_form(text).split():
            w = w.strip(".,;:()\"'“”-–")
            if len(w) > 2 and w.isalpha() and w not in STOPWORDS:
                counts[w] = counts.get(w, 0) + weight
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
