"""The web desk under load: 20 people at once (search, open a document, look at a page) against
`congvan serve` on 127.0.0.1, with 10,000 records in the ledger, on both backends side by side.

    python bench/web.py [--records 10000] [--users 20] [--seconds 30] [--think 1.0] [--workers 2]
                        [--backends sqlite,elasticsearch]

Records are the generated ones of bench/search.py (seeded); a third of them are directed to a
unit by a leader, so a unit's staff sees some. The simulated people are leaders, clerks and unit
staff in turn, each signed in with its own session (so every request carries its permission
filter). Each one loops for the bounded time: a search (words with or without diacritics, a
number, a filter), the document page of one of its hits, that document's first page image (the
originals are the samples' scans; their first pages are rendered as the ingest renders them when
it files an original, once per scan, and linked into each record's place in the page cache).
Between two requests a person thinks for a random 0.5–1.5 × ``--think`` seconds (``--think 0``:
no pause, a stress test). The server runs ``--workers`` processes (default: one per core, as
docs/desk.md advises). Reports p50/p95 per kind of page and the errors (any answer but 200),
per backend.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from congvan.pipeline.core.config import Config  # noqa: E402
from congvan.pipeline.core.vntext import fold  # noqa: E402
from congvan.pipeline.desk.accounts import add_user  # noqa: E402
from congvan.pipeline.page_images import cached, render_filed  # noqa: E402
from congvan.search.es_index import ElasticsearchIndex, client_from_env  # noqa: E402
from congvan.search.store import Store  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
assert _spec is not None and _spec.loader is not None
bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_search)                 # the generated records of bench/search.py
UNITS, records = bench_search.UNITS, bench_search.records
PASSWORD = "bench-mat-khau-1"
PEOPLE = [("lanhdao", "lanh-dao", None), ("vanthu", "van-thu", None)] + \
    [(f"dv{k}", "don-vi", unit) for k, unit in enumerate(UNITS)]
WORDS = ["an toàn thông tin", "cai cach hanh chinh", "chuyển đổi số", "bưu chính", "vien thong", "dich vu cong",
         "báo cáo", "ke hoach", "hạ tầng", "phòng chống"]


def build(home: Path, backend: str, n: int, samples: Path) -> list[str]:
    es = ElasticsearchIndex(client_from_env(timeout=120), alias="congvan-bench-web") if backend == "elasticsearch" \
        else None
    if es is not None:
        es.drop()
    scans = sorted(samples.glob("cv*.png"))[:8]
    ids: list[str] = []
    rng = random.Random(3)
    with Store(Config(home=home, backend=backend), es=es) as store:
        batch = []
        for rec in records(n, samples):
            if rec.incoming is not None and rng.random() < 0.33:
                rec.confidence["incoming.handling.main"] = 1.0          # directed by a leader
            batch.append(rec)
            ids.append(rec.source.sha256)
            if len(batch) == 2000:
                store.add(batch)
                batch = []
        if batch:
            store.add(batch)
        rendered = []
        for k, scan in enumerate(scans):                          # as `ingest` renders a filed original
            render_filed(home, f"{k:064x}", scan, 1)
            rendered.append(cached(home, f"{k:064x}", 1))
        with store.ledger.transaction():
            for k, rid in enumerate(ids):
                store.ledger.put_file(rid, f"{k}.png", "filed")
                store.ledger.set_archived(rid, scans[k % len(scans)])
                if not cached(home, rid, 1).exists():
                    os.link(rendered[k % len(scans)], cached(home, rid, 1))
        for name, role, unit in PEOPLE:
            add_user(store.ledger, name, name, role, PASSWORD, unit)
        if es is not None:
            es.refresh()
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def person(url: str, name: str, until: float, times: dict[str, list[float]], errors: list[str],
           lock: threading.Lock, seed: int, think: float) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=30, follow_redirects=False) as client:
        form = client.get("/dang-nhap").text
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        r = client.post("/dang-nhap", data={"name": name, "password": PASSWORD, "csrf": token[1] if token else ""})
        if r.status_code != 303:
            with lock:
                errors.append(f"login {name}: {r.status_code}")
            return

        def get(kind: str, path: str, **params: str) -> httpx.Response | None:
            if think:
                time.sleep(think * rng.uniform(0.5, 1.5))
            start = time.perf_counter()
            try:
                resp = client.get(path, params=params or None)
            except httpx.HTTPError as exc:
                with lock:
                    errors.append(f"{kind}: {type(exc).__name__}")
                return None
            took = (time.perf_counter() - start) * 1000
            with lock:
                times[kind].append(took)
                if resp.status_code != 200:
                    errors.append(f"{kind} {path}: {resp.status_code}")
            return resp

        while time.time() < until:
            q = rng.choice(WORDS)
            q = fold(q) if rng.random() < 0.5 else q
            resp = get("search", "/tim-kiem", q=q, sort=rng.choice(["relevance", "date"]))
            hits = re.findall(r'href="/van-ban/([0-9a-f]{64})"', resp.text) if resp is not None else []
            if not hits:
                continue
            rid = rng.choice(hits)
            get("document", f"/van-ban/{rid}")
            get("page image", f"/van-ban/{rid}/trang/1.jpg")


def run(backend: str, n: int, users: int, seconds: float, samples: Path, think: float,
        workers: int) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="congvan-bench-web-"))
    try:
        t0 = time.time()
        build(home, backend, n, samples)
        print(f"{backend}: {n} records in {time.time() - t0:.0f} s", file=sys.stderr)
        port = free_port()
        env = {**os.environ, "CONGVAN_HOME": str(home), "CONGVAN_BACKEND": backend,
               "CONGVAN_ES_ALIAS": "congvan-bench-web"}
        server = subprocess.Popen([sys.executable, "-m", "congvan", "serve", "--port", str(port),
                                   "--workers", str(workers)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    if httpx.get(f"{url}/dang-nhap", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            times: dict[str, list[float]] = {"search": [], "document": [], "page image": []}
            errors: list[str] = []
            lock = threading.Lock()
            until = time.time() + seconds
            crowd = [threading.Thread(target=person, args=(url, PEOPLE[k % len(PEOPLE)][0], until, times, errors,
                                                            lock, k, think)) for k in range(users)]
            start = time.time()
            for t in crowd:
                t.start()
            for t in crowd:
                t.join()
            elapsed = time.time() - start
        finally:
            server.terminate()
            server.wait(timeout=30)
        out: dict[str, float] = {"requests/s": sum(map(len, times.values())) / elapsed, "errors": len(errors)}
        for kind, ts in times.items():
            ts.sort()
            out[f"{kind} n"] = len(ts)
            out[f"{kind} p50 ms"] = statistics.median(ts) if ts else float("nan")
            out[f"{kind} p95 ms"] = ts[int(0.95 * (len(ts) - 1))] if ts else float("nan")
        for e in errors[:5]:
            print(f"{backend}: error {e}", file=sys.stderr)
        return out
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--think", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--backends", default="sqlite,elasticsearch")
    ap.add_argument("--samples", type=Path, default=ROOT / "samples" / "data")
    args = ap.parse_args()
    results = {b: run(b, args.records, args.users, args.seconds, args.samples, args.think, args.workers)
               for b in args.backends.split(",")}
    print(f"\n{args.records} records, {args.users} people at once for {args.seconds:.0f} s (thinking "
          f"{args.think:g} s on average), `congvan serve --workers {args.workers}` on 127.0.0.1 "
          f"({os.cpu_count()} cores)\n")
    bench_search.print_side_by_side(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
