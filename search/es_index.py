"""The Elasticsearch backend (client 8.19.x): a versioned index behind an alias.

Mapping: the exact and folded forms of subject, issuer and body as ``text`` with the standard
analyzer (no plugin needed: folding is done in Python), keywords for filters and facets, the
record itself stored but not indexed. Writes go through ``streaming_bulk`` with retries.
:meth:`ElasticsearchIndex.rebuild` creates a new versioned index, fills it from the ledger and
swaps the alias in one atomic call, so searches never see an empty index.

Health is checked with ``/_cluster/health``; the test distribution has no ``GET /``.
"""

from __future__ import annotations

import os
import queue
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.helpers import BulkIndexError, streaming_bulk
from elasticsearch.serializer import OrjsonSerializer

from congvan.pipeline.core.config import env_number
from congvan.pipeline.core.errors import IndexOutdatedError, IndexUnavailableError
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
from congvan.search.text import ParsedQuery, Term, number_key, parse_query

ALIAS = "congvan"
_KEYWORD = {"type": "keyword"}
_TEXT = {"type": "text", "analyzer": "standard"}
MAPPING_VERSION = 3          # 2: who may see a record (``open``, ``access``); 3: its ``office``
MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "_meta": {"congvan_mapping": MAPPING_VERSION},
    # the analysed copies are indexed, not stored: what is shown comes from the stored record
    "_source": {"excludes": ["subject", "subject_f", "issuer_f", "body", "body_f"]},
    "properties": {
        "id": _KEYWORD, "number": {"type": "keyword", "fields": {"t": _TEXT}}, "number_key": _KEYWORD,
        "type": _KEYWORD, "issuer": {"type": "keyword", "fields": {"t": _TEXT}}, "issuer_f": _TEXT,
        "date": {"type": "date"}, "arrival_date": {"type": "date"}, "unit": _KEYWORD, "urgency": _KEYWORD,
        "confidentiality": _KEYWORD, "year": _KEYWORD, "references": _KEYWORD,
        "subject": _TEXT, "subject_f": _TEXT, "body": _TEXT, "body_f": _TEXT,
        "subject_shown": {"type": "keyword", "index": False, "doc_values": False},
        "record": {"type": "object", "enabled": False},
        "open": {"type": "boolean"}, "access": _KEYWORD, "office": _KEYWORD,
    },
}
SETTINGS: dict[str, Any] = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


