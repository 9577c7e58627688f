"""Real documents: congvan beside raw Tesseract + the same extractors and the null answer, in one run.

    python bench/real.py [--real ../shared/real-dev] [--jobs 2] [--errors]

Reads the real development set (``../shared/real-dev/``: documents/, truth/, transcriptions/; never
copied into the repository) and prints, per field, how often each system is right on the fields
its truth labels (a field listed in the truth's ``unsure`` is not scored; ``incoming.*`` only where
the file has a real incoming stamp); the CER of the printed text where a transcription exists; and
the seconds of each system in this run, as a ratio. A subject is compared without a leading
"Về việc" / "V/v", as the truth's conventions say. Exits 0 with a message when the set is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from congvan.ocr.engine import OcrOptions
from congvan.pipeline.core.config import Config
from congvan.pipeline.evaluate import Report, get_field, null_record, score_field, table
from congvan.pipeline.metrics import char_errors
from congvan.pipeline.process import process_documents

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ["document.number", "document.type", "document.issuer", "document.place", "document.date",
          "document.subject", "document.signer.name", "document.signer.title", "document.signer.authority",
          "document.urgency", "document.confidentiality", "document.recipients", "document.references",
          "incoming.arrival_number", "incoming.arrival_date", "incoming.receiver"]
SINGLE = [f for f in FIELDS if f not in ("document.recipients", "document.references")]
_ABOUT = ("về việc ", "v/v ", "v/v: ", "v/v. ")


def as_record(truth: dict[str, Any]) -> dict[str, Any]:
    """The real set's truth in the record contract's form (references as objects)."""
    document = dict(truth["document"])
    document["references"] = [{"number": n} for n in truth.get("references", [])]
    return {"document": document, "incoming": truth.get("incoming")}


def without_about(record: dict[str, Any]) -> dict[str, Any]:
    subject = (record.get("document") or {}).get("subject")
    if not subject:
        return record
    for lead in _ABOUT:
        if subject.lower().startswith(lead):
            subject = subject[len(lead):]
            break
    return {**record, "document": {**record["document"], "subject": subject[:1].upper() + subject[1:]}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real", type=Path,
                    default=Path(os.environ.get("CONGVAN_REAL_DEV") or ROOT.parent / "shared" / "real-dev"))
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--errors", action="store_true",
                    help="list every field congvan has wrong, and where raw Tesseract does better")
    args = ap.parse_args()
    if not (args.real / "truth").is_dir():
        print(f"bench/real.py: no real development set at {args.real} (documents/, truth/): nothing measured")
        return 0
    truths = {p: json.loads(p.read_text(encoding="utf-8")) for p in sorted((args.real / "truth").rglob("*.json"))}
    files = {args.real / "documents" / t["file"]: t for t in truths.values()}
    config = Config(home=Path("/tmp/congvan-bench-real"))
    reports: dict[str, Report] = {"congvan": Report(), "raw": Report(), "null": Report()}
    seconds: dict[str, float] = {}
    cer = {"congvan": [0, 0], "raw": [0, 0]}           # character errors, characters
    transcribed = 0
    wrong: list[str] = []
    scores: dict[tuple[str, str, str], float] = {}      # (system, file, field) → score
    for system, options in (("congvan", OcrOptions(jobs=args.jobs)), ("raw", OcrOptions(jobs=args.jobs, raw=True))):
        start = time.perf_counter()
        for result in process_documents(list(files), config, options, learned_routing=False):
            path = Path(result.path)
            truth = files[path]
            if not result.ok or result.record is None or result.ocr is None:
                reports[system].failures.append(f"{truth['file']}: {result.errors[0].message}")
                continue
            expected = without_about(as_record(truth))
            got = without_about(result.record.to_dict())
            fields = [f for f in FIELDS if f not in truth.get("unsure", [])]
            transcription = args.real / "transcriptions" / (truth["file"] + ".txt")
            if transcription.exists():
                e, n = char_errors(transcription.read_text(encoding="utf-8"),
                                   "\f".join(p.body_text for p in result.ocr.pages))
                cer[system][0] += e
                cer[system][1] += n
                transcribed += system == "congvan"
            reports[system].pages += len(result.ocr.pages)
            reports[system].add(got, expected, None, None, fields)
            if system == "congvan":
                nothing = without_about(null_record(path))
                reports["null"].add(nothing, expected, None, None, fields)
                for f in fields:
                    s = score_field(f, nothing, expected)
                    if s is not None:
                        scores[("null", truth["file"], f)] = s
            for f in fields:
                s = score_field(f, got, expected)
                if s is not None:
                    scores[(system, truth["file"], f)] = s
                if system == "congvan" and args.errors and s is not None and s < 1:
                    wrong.append(f"{truth['file']}: {f}: got {get_field(got, f)!r}, "
                                 f"expected {get_field(expected, f)!r}")
        seconds[system] = time.perf_counter() - start
        reports[system].seconds = seconds[system]
    print(f"\n{reports['congvan'].documents} real documents ({reports['congvan'].pages} pages) in {args.real}\n")
    print(table(reports))
    micro = {system: [v for (sy, _, f), v in scores.items() if sy == system and f in SINGLE]
             for system in ("congvan", "raw", "null")}
    print("\nfields, micro (every scored single-valued field of every document: number … secrecy, stamp): "
          + ", ".join(f"{system} {sum(v) / len(v):.1%}" for system, v in micro.items() if v))
    if transcribed:
        print(f"\nCER of the printed text on the {transcribed} transcribed document(s): congvan "
              f"{cer['congvan'][0] / cer['congvan'][1]:.2%}, raw Tesseract {cer['raw'][0] / cer['raw'][1]:.2%}")
    print(f"\nOCR and extraction time, this run: congvan {seconds['congvan']:.0f} s, raw Tesseract "
          f"{seconds['raw']:.0f} s (ratio {seconds['congvan'] / seconds['raw']:.2f})")
    for line in wrong:
        print(line)
    if args.errors:
        for (system, file, f), s in sorted(scores.items()):
            if system == "raw" and s > scores.get(("congvan", file, f), 0.0):
                print(f"worse than raw Tesseract: {file}: {f}: congvan {scores.get(('congvan', file, f), 0.0):.2f}, "
                      f"raw {s:.2f}")
    for name, report in reports.items():
        for failure in report.failures:
            print(f"{name}: {failure}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
