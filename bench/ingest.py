"""End-to-end ingest: pages per minute with 1 and 2 workers, Prefect's overhead per document.

    python bench/ingest.py [--samples samples/data] [--workers 1,2]

For each worker count, the scanned samples are copied into a fresh inbox and ingested three
ways on the same pages, side by side in one run:
  - the Prefect flow (`flows.ingest.run_ingest`: claims, OCR → extract, ledger + index +
    register, archive), embedded (ephemeral) Prefect;
  - the same `pipeline.ingest` functions on a plain thread pool of the same width (no Prefect);
  - bare Tesseract (`tesseract page.png stdout -l vie`) on the page images, as many processes as
    workers: the limit for those pages and cores.
Prefect's overhead per document = (flow time - plain time) / documents (medians of --repeat
alternating runs), compared with the OCR time per document; the ephemeral server's start-up is
paid once per run and reported apart.
Report pages/min and ratios; the machine is shared, so compare within a run, not across runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from congvan.pipeline.cli.flows import QUIET_PREFECT  # noqa: E402 - before Prefect is imported

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
for key, value in QUIET_PREFECT.items():
    os.environ.setdefault(key, value)

import cv2  # noqa: E402

from congvan.ocr.engine import OcrOptions  # noqa: E402
from congvan.ocr.loader import load_image, probe  # noqa: E402
from congvan.pipeline.core.config import Config  # noqa: E402
from congvan.pipeline.ingest import claim, discover, ingest_file, quarantine, worker_id  # noqa: E402
from congvan.search.store import Store  # noqa: E402


def inbox_with(files: list[Path], root: Path) -> Path:
    inbox = root / "inbox"
    if inbox.exists():
        shutil.rmtree(inbox)
    inbox.mkdir(parents=True)
    for f in files:
        shutil.copy(f, inbox / f.name)
    return inbox


def plain(inbox: Path, home: Path, workers: int) -> float:
    """The same pipeline functions as the flow, on a plain thread pool: no Prefect."""
    os.environ["CONGVAN_HOME"] = str(home)
    config = Config.from_env()
    me = worker_id()
    claimed = [(c, p.name) for p in discover(inbox) for c in [claim(p, inbox, me)] if c is not None]

    def one(item: tuple[Path, str]) -> None:
        with Store(config) as store:
            outcome = ingest_file(item[0], item[1], store, config, OcrOptions(jobs=1))
            if outcome.status == "failed":
                quarantine(item[0], outcome, store, config)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, claimed))
    return time.perf_counter() - t0


def with_prefect(inbox: Path, home: Path, workers: int) -> float:
    from congvan.flows.ingest import run_ingest

    os.environ["CONGVAN_HOME"] = str(home)
    t0 = time.perf_counter()
    outcomes = run_ingest(inbox, workers)
    seconds = time.perf_counter() - t0
    assert all(o.status == "registered" for o in outcomes), [o for o in outcomes if o.status != "registered"]
    return seconds


def bare_tesseract_of_bench_ocr() -> Any:
    """``bare_tesseract`` from bench/ocr.py (a file whose name shadows the ocr package)."""
    spec = importlib.util.spec_from_file_location("bench_ocr", ROOT / "bench" / "ocr.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.bare_tesseract


def run() -> int:
    bare_tesseract = bare_tesseract_of_bench_ocr()

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=Path, default=ROOT / "samples" / "data")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each variant (medians are reported)")
    args = ap.parse_args()
    manifest = json.loads((args.samples / "manifest.json").read_text(encoding="utf-8"))
    files = [args.samples / m["file"] for m in manifest if m["damage"] != "born-digital"]
    tmp = Path(tempfile.mkdtemp(prefix="congvan-bench-ingest-"))
    images = []
    for f in files:
        for ref in probe(f).to_ocr:
            img = load_image(ref)
            out = tmp / f"{f.stem}-{ref.index + 1}.png"
            cv2.imwrite(str(out), img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2BGR),
                        [cv2.IMWRITE_PNG_COMPRESSION, 1])
            images.append(out)
    pages, docs = len(images), len(files)

    from prefect import flow

    @flow(name="congvan-warm-up")
    def warm() -> None:
        return None

    t0 = time.perf_counter()
    warm()                                              # the ephemeral server starts here, once
    startup = time.perf_counter() - t0

    print(f"\n{docs} scanned documents, {pages} pages, medians of {args.repeat} runs; "
          f"Prefect ephemeral start-up {startup:.1f} s (once per run)\n")
    print("| workers | bare tesseract pages/min | plain pages/min | Prefect flow pages/min | flow / bare time |"
          " Prefect overhead per document | OCR time per document | overhead / OCR |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    plain(inbox_with(files[:2], tmp / "warm"), tmp / "warm" / "home", 1)     # imports, model files: warm
    for workers in (int(w) for w in args.workers.split(",")):
        bare_s, plain_s, flow_s = [], [], []
        for k in range(args.repeat):                  # alternate, so drift hits both alike
            bare_s.append(bare_tesseract(images, workers)[0])
            plain_s.append(plain(inbox_with(files, tmp / f"p{workers}{k}"), tmp / f"p{workers}{k}" / "home", workers))
            flow_s.append(with_prefect(inbox_with(files, tmp / f"f{workers}{k}"), tmp / f"f{workers}{k}" / "home",
                                       workers))
        b, p, f = statistics.median(bare_s), statistics.median(plain_s), statistics.median(flow_s)
        per_doc = (f - p) / docs
        ocr_per_doc = p * workers / docs
        print(f"| {workers} | {pages / b * 60:.1f} | {pages / p * 60:.1f} | {pages / f * 60:.1f} "
              f"| {f / b:.2f} | {per_doc:+.2f} s | {ocr_per_doc:.2f} s | {per_doc / ocr_per_doc:+.1%} |")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
