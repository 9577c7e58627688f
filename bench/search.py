"""Search at scale: bulk indexing throughput and query latency on both backends.

    python bench/search.py [--records 100000] [--queries 200] [--backends sqlite,elasticsearch]

Generates realistic records by recombining the samples' ground truth (texts split into
sentences, subjects, issuers, types, numbers, references to earlier generated numbers, dates
2011–2025, units, marks), deterministically (seeded). Each backend gets the same records through
the same path as `congvan index` (ledger + index; Elasticsearch through the outbox and
streaming_bulk) and then the same 200 mixed queries (words with and without diacritics,
phrases, numbers, filters, date ranges, citing), each run once as warm-up and timed on a second
pass. Reports records/s (ledger + index together, as `congvan index` writes them, in batches of
2,000, generating them not timed; and the index alone, as `congvan reindex` rebuilds it from the
ledger) and the p50/p95 latency per
backend, side by side.

Elasticsearch is the one at CONGVAN_ES_URL (scripts/elasticsearch start). Data goes to a
temporary CONGVAN_HOME that is removed afterwards.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from congvan.pipeline.core.config import Config  # noqa: E402
from congvan.pipeline.core.records import Document, Handling, Incoming, Record, Reference, Routing, Source  # noqa: E402
from congvan.pipeline.core.vntext import fold  # noqa: E402
from congvan.search.es_index import ElasticsearchIndex, client_from_env  # noqa: E402
from congvan.search.index import Query  # noqa: E402
from congvan.search.store import Store  # noqa: E402

TYPES = [("Công văn", None), ("Chỉ thị", "CT"), ("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Thông báo", "TB"),
         ("Báo cáo", "BC"), ("Hướng dẫn", "HD"), ("Tờ trình", "TTr"), ("Giấy mời", "GM")]
ISSUERS = [("Ủy ban nhân dân tỉnh Hải Dương", "UBND"), ("Bộ Thông tin và Truyền thông", "BTTTT"),
           ("Sở Nội vụ tỉnh Hải Dương", "SNV"), ("Sở Tài chính tỉnh Hải Dương", "STC"),
           ("Sở Kế hoạch và Đầu tư tỉnh Hải Dương", "SKHĐT"), ("Ban Tuyên giáo Tỉnh ủy Hải Dương", "BTGTU"),
           ("Cục An toàn thông tin", "CATTT"), ("Văn phòng Chính phủ", "VPCP"), ("Thanh tra tỉnh Hải Dương", "TTr"),
           ("Công an tỉnh Hải Dương", "CAT")]
UNITS = ["VP", "TTra", "P.KHTC", "P.BCVT", "P.CNTT", "P.TTBCXB", "TT CNTT"]


def corpus(samples: Path) -> tuple[list[str], list[str]]:
    subjects, sentences = [], []
    for p in sorted(samples.glob("cv*.json")):
        gt = json.loads(p.read_text(encoding="utf-8"))
        if gt["document"]["subject"]:
            subjects.append(gt["document"]["subject"])
        text = re.sub(r"\s+", " ", gt["text"])
        sentences += [s.strip() for s in re.split(r"(?<=[.;:])\s+", text) if 40 <= len(s.strip()) <= 400]
    return subjects, sentences


def records(n: int, samples: Path, seed: int = 7) -> Iterator[Record]:
    rng = random.Random(seed)
    subjects, sentences = corpus(samples)
    numbers: list[str] = []
    for k in range(n):
        doc_type, code = rng.choice(TYPES)
        issuer, abbr = rng.choice(ISSUERS)
        year = rng.randint(2011, 2025)
        number = f"{rng.randint(1, 3000)}/{code + '-' if code else ''}{abbr}" + (f"-{rng.choice(UNITS)}"
                                                                               if not code else "")
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        subject = rng.choice(subjects)
        if rng.random() < 0.5:
            subject = f"{subject} năm {year}"
        body = " ".join(rng.sample(sentences, rng.randint(6, 14)))
        refs = [Reference(r) for r in rng.sample(numbers[-5000:], min(len(numbers[-5000:]), rng.randint(0, 3)))]
        unit = rng.choice(UNITS)
        arrival = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.8 else None
        numbers.append(number)
        yield Record(
            source=Source(path=f"/bench/{k:06d}.pdf", sha256=f"{k:064x}", pages=rng.randint(1, 4), kind="scan"),
            document=Document(number=number, type=doc_type, issuer=issuer, place="Hải Dương", date=date,
                              subject=subject, urgency=rng.choice([None] * 8 + ["Khẩn", "Hỏa tốc"]),
                              confidentiality=rng.choice([None] * 12 + ["Mật"]), references=refs),
            incoming=Incoming(receiver="Sở Thông tin và Truyền thông tỉnh Hải Dương",
                              arrival_number=str(k % 3000 + 1), arrival_date=arrival,
                              handling=Handling(main=unit)) if arrival else None,
            routing=Routing(main=unit), text=f"{subject}\n{body}")


def queries(n: int, samples: Path, total: int, seed: int = 11) -> list[tuple[str, Query | str]]:
    """(kind, query): mixed like a leader's day — topics, phrases, numbers, filters, citing."""
    rng = random.Random(seed)
    subjects, _ = corpus(samples)
    generated = list(records(min(total, 5000), samples))
    words = sorted({w for s in subjects for w in s.lower().split() if len(w) > 2 and w.isalpha()})
    out: list[tuple[str, Query | str]] = []
    for k in range(n):
        kind = ["words", "folded", "phrase", "number", "filtered", "dates", "citing", "browse"][k % 8]
        if kind == "words":
            out.append((kind, Query(text=" ".join(rng.sample(words, 2)))))
        elif kind == "folded":
            out.append((kind, Query(text=fold(" ".join(rng.sample(words, 2))))))
        elif kind == "phrase":
            s = rng.choice(subjects).split()
            i = rng.randrange(max(1, len(s) - 3))
            out.append((kind, Query(text='"' + " ".join(s[i:i + 3]) + '"')))
        elif kind == "number":
            out.append((kind, Query(text=rng.choice(generated).document.number or "")))
        elif kind == "filtered":
            out.append((kind, Query(text=rng.choice(words), type=rng.choice(TYPES)[0], unit=rng.choice(UNITS))))
        elif kind == "dates":
            y = rng.randint(2011, 2025)
            out.append((kind, Query(text=rng.choice(words), date_from=f"{y}-01-01", date_to=f"{y}-12-31",
                                    sort="date")))
        elif kind == "citing":
            out.append((kind, rng.choice(generated).document.number or ""))
        else:
            out.append((kind, Query(issuer=rng.choice(ISSUERS)[0], sort="date", page=rng.randint(1, 5))))
    return out