def index_settings(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """:data:`SETTINGS` with the cluster's layout: ``CONGVAN_ES_SHARDS`` primary shards (1: one
    node holds an office's millions comfortably) and ``CONGVAN_ES_REPLICAS`` copies of each (0 on
    one node; 1 on a cluster, so that a node lost loses no shard). Read when an index is made."""
    out = dict(SETTINGS)
    for key, name, least in (("CONGVAN_ES_SHARDS", "number_of_shards", 1),
                             ("CONGVAN_ES_REPLICAS", "number_of_replicas", 0)):
        out[name] = int(env_number(key, SETTINGS[name], least=least, whole=True, env=env))
    return out


def client_from_env(url: str | None = None, timeout: float = 10.0) -> Elasticsearch:
    """``CONGVAN_ES_URL`` (default http://127.0.0.1:9250; a cluster's nodes separated by commas,
    tried in turn when one does not answer), ``CONGVAN_ES_API_KEY`` or
    ``CONGVAN_ES_USER``/``CONGVAN_ES_PASSWORD``, ``CONGVAN_ES_CA_CERT``."""
    url = url or os.environ.get("CONGVAN_ES_URL") or "http://127.0.0.1:9250"
    nodes = [u.strip() for u in url.split(",") if u.strip()]
    kwargs: dict[str, Any] = {"request_timeout": timeout, "max_retries": 2, "retry_on_timeout": True,
                              "serializer": OrjsonSerializer()}
    if os.environ.get("CONGVAN_ES_API_KEY"):
        kwargs["api_key"] = os.environ["CONGVAN_ES_API_KEY"]
    elif os.environ.get("CONGVAN_ES_USER"):
        kwargs["basic_auth"] = (os.environ["CONGVAN_ES_USER"], os.environ.get("CONGVAN_ES_PASSWORD", ""))
    if os.environ.get("CONGVAN_ES_CA_CERT"):
        kwargs["ca_certs"] = os.environ["CONGVAN_ES_CA_CERT"]
    return Elasticsearch(nodes, **kwargs)


def _source(doc: IndexDoc, record: Record) -> dict[str, Any]:
    f = doc.searchable
    return {"id": doc.id, "number": doc.number, "number_key": doc.number_key, "type": doc.type,
            "issuer": doc.issuer, "issuer_f": f["issuer_f"], "date": doc.date, "arrival_date": doc.arrival_date,
            "unit": doc.unit, "urgency": doc.urgency, "confidentiality": doc.confidentiality, "year": doc.year,
            "references": list(doc.references), "subject": f["subject"], "subject_f": f["subject_f"],
            "body": f["body"], "body_f": f["body_f"], "subject_shown": doc.subject, "record": record.to_dict(),
            "open": not doc.secret, "access": list(doc.assigned), "office": doc.office}


def _term_query(term: Term, scored: bool = True) -> dict[str, Any]:
    """Where ``term`` matches: its folded form in subject, issuer, body or number. A term typed
    with marks and found with them scores higher (``scored``); an exact match is always a folded
    one too, so the exact fields never widen the matching set and an unscored query leaves them out."""
    kind = "match_phrase" if term.phrase else "match"
    folded = [{kind: {"subject_f": {"query": term.folded, "boost": 4}}}, {kind: {"issuer_f": {"query": term.folded,
                                                                                               "boost": 2}}},
              {kind: {"body_f": {"query": term.folded}}}, {kind: {"number.t": {"query": term.folded}}}]
    exact = []
    if scored and term.has_marks:
        exact = [{kind: {"subject": {"query": term.text, "boost": 12}}},
                 {kind: {"issuer.t": {"query": term.text, "boost": 6}}},
                 {kind: {"body": {"query": term.text, "boost": 3}}}]
    return {"bool": {"should": exact + folded, "minimum_should_match": 1}}


def visibility_filter(who: Visibility | None) -> dict[str, Any] | None:
    """The filter clause that keeps what ``who`` may see (None: no restriction)."""
    if who is None:
        return None
    office = {"terms": {"office": list(who.offices)}} if who.offices is not None else None
    if who.everything:
        return office
    should: list[dict[str, Any]] = [{"term": {"open": True}}] if who.open else []
    if who.units:
        should.append({"terms": {"access": list(who.units)}})
    if not should:
        return {"bool": {"must_not": [{"match_all": {}}]}}
    seen: dict[str, Any] = {"bool": {"should": should, "minimum_should_match": 1}}
    return seen if office is None else {"bool": {"filter": [office, seen]}}


def _with_visibility(query: dict[str, Any], who: Visibility | None) -> dict[str, Any]:
    seen = visibility_filter(who)
    return query if seen is None else {"bool": {"must": [query], "filter": [seen]}}


def build_query(query: Query, parsed: ParsedQuery, number: str | None, scored: bool = True) -> dict[str, Any]:
    filters: list[dict[str, Any]] = []
    seen = visibility_filter(query.visibility)
    if seen is not None:
        filters.append(seen)
    for fld, value in (("type", query.type), ("issuer", query.issuer), ("unit", query.unit),
                       ("urgency", query.urgency), ("confidentiality", query.confidentiality)):
        if value:
            filters.append({"term": {fld: value}})
    for fld, lo, hi in (("date", query.date_from, query.date_to), ("arrival_date", query.arrival_from,
                                                                   query.arrival_to)):
        if lo or hi:
            filters.append({"range": {fld: {k: v for k, v in (("gte", lo), ("lte", hi)) if v}}})
    if number:
        filters.append({"term": {"number_key": number}})
        must: list[dict[str, Any]] = []
    else:
        must = [_term_query(t, scored) for t in parsed.terms]
    return {"bool": {"must": must or [{"match_all": {}}], "filter": filters}}


FACET_SIZE = 20             # values shown for each facet, the most frequent first
_FACET_AGGS = {name: {"terms": {"field": name, "size": FACET_SIZE, "order": [{"_count": "desc"}, {"_key": "asc"}]}}
               for name in FACETS}


def _buckets(aggregations: Any) -> dict[str, list[tuple[str, int]]]:
    return {name: [(str(b["key"]), int(b["doc_count"])) for b in aggregations[name]["buckets"]] for name in FACETS}


def _counted(sources: list[dict[str, Any]]) -> dict[str, list[tuple[str, int]]]:
    """The facets of matches all in hand, counted as the terms aggregation counts them (each value
    of a field once a document, missing values left out; by count, then by value)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        counts = Counter(str(v) for src in sources for v in _values(src.get(name)) if v is not None)
        out[name] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
    return out


def _values(value: Any) -> list[Any]:
    return list(dict.fromkeys(value)) if isinstance(value, list) else [value]


class ElasticsearchIndex:
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None, alias: str | None = None) -> None:
        self.es = client or client_from_env()
        self.alias = alias or os.environ.get("CONGVAN_ES_ALIAS") or ALIAS
        self.settings = index_settings()
        self._checked: str | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def check(self, timeout: str = "5s") -> None:
        """Raise :class:`IndexUnavailableError` unless the cluster answers /_cluster/health."""
        try:
            self.es.cluster.health(wait_for_status="yellow", timeout=timeout)
        except (TransportError, ApiError) as exc:
            raise IndexUnavailableError(f"Elasticsearch is not reachable ({type(exc).__name__}); records stay in "
                                   "the ledger's outbox until `congvan reindex --pending`") from exc

    def _indices(self) -> list[str]:
        try:
            return sorted(self.es.indices.get_alias(name=self.alias).body)
        except ApiError as exc:
            if exc.meta.status == 404:
                return []
            raise

    def ensure(self) -> str:
        """The live index behind the alias, created (version 1) when there is none."""
        current = self._indices()
        if current:
            self._check_mapping(current[-1])
            return current[-1]
        name = f"{self.alias}-v1"
        if not self.es.indices.exists(index=name):
            self.es.indices.create(index=name, mappings=MAPPING, settings=self.settings)
        self.es.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.alias}}])
        return name

    def _check_mapping(self, name: str) -> None:
        """An index made by an older congvan lacks fields this one writes and filters on (who may
        see a record): it must be rebuilt before it is used. Checked once per index."""
        if name == self._checked:
            return
        meta = self.es.indices.get_mapping(index=name)[name]["mappings"].get("_meta") or {}
        if int(meta.get("congvan_mapping", 1)) < MAPPING_VERSION:
            raise IndexOutdatedError(f"the Elasticsearch index {name} was made by an older congvan: run "
                                     "`congvan reindex --backend elasticsearch` to rebuild it from the ledger")
        self._checked = name

    def rebuild(self, records: Iterable[Record]) -> tuple[str, int]:
        """Zero-downtime reindex: fill a new versioned index, then swap the alias to it atomically."""
        old = self._indices()
        versions = [int(n.rsplit("-v", 1)[1]) for n in self.es.indices.get(index=f"{self.alias}-v*").body
                    if n.rsplit("-v", 1)[1].isdigit()]
        name = f"{self.alias}-v{max(versions, default=0) + 1}"
        # filled without refreshes or replicas (one copy to write), which are set once it is full
        self.es.indices.create(index=name, mappings=MAPPING,
                               settings={**self.settings, "refresh_interval": "-1", "number_of_replicas": 0})
        n = self._bulk(name, ((to_index_doc(r), r) for r in records))
        self.es.indices.put_settings(index=name, settings={"refresh_interval": self.settings["refresh_interval"],
                                                           "number_of_replicas": self.settings["number_of_replicas"]})
        self.es.indices.refresh(index=name)
        actions: list[dict[str, Any]] = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.es.indices.update_aliases(actions=actions)
        for o in old:
            self.es.indices.delete(index=o, ignore_unavailable=True)
        return name, n

    def drop(self) -> None:
        """Delete every version of this index (tests, ``reindex`` from scratch)."""
        self.es.indices.delete(index=f"{self.alias}-v*", ignore_unavailable=True, allow_no_indices=True)

    def refresh(self) -> None:
        self.es.indices.refresh(index=self.alias)

    # -- writing -----------------------------------------------------------------------------
    def _bulk(self, index: str, docs: Iterator[tuple[IndexDoc, Record]]) -> int:
        """Index ``docs`` with ``streaming_bulk`` (retries on 429) on a sender thread, fed through a
        bounded queue: while Elasticsearch indexes one chunk, this thread reads and prepares the
        next (``docs`` may read the ledger, whose connection belongs to this thread)."""
        feed: queue.Queue[dict[str, Any] | None] = queue.Queue(maxsize=1000)
        outcome: dict[str, Any] = {"n": 0}
        ended = threading.Event()                      # the end of the feed was taken

        def actions() -> Iterator[dict[str, Any]]:
            while (action := feed.get()) is not None:
                yield action
            ended.set()

        def send() -> None:
            try:
                for ok, _item in streaming_bulk(self.es, actions(), chunk_size=500, max_retries=3,
                                               initial_backoff=1, raise_on_error=True):
                    outcome["n"] += ok
            except Exception as exc:                   # handed over to the caller's thread, below
                outcome["error"] = exc
                while not ended.is_set() and feed.get() is not None:
                    pass                               # keep taking, so the producer never blocks

        sender = threading.Thread(target=send, name="congvan-es-bulk", daemon=True)
        sender.start()
        try:
            for d, r in docs:
                if "error" in outcome:
                    break
                feed.put({"_op_type": "index", "_index": index, "_id": d.id, "_source": _source(d, r)})
        finally:
            feed.put(None)
            sender.join()
        error = outcome.get("error")
        if isinstance(error, BulkIndexError):
            raise IndexUnavailableError(f"Elasticsearch refused {len(error.errors)} documents: "
                                        f"{error.errors[0]}") from error
        if error is not None:
            raise error
        return int(outcome["n"])

    def index(self, records: Iterable[Record]) -> int:
        return self._bulk(self.ensure(), ((to_index_doc(r), r) for r in records))

    def delete(self, record_id: str) -> None:
        self.es.options(ignore_status=404).delete(index=self.alias, id=record_id)

    def count(self) -> int:
        if not self._indices():
            return 0
        return int(self.es.count(index=self.alias)["count"])

    # -- reading -----------------------------------------------------------------------------
    def search(self, query: Query) -> SearchResult:
        parsed = parse_query(query.text)
        live = self._indices()
        if not live:
            return SearchResult(0, [], {})
        self._check_mapping(live[-1])
        if parsed.number is not None:
            by_number = self._search(query, parsed, parsed.number)
            if by_number.total:
                return by_number
        if query.text.strip() and not parsed.terms:
            return SearchResult(0, [], {})
        return self._search(query, parsed, None)

    def _search(self, query: Query, parsed: ParsedQuery, number: str | None) -> SearchResult:
        size = max(1, min(query.size, 100))
        sort: list[Any] = {"date": [{"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
                           "date_asc": [{"date": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]}.get(
            query.sort, ["_score", {"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}])
        es_query = build_query(query, parsed, number)
        text = bool(parsed.terms) and number is None
        # filters only: one request, total and facets exact. Words: the hits ranked over every
        # match, counted up to CANDIDATES (so that Lucene may skip what cannot reach the page),
        # then the facets in a second request, unscored and bounded (_facets)
        resp = self.es.search(index=self.alias, query=es_query, sort=sort, size=size,
                              from_=(max(1, query.page) - 1) * size, aggs=None if text else _FACET_AGGS,
                              track_total_hits=CANDIDATES if text else True,
                              source_includes=["id", "number", "type", "issuer", "date", "subject_shown",
                                               "record.text", *FACETS])
        found = resp["hits"]["hits"]
        hits = [make_hit(_shown(h["_source"]), float(h["_score"] or 0.0), parsed.terms) for h in found]
        total = resp["hits"]["total"]
        exact = total.get("relation", "eq") == "eq"
        if not text:
            facets = _buckets(resp["aggregations"])
        elif exact and query.page <= 1 and int(total["value"]) <= len(found):
            facets = _counted([h["_source"] for h in found])          # every match is on this page
        else:
            facets = _buckets(self._facets(build_query(query, parsed, number, scored=False)))
        return SearchResult(int(total["value"]), hits, facets, exact=exact)

    def _facets(self, es_query: dict[str, Any]) -> Any:
        """The facet counts of a text query's matches, unscored, over at most CANDIDATES of them
        (all of them when the total is exact; else the first the index holds): their cost is
        bounded, as the embedded backend's is."""
        resp = self.es.search(index=self.alias, query={"constant_score": {"filter": es_query}}, size=0,
                              aggs=_FACET_AGGS, track_total_hits=False, terminate_after=CANDIDATES)
        return resp["aggregations"]

    def get(self, record_id: str) -> Record | None:
        try:
            resp = self.es.get(index=self.alias, id=record_id, source_includes=["record"])
        except ApiError as exc:
            if exc.meta.status == 404:
                return None
            raise
        return Record.from_dict(resp["_source"]["record"])

    def citing(self, number: str, visibility: Visibility | None = None) -> list[Hit]:
        if not self._indices():
            return []
        resp = self.es.search(index=self.alias,
                              query=_with_visibility({"term": {"references": number_key(number)}}, visibility),
                              sort=[{"date": {"order": "asc", "missing": "_last"}}, {"id": "asc"}], size=100,
                              source_includes=["id", "number", "type", "issuer", "date", "subject_shown"])
        return [make_hit(_shown(h["_source"]), 0.0) for h in resp["hits"]["hits"]]

    def more_like_this(self, record_id: str, size: int = 5, visibility: Visibility | None = None) -> list[Hit]:
        record = self.get(record_id)
        if record is None:
            return []
        words = topic_words(to_index_doc(record))
        if not words:
            return []
        query = {"bool": {"should": [{"match": {"subject_f": {"query": " ".join(words), "boost": 3}}},
                                     {"match": {"body_f": " ".join(words)}}],
                          "must_not": [{"ids": {"values": [record_id]}}], "minimum_should_match": 1}}
        resp = self.es.search(index=self.alias, query=_with_visibility(query, visibility), size=size,
                              source_includes=["id", "number", "type", "issuer", "date", "subject_shown"])
        return [make_hit(_shown(h["_source"]), float(h["_score"] or 0.0)) for h in resp["hits"]["hits"]]


def _shown(src: dict[str, Any]) -> dict[str, Any]:
    return {"id": src["id"], "number": src.get("number"), "type": src.get("type"), "issuer": src.get("issuer"),
            "date": src.get("date"), "subject": src.get("subject_shown"),
            "body": (src.get("record") or {}).get("text") or ""}
