"""Elasticsearch query plans side by side, on one index, in one run.

    python bench/search_plans.py [--records 1000000] [--queries 400] [--rounds 2]

Fills an index (its own alias, dropped afterwards) straight from bench/search.py's generator
(no ledger: only the query plans are compared), then times the text queries of bench/search.py's
mix (words, folded words, phrases, filtered, date ranges) under three plans, alternating them
``--rounds`` times so that a noisy machine weighs on each alike:

- ``all counted``: the plan before 0.5.0, one request that counts every match and six facets
  over all of them (``track_total_hits: true`` and the terms aggregations);
- ``bounded``: what ``ElasticsearchIndex.search`` does now (matches counted up to
  ``CANDIDATES``, the facets from a second, unscored request over at most that many, or from the
  page when every match is on it);
- ``hits only``: the hits counted up to ``CANDIDATES`` and no facets at all, a floor, not a plan
  a leader could use.

Each query is run once to warm up and timed on a second pass. Reports p50/p95 over all and p95
by kind. Elasticsearch is the one at CONGVAN_ES_URL (scripts/elasticsearch start).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from congvan.search.es_index import _FACET_AGGS, ElasticsearchIndex, build_query, client_from_env  # noqa: E402
from congvan.search.index import CANDIDATES, Query  # noqa: E402
from congvan.search.text import parse_query  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
assert _spec is not None and _spec.loader is not None
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)

TEXT_KINDS = ("words", "folded", "phrase", "filtered", "dates")
SHOWN = ["id", "number", "type", "issuer", "date", "subject_shown", "record.text"]


def plans(index: ElasticsearchIndex) -> dict[str, Callable[[Query], object]]:
    es = index.es

    def all_counted(q: Query) -> object:
        return es.search(index=index.alias, query=build_query(q, parse_query(q.text), None), size=q.size,
                         aggs=_FACET_AGGS, track_total_hits=True, source_includes=SHOWN)

    def hits_only(q: Query) -> object:
        return es.search(index=index.alias, query=build_query(q, parse_query(q.text), None), size=q.size,
                         track_total_hits=CANDIDATES, source_includes=SHOWN)

    return {"all counted (before)": all_counted, "bounded (now)": index.search, "hits only (a floor)": hits_only}


def timed(run: Callable[[Query], object], qs: list[tuple[str, Query]]) -> dict[str, list[float]]:
    for _, q in qs:
        run(q)                                               # warm-up pass
    times: dict[str, list[float]] = {}
    for kind, q in qs:
        start = time.perf_counter()
        run(q)
        times.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--samples", type=Path, default=ROOT / "samples" / "data")
    args = ap.parse_args()
    index = ElasticsearchIndex(client_from_env(timeout=120), alias=f"congvan-plans-{uuid.uuid4().hex[:8]}")
    qs = [(k, q) for k, q in bench_search.queries(args.queries, args.samples, args.records)
          if k in TEXT_KINDS and isinstance(q, Query)]
    try:
        index.ensure()
        start = time.perf_counter()
        index.index(bench_search.records(args.records, args.samples))
        index.refresh()
        print(f"filled {args.records} records in {time.perf_counter() - start:.0f} s")
        times: dict[str, dict[str, list[float]]] = {}
        for _ in range(args.rounds):
            for name, run in plans(index).items():
                for kind, ts in timed(run, qs).items():
                    times.setdefault(name, {}).setdefault(kind, []).extend(ts)
    finally:
        index.drop()
    print(f"\n{len(qs)} text queries at {args.records} records, {args.rounds} rounds (ms)\n")
    print("| plan | p50 | p95 | " + " | ".join(f"{k} p95" for k in TEXT_KINDS) + " |")
    print("|---|---:|---:|" + "---:|" * len(TEXT_KINDS))
    for name, by_kind in times.items():
        every = [t for ts in by_kind.values() for t in ts]
        print(f"| {name} | {statistics.median(every):.1f} | {p95(every):.1f} | "
              + " | ".join(f"{p95(by_kind[k]):.1f}" for k in TEXT_KINDS if k in by_kind) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