def fill(store: Store, n: int, samples: Path, batch: int = 2000) -> float:
    """Seconds to add ``n`` generated records through the store (ledger + index, as `congvan
    index` writes them, in batches; generating them is not timed), refreshed to be searchable."""
    seconds = 0.0
    generated = records(n, samples)
    while chunk := list(itertools.islice(generated, batch)):
        start = time.perf_counter()
        store.add(chunk)
        seconds += time.perf_counter() - start
    start = time.perf_counter()
    if store.es is not None:
        store.es.refresh()
    seconds += time.perf_counter() - start
    assert store.index.count() == n, (store.index.count(), n)
    return seconds


def ask(store: Store, q: Query | str) -> None:
    """One of :func:`queries`: a search, or the records citing a number."""
    if isinstance(q, str):
        store.index.citing(q)
    else:
        store.index.search(q)


def run(backend: str, n: int, qs: list[tuple[str, Query | str]], samples: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="congvan-bench-") as home:
        es = ElasticsearchIndex(client_from_env(timeout=120), alias="congvan-bench") if backend == "elasticsearch" \
            else None
        if es is not None:
            es.check()
            es.drop()
        store = Store(Config(home=Path(home), backend=backend), es=es)
        seconds = fill(store, n, samples)
        start = time.perf_counter()
        store.reindex()                                   # the index alone, rebuilt from the ledger
        if es is not None:
            es.refresh()
        reindex_seconds = time.perf_counter() - start
        assert store.index.count() == n
        times: dict[str, list[float]] = {}
        for timed in (False, True):
            for kind, q in qs:
                t0 = time.perf_counter()
                ask(store, q)
                if timed:
                    times.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
        if es is not None:
            es.drop()
        store.close()
    every = sorted(t for ts in times.values() for t in ts)
    result = {"ingest_records_per_s (ledger + index)": n / seconds,
              "reindex_records_per_s (index from ledger)": n / reindex_seconds, "p50_ms": statistics.median(every),
              "p95_ms": every[int(0.95 * (len(every) - 1))]}
    for kind, ts in times.items():
        result[f"p95_{kind}_ms"] = sorted(ts)[int(0.95 * (len(ts) - 1))]
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--backends", default="sqlite,elasticsearch")
    ap.add_argument("--samples", type=Path, default=ROOT / "samples" / "data")
    args = ap.parse_args()
    qs = queries(args.queries, args.samples, args.records)
    results = {b: run(b, args.records, qs, args.samples) for b in args.backends.split(",")}
    print(f"\n{args.records} records, {args.queries} queries (p50/p95 of the second pass)\n")
    print_side_by_side(results)
    return 0


def print_side_by_side(results: dict[str, dict[str, float]]) -> None:
    """One Markdown table: a row per measure, a column per backend."""
    names = list(results)
    print("| measure | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for key in results[names[0]]:
        print(f"| {key} | " + " | ".join(f"{results[b][key]:.1f}" for b in names) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
