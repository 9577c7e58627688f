"""OCR benchmark: accuracy per damage class and speed against bare Tesseract, in one run.

    python bench/ocr.py [--samples samples/data] [--repeat 3] [--jobs 2] [--highdpi 4] [--without-digit-model]

Tables printed:
1. CER of ``congvan ocr`` (printed text, stamp/ink blocks excluded: the ground truth holds the
   black print) next to raw Tesseract on the unprocessed page image, per damage class.
2. Wall time of congvan over the sample files (decoding included) next to bare ``tesseract``
   over the same pages already decoded to PNG, both with ``--jobs`` parallel processes and
   ``OMP_THREAD_LIMIT=1``; the runs alternate, the ratio of medians is reported.
   With ``--without-digit-model``, congvan with its second recogniser off is timed in the same
   runs, for what that recogniser costs.
3. Peak memory (RSS of congvan's process tree) during the batch.
4. Scans above 300 dpi: the same pages at 600 dpi, OCR'd as they are, brought down to 300 and
   to 200 dpi (congvan's default: on these pages 200 dpi was both faster and more accurate).
Nothing here is a test: the machine is shared and noisy, so read ratios and medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from congvan.ocr.engine import OcrOptions, ocr_files  # noqa: E402
from congvan.ocr.loader import load_image, probe  # noqa: E402
from congvan.pipeline.metrics import char_errors  # noqa: E402


class PeakRss:
    """Samples the RSS of this process and all its descendants every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            try:
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children") as f:
                        todo.extend(int(c) for c in f.read().split())
            except OSError:
                pass
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree(os.getpid()):
                try:
                    with open(f"/proc/{pid}/status") as f:
                        for line in f:
                            if line.startswith("VmRSS:"):
                                total += int(line.split()[1]) * 1024
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)


def bare_tesseract(images: list[Path], jobs: int) -> tuple[float, dict[Path, str]]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(img: Path) -> tuple[Path, str]:
        out = subprocess.run(["tesseract", str(img), "stdout", "-l", "vie", "--psm", "3", "tsv"],
                             capture_output=True, env=env, check=True)
        return img, out.stdout.decode("utf-8")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        results = dict(pool.map(one, images))
    return time.perf_counter() - t0, results


