"""Beyond one machine: the ledger at a million records on SQLite and PostgreSQL, side by side, and
the số đến allocated by two writers at once.

    python bench/scale.py ledger  [--records 1000000] [--engines sqlite,postgresql]
    python bench/scale.py numbers [--documents 10000] [--engines sqlite,postgresql]
    python bench/scale.py search  [--records 1000000] [--queries 400]
    python bench/scale.py ingest  [--copies 2]

``ledger``: loads N generated records (bench/search.py's generator: recombined sample texts, 15
years, references, marks) with their register rows into an empty ledger of each engine, in
batches, through the ledger's own tables and triggers (loading is timed and reported, not the
point), then times, each 200 times after a warm-up, p50 and p95:
  - register one more document: its record and its số đến in one transaction (the ingest's commit);
  - show: a record from its id prefix, the numbers it cites found in the ledger, the records citing
    it, its corrections (what `congvan show` reads);
and once per year for three years, the register export of that year (the rows and the XLSX, as
`congvan register export` writes them).

``numbers``: two processes (two machines' ingest) register D documents between them into the same
year at once; reports the seconds and checks that the numbers are 1..D, each once.

``search``: N records into one Elasticsearch node through the ledger's outbox (as `congvan index`
writes them); the bulk rate; p50/p95 of bench/search.py's mixed queries (words with and without
diacritics, phrases, numbers, filters, dates, citing) after a warm-up pass; then a reindex into a
new index with the alias swapped at the end while a second thread runs the same queries without
pause: how many failed (the target is none), and their p95 meanwhile.

``ingest``: the same scans (the samples' scans, each ``--copies`` times made distinct) read four
ways in one run: here with 1 and 2 OCR workers (the Prefect flow's thread pool), and on a work
pool with 1 and 2 process workers (`prefect worker start`) behind `congvan prefect-server`, the
ledger on PostgreSQL. Reports pages/min, the 2-worker / 1-worker ratio and per-worker efficiency
(the machine's 2 cores cap it), and the pool's overhead per document against reading here with
the same parallelism.

PostgreSQL is the one at CONGVAN_TEST_DATABASE_URL (default: scripts/postgres's); each run works in
a schema of its own, dropped afterwards. SQLite files go to a temporary folder, removed afterwards.
Elasticsearch is the one at CONGVAN_ES_URL (scripts/elasticsearch start), under an alias of the
bench's own, dropped afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import importlib.util
import itertools
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))          # scale_ingest (after the package: bench/ has no `search`)

from congvan.pipeline.core.records import Record  # noqa: E402
from congvan.pipeline.desk.register import register_table, write_xlsx  # noqa: E402
from congvan.search.db import close_pools  # noqa: E402
from congvan.search.ledger import _COLUMNS, Ledger, record_row  # noqa: E402
from congvan.search.schema import FACET_COLUMNS  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
assert _spec is not None and _spec.loader is not None
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)
records = bench_search.records            # the search bench's generator: one corpus for both benches

BATCH = 5000
TIMED = 200


@contextlib.contextmanager
def ledger_target(engine: str) -> Iterator[Path | str]:
    """An empty ledger's place: a SQLite file in a temporary folder, or a fresh PostgreSQL schema."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="congvan-scale-") as home:
            yield Path(home) / "ledger.sqlite"
        return
    from scale_ingest import schema

    with schema() as url:
        try:
            yield url
        finally:
            close_pools()


def with_real_id(record: Record, salt: str = "") -> Record:
    """The generator numbers its records 0, 1, 2…; a ledger's ids are SHA-256 digests, spread
    evenly (what an id-prefix lookup meets)."""
    digest = hashlib.sha256((salt + record.source.sha256).encode()).hexdigest()
    return dataclasses.replace(record, source=dataclasses.replace(record.source, sha256=digest))


def load(ledger: Ledger, n: int, samples: Path) -> tuple[float, dict[int, int]]:
    """N records and their register rows, in batches of BATCH per transaction; (seconds, rows per year)."""
    insert = (f"INSERT INTO records(rowid, id, {', '.join(_COLUMNS)}, created_at, updated_at) "
              f"VALUES ({', '.join('?' * (len(_COLUMNS) + 4))})")
    seqs: dict[int, int] = {}
    generated = records(n, samples)
    rowid, seconds = 0, 0.0
    while batch := list(itertools.islice(generated, BATCH)):
        prepared, json_rows, cites, register = [], [], [], []
        for record in batch:
            rowid += 1
            row = record_row(with_real_id(record))
            prepared.append((rowid, row.id, *row.columns, "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00"))
            json_rows.append((rowid, row.json))
            cites += [(row.id, k) for k in row.citations]
            day = (record.incoming.arrival_date if record.incoming else None) or record.document.date or "2020-01-01"
            year = int(day[:4])
            seqs[year] = seqs.get(year, 0) + 1
            register.append((year, seqs[year], row.id, day, day + "T08:00:00+00:00"))
        start = time.perf_counter()
        if ledger.postgres:
            _copy(ledger, prepared, json_rows, cites, register)
        else:
            with ledger.transaction(immediate=True):
                ledger.conn.executemany(insert, prepared)
                ledger.conn.executemany("INSERT INTO record_json(rid, json) VALUES (?, ?)", json_rows)
                ledger.conn.executemany("INSERT INTO citations(record_id, number_key) VALUES (?, ?) "
                                        "ON CONFLICT DO NOTHING", cites)
                ledger.conn.executemany(REGISTER_INSERT, register)
        seconds += time.perf_counter() - start
    start = time.perf_counter()
    if ledger.postgres:                     # explicit ids were given: the identity goes on after them
        ledger.conn.execute("SELECT setval(pg_get_serial_sequence('records', 'rowid'), ?)", (rowid,))
        with ledger.transaction():          # the facet counts the trigger would have kept, counted once
            ledger.conn.execute("DELETE FROM facet_totals")
            for column in FACET_COLUMNS:
                ledger.conn.execute(f"INSERT INTO facet_totals(name, value, n) SELECT '{column}', {column}, count(*) "
                                    f"FROM records WHERE {column} IS NOT NULL GROUP BY {column}")
            ledger.conn.execute("ALTER TABLE records ENABLE TRIGGER records_facets")
    ledger.conn.execute("ANALYZE")
    seconds += time.perf_counter() - start
    return seconds, seqs


