"""Extraction speed: text → record, documents per second on one core.

    python bench/extract.py [--samples samples/data] [--seconds 5]

Uses the ground-truth texts of the samples (what OCR would hand over) and the same texts with
their diacritics stripped and lines shuffled a little, so the fallbacks are exercised too.
Runs in this one process (one core); reports the median of several timed rounds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from congvan.pipeline.core.vntext import fold  # noqa: E402
from congvan.pipeline.extract import record_from_text  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=Path, default=ROOT / "samples" / "data")
    ap.add_argument("--seconds", type=float, default=5.0, help="length of each timed round")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(args.samples.glob("cv*.json"))]
    texts += [fold(t) for t in texts]                      # accents lost everywhere: the slow paths
    for t in texts[:5]:
        record_from_text(t)                                # warm caches (regexes, lexicon)
    rates = []
    for _ in range(args.rounds):
        done = 0
        start = time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            for t in texts:
                record_from_text(t)
            done += len(texts)
        rates.append(done / (time.perf_counter() - start))
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"\n## Extraction speed (text → record), one core, {len(texts)} texts of {chars:.0f} characters on average\n")
    print("| rounds | median documents/s | min | max |")
    print("|---:|---:|---:|---:|")
    print(f"| {args.rounds} | {statistics.median(rates):.0f} | {min(rates):.0f} | {max(rates):.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