def tsv_text(tsv: str) -> str:
    from congvan.ocr.layout import rows_text
    from congvan.ocr.tesseract import parse_tsv

    return rows_text([ln for b in parse_tsv(tsv) for ln in b.lines])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=Path, default=ROOT / "samples" / "data")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--highdpi", type=int, default=3, help="pages for the 600-dpi comparison (0: skip)")
    ap.add_argument("--without-digit-model", action="store_true",
                    help="also time congvan with its second recogniser off (Tesseract alone), in the same runs")
    args = ap.parse_args()

    manifest = json.loads((args.samples / "manifest.json").read_text(encoding="utf-8"))
    scans = [m for m in manifest if m["damage"] != "born-digital"]
    files = [args.samples / m["file"] for m in scans]
    truth = {m["file"]: json.loads((args.samples / (m["id"] + ".json")).read_text(encoding="utf-8"))["text"]
             for m in scans}
    tmp = Path(tempfile.mkdtemp(prefix="congvan-bench-"))
    page_images: dict[str, list[Path]] = {}
    for f in files:
        plan = probe(f)
        page_images[f.name] = []
        for ref in plan.to_ocr:
            img = load_image(ref)
            out = tmp / f"{f.stem}-{ref.index + 1}.png"
            cv2.imwrite(str(out), img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2BGR),
                        [cv2.IMWRITE_PNG_COMPRESSION, 1])
            page_images[f.name].append(out)
    all_images = [p for f in files for p in page_images[f.name]]
    n_pages = len(all_images)

    ours_times, bare_times, peaks, alone_times = [], [], [], []
    docs = {}
    bare_out: dict[Path, str] = {}
    for _ in range(args.repeat):
        with PeakRss() as rss:
            t0 = time.perf_counter()
            results = list(ocr_files(files, OcrOptions(jobs=args.jobs)))
            ours_times.append(time.perf_counter() - t0)
        peaks.append(rss.peak)
        docs = {p.name: d for p, d in results}
        t, bare_out = bare_tesseract(all_images, args.jobs)
        bare_times.append(t)
        if args.without_digit_model:
            t0 = time.perf_counter()
            list(ocr_files(files, OcrOptions(jobs=args.jobs, digit_model=False)))
            alone_times.append(time.perf_counter() - t0)

    # 1. accuracy
    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])   # ours, raw, n, ours-nomarks, docs
    print(f"\n## OCR accuracy on {len(files)} scanned samples ({n_pages} pages)\n")
    print(f"{'file':<10} {'class':<9} {'congvan CER':>11} {'raw CER':>8}")
    for m in scans:
        doc = docs[m["file"]]
        if isinstance(doc, Exception):
            print(f"{m['file']:<10} {m['damage']:<9} ERROR {doc}")
            continue
        ours = "\f".join(p.body_text for p in doc.pages)
        raw = "\f".join(tsv_text(bare_out[img]) for img in page_images[m["file"]])
        e1, n = char_errors(truth[m["file"]], ours)
        e2, _ = char_errors(truth[m["file"]], raw)
        e3, _ = char_errors(truth[m["file"]], ours, strip_marks=True)
        for key in (m["damage"], "all"):
            c = by_class[key]
            c[0] += e1
            c[1] += e2
            c[2] += n
            c[3] += e3
            c[4] += 1
        print(f"{m['file']:<10} {m['damage']:<9} {e1 / n:>10.2%} {e2 / n:>8.2%}")
    print("\n| damage class | docs | congvan CER | raw Tesseract CER | congvan CER, marks stripped |")
    print("|---|---:|---:|---:|---:|")
    for key in sorted(by_class, key=lambda k: (k == "all", k)):
        ours_e, raw_e, n, nomarks, nd = by_class[key]
        print(f"| {key} | {nd} | {ours_e / n:.2%} | {raw_e / n:.2%} | {nomarks / n:.2%} |")

    # 2. speed, 3. memory
    ours_med, bare_med = statistics.median(ours_times), statistics.median(bare_times)
    print(f"\n## Speed, {n_pages} pages, {args.jobs} processes, {args.repeat} run(s) each\n")
    print("| | median wall time | pages/min | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| bare tesseract (page images) | {bare_med:.1f} s | {n_pages / bare_med * 60:.1f} | 1.00 |")
    print(f"| congvan ocr (sample files) | {ours_med:.1f} s | {n_pages / ours_med * 60:.1f} | "
          f"{ours_med / bare_med:.2f} |")
    if alone_times:
        alone_med = statistics.median(alone_times)
        print(f"| congvan ocr, digit model off | {alone_med:.1f} s | {n_pages / alone_med * 60:.1f} | "
              f"{alone_med / bare_med:.2f} |")
    print(f"\nPeak memory of congvan's process tree: {max(peaks) / 2**20:.0f} MiB over {n_pages} pages")

    # 4. high resolution
    if args.highdpi:
        print("\n## Scans above 300 dpi: the same pages at 600 dpi\n")
        print("| page | as scanned (600 dpi) | CER | brought down to 300 dpi | CER | to 200 dpi (default) | CER |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        picked = [m for m in scans if m["dpi"] == 300 and m["pages"] == 1][: args.highdpi]
        from congvan.ocr.engine import ocr_file

        for m in picked:
            src = page_images[m["file"]][0]
            img = cv2.imread(str(src))
            big = cv2.resize(img, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
            hi = tmp / f"{src.stem}-600.png"
            Image.fromarray(cv2.cvtColor(big, cv2.COLOR_BGR2RGB)).save(hi, dpi=(600, 600), compress_level=1)
            row = []
            for max_dpi in (0, 300, 200):
                t0 = time.perf_counter()
                d = ocr_file(hi, OcrOptions(jobs=1, max_dpi=max_dpi))
                el = time.perf_counter() - t0
                e, n = char_errors(truth[m["file"]], d.pages[0].body_text)
                row += [f"{el:.1f} s", f"{e / n:.2%}"]
            print(f"| {m['file']} | " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