REGISTER_INSERT = ("INSERT INTO register(year, seq, record_id, stamp_number, clash, arrival_day, registered_at) "
                   "VALUES (?, ?, ?, NULL, 0, ?, ?)")


def _copy(ledger: Ledger, records_rows: list[Any], json_rows: list[Any], cites: list[Any],
          register: list[Any]) -> None:
    """A batch into PostgreSQL with COPY (the bulk path a backfill takes); the facet trigger is off
    for the load and its counts made once at the end."""
    raw = ledger.conn.raw
    with raw.transaction(), raw.cursor() as cur:
        cur.execute("ALTER TABLE records DISABLE TRIGGER records_facets")
        for table, columns, rows in (
                ("records", f"rowid, id, {', '.join(_COLUMNS)}, created_at, updated_at", records_rows),
                ("record_json", "rid, json", json_rows), ("citations", "record_id, number_key", sorted(set(cites))),
                ("register", "year, seq, record_id, arrival_day, registered_at",
                 [(y, q, r, d, t) for y, q, r, d, t in register])):
            with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def timed(fn: Callable[[int], Any], times: int = TIMED) -> tuple[float, float]:
    """p50 and p95 in ms of ``fn(k)`` for k in range(times), after one warm-up call."""
    fn(-1)
    ms = []
    for k in range(times):
        t0 = time.perf_counter()
        fn(k)
        ms.append((time.perf_counter() - t0) * 1000)
    ms.sort()
    return statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]


def ledger_bench(engine: str, n: int, samples: Path) -> dict[str, float]:
    extra = [with_real_id(r, salt="extra") for r in records(TIMED + 1, samples, seed=99)]
    rng = random.Random(5)
    with ledger_target(engine) as target, Ledger(target) as ledger:
        load_s, per_year = load(ledger, n, samples)
        ids = [str(r[0]) for r in ledger.conn.execute("SELECT id FROM records WHERE rowid % 997 = 0")]

        def register_one(k: int) -> None:
            record = extra[k]
            with ledger.transaction(immediate=True):
                ledger.put_record(record)
                ledger.register(record.source.sha256, 2026, None, "2026-12-07")

        def show(k: int) -> None:
            rid = ledger.find_id(rng.choice(ids)[:12])
            assert rid is not None
            record = ledger.get(rid)
            assert record is not None
            for ref in record.document.references:
                ledger.with_number(ref.number)
            if record.document.number:
                ledger.citing(record.document.number)
            ledger.corrections(rid)

        reg50, reg95 = timed(register_one)
        show50, show95 = timed(show)
        years = sorted(per_year, key=lambda y: -per_year[y])[:3]
        export_s = []
        for year in years:
            t0 = time.perf_counter()
            rows = register_table(ledger, f"{year}-01-01", f"{year}-12-31")
            write_xlsx(rows, f"SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM {year}", f"Sổ đến {year}")
            export_s.append(time.perf_counter() - t0)
            assert len(rows) >= per_year[year]
        return {"records": float(ledger.count()), "load_records_per_s": n / load_s,
                "register_one_p50_ms": reg50, "register_one_p95_ms": reg95,
                "show_p50_ms": show50, "show_p95_ms": show95,
                "register_export_one_year_s (median of 3)": statistics.median(export_s),
                "rows_in_exported_year (median)": float(statistics.median(per_year[y] for y in years))}


def _writer(target: str, tag: str, n: int, out: Any) -> None:
    with Ledger(target) as ledger:
        out.put([ledger.register(f"{tag}-{i:06d}", 2026, None, "2026-12-07")[0] for i in range(n)])


def numbers_bench(engine: str, documents: int) -> dict[str, float]:
    with ledger_target(engine) as target:
        Ledger(target).close()
        ctx = multiprocessing.get_context("spawn")
        out = ctx.Queue()
        half = documents // 2
        workers = [ctx.Process(target=_writer, args=(str(target), tag, n, out))
                   for tag, n in (("a", half), ("b", documents - half))]
        t0 = time.perf_counter()
        for w in workers:
            w.start()
        got = out.get(timeout=3600) + out.get(timeout=3600)
        seconds = time.perf_counter() - t0
        for w in workers:
            w.join(60)
        with Ledger(target) as ledger:
            stored = [int(r[0]) for r in ledger.conn.execute("SELECT seq FROM register WHERE year = 2026")]
    ok = sorted(got) == list(range(1, documents + 1)) == sorted(stored)
    return {"documents": float(documents), "seconds": seconds, "registrations_per_s": documents / seconds,
            "unique_and_gap_free (1 = yes)": float(ok)}


def search_bench(n: int, queries: int, samples: Path) -> dict[str, float]:
    import threading

    from congvan.pipeline.core.config import Config
    from congvan.search.es_index import ElasticsearchIndex, client_from_env
    from congvan.search.store import Store

    qs = bench_search.queries(queries, samples, n)
    ask = bench_search.ask

    with tempfile.TemporaryDirectory(prefix="congvan-scale-") as home:
        es = ElasticsearchIndex(client_from_env(timeout=120), alias=f"congvan-scale-{uuid.uuid4().hex[:6]}")
        es.check()
        store = Store(Config(home=Path(home), backend="elasticsearch"), es=es)
        seconds = bench_search.fill(store, n, samples, batch=5000)
        for _, q in qs:                                                  # warm-up pass
            ask(store, q)
        kinds: dict[str, list[float]] = {}

        def one(k: int) -> None:
            t = time.perf_counter()
            ask(store, qs[k % len(qs)][1])
            if k >= 0:
                kinds.setdefault(qs[k % len(qs)][0], []).append((time.perf_counter() - t) * 1000)

        p50, p95 = timed(one, len(qs))
        stop = threading.Event()
        during: list[float] = []
        failed: list[str] = []

        def asker() -> None:
            side = Store(Config(home=Path(home), backend="elasticsearch"),
                         es=ElasticsearchIndex(client_from_env(timeout=120), alias=es.alias))
            k = 0
            while not stop.is_set():
                t = time.perf_counter()
                try:
                    ask(side, qs[k % len(qs)][1])
                    during.append((time.perf_counter() - t) * 1000)
                except Exception as exc:                                 # every failure counted, none hidden
                    failed.append(f"{type(exc).__name__}: {exc}"[:200])
                k += 1
            side.close()

        thread = threading.Thread(target=asker)
        thread.start()
        t0 = time.perf_counter()
        store.reindex()
        reindex_s = time.perf_counter() - t0
        time.sleep(2)                                                    # queries on the new index too
        stop.set()
        thread.join()
        assert store.index.count() == n
        es.drop()
        store.close()
    during.sort()
    if failed:
        print(f"{len(failed)} queries failed during the reindex, e.g. {failed[0]}", file=sys.stderr)
    return {"records": float(n), "bulk_records_per_s (ledger + index)": n / seconds,
            "search_p50_ms": p50, "search_p95_ms": p95,
            "reindex_records_per_s (alias swap)": n / reindex_s,
            "queries_during_reindex": float(len(during) + len(failed)),
            "failed_queries_during_reindex": float(len(failed)),
            "p95_ms_during_reindex": during[int(0.95 * (len(during) - 1))] if during else float("nan"),
            **{f"p95_{kind}_ms": sorted(ms)[int(0.95 * (len(ms) - 1))] for kind, ms in sorted(kinds.items())}}


def print_side_by_side(results: dict[str, dict[str, float]]) -> None:
    names = list(results)
    print("| measure | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for key in results[names[0]]:
        print(f"| {key} | " + " | ".join(f"{results[e][key]:.1f}" for e in names) + " |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("ledger", "numbers", "search", "ingest"))
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--copies", type=int, default=2)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--samples", type=Path, default=ROOT / "samples" / "data")
    args = ap.parse_args()
    engines = args.engines.split(",")
    if args.what == "ledger":
        results = {e: ledger_bench(e, args.records, args.samples) for e in engines}
        print(f"\nthe ledger at {args.records} records (p50/p95 of {TIMED} after a warm-up)\n")
    elif args.what == "numbers":
        results = {e: numbers_bench(e, args.documents) for e in engines}
        print(f"\n{args.documents} documents registered by two processes at once into one year\n")
    elif args.what == "search":
        results = {"elasticsearch (one node)": search_bench(args.records, args.queries, args.samples)}
        print(f"\nElasticsearch at {args.records} records, {args.queries} mixed queries (p50/p95 after a warm-up)\n")
    else:
        from scale_ingest import ingest_bench

        results = ingest_bench(args.samples, args.copies)
        print("\nthe same scans read here and on a Prefect work pool (pages/min; ratios in the last rows)\n")
    print_side_by_side(results)
    ok = all(r.get("unique_and_gap_free (1 = yes)", 1.0) == 1.0 and r.get("failed_queries_during_reindex", 0.0) == 0
             for r in results.values())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
