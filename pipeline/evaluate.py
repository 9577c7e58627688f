"""``congvan eval``: how the extractor stands against ground truth, field by field, beside its
baselines in the same run.

Three systems are scored on the same documents and the same truth:
- ``congvan``: the whole pipeline (preprocessing, re-reads, extraction, rules-only routing);
- ``raw``: bare Tesseract on the page as decoded, followed by the same extractors and routing,
  which is what congvan's OCR stage must beat;
- ``null``: a record with every field empty, which is what a field's score says nothing beyond
  (on most sets it is right on urgency and confidentiality more often than not).

Comparison rules (what "right" means for each field):
- strings: equal after NFC, old/new tone placement, case and white space folding;
- ``document.number``: equal after removing spaces and mapping en dash → ``-``;
- ``document.subject``: similarity ≥ 95 (rapidfuzz ratio on the folded strings);
- ``recipients`` and ``references`` (by number): set F1 per document, averaged;
- ``deadlines``: set F1 on (date, recurring);
- ``incoming.*``: only on documents whose ground truth has a stamp; split by typed/handwritten;
- ``text``: CER of the printed text (stamp/ink blocks excluded), order-robust (see metrics);
- ``routing.main``: top-1 (the unit's name); ``routing.coordination``: set F1; with a model
  trained leave-one-out on the other documents' ground truth as a second line.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from congvan.ocr.engine import OcrOptions
from congvan.ocr.loader import SUFFIXES
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import InputFileError
from congvan.pipeline.core.records import Record, Routing, Source
from congvan.pipeline.core.units import Office
from congvan.pipeline.core.vntext import canon
from congvan.pipeline.extract import read_text_file, record_from_text
from congvan.pipeline.metrics import char_errors
from congvan.pipeline.process import process_documents
from congvan.pipeline.route_model import train
from congvan.pipeline.routing import route

FIELDS = ["document.number", "document.type", "document.issuer", "document.place", "document.date",
          "document.subject", "document.signer.name", "document.signer.title", "document.signer.authority",
          "document.urgency", "document.confidentiality", "document.recipients", "document.references",
          "document.deadlines", "incoming.arrival_number", "incoming.arrival_date", "incoming.receiver",
          "incoming.handling.leader", "incoming.handling.main", "routing.main", "routing.coordination"]


def get_field(data: dict[str, Any] | None, dotted: str) -> Any:
    """``record["a"]["b"]`` for ``"a.b"``; None where a level is missing."""
    cur: Any = data
    for part in dotted.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return canon(str(a)) == canon(str(b))


def _number(a: Any, b: Any) -> bool:
    return _norm_number(a) == _norm_number(b)


def _norm_number(value: Any) -> str | None:
    return None if value is None else str(value).replace(" ", "").replace("–", "-")


def _subject(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return fuzz.ratio(canon(a), canon(b)) >= 95


def f1(found: Iterable[str], truth: Iterable[str]) -> float:
    f, t = set(found), set(truth)
    if not f and not t:
        return 1.0
    if not f or not t:
        return 0.0
    tp = len(f & t)
    p, r = tp / len(f), tp / len(t)
    return 0.0 if tp == 0 else 2 * p * r / (p + r)


def score_field(name: str, got: dict[str, Any], truth: dict[str, Any]) -> float | None:
    """1.0/0.0 for exact fields, F1 for lists; None when the field does not apply."""
    if name.startswith("incoming.") and truth.get("incoming") is None:
        return None
    if name.startswith("routing.") and get_field(truth, "routing.main") is None:
        return None
    if name == "routing.coordination":
        return f1(map(canon, get_field(got, name) or []), map(canon, get_field(truth, name) or []))
    a, b = get_field(got, name), get_field(truth, name)
    if name == "document.number":
        return float(_number(a, b))
    if name == "document.subject":
        return float(_subject(a, b))
    if name == "document.recipients":
        return f1(map(canon, a or []), map(canon, b or []))
    if name == "document.references":
        return f1((_n(r["number"]) for r in a or []), (_n(r["number"]) for r in b or []))
    if name == "document.deadlines":
        return f1((f"{d['date']}|{d.get('recurring')}" for d in a or []),
                  (f"{d['date']}|{d.get('recurring')}" for d in b or []))
    return float(_same(a, b))


def _n(number: str) -> str:
    return number.replace(" ", "").replace("–", "-")


@dataclass
class Report:
    scores: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    char_errors: int = 0
    chars: int = 0
    pages: int = 0
    seconds: float = 0.0
    documents: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, got: dict[str, Any], truth: dict[str, Any], handwritten: bool | None,
            body_text: str | None, fields: Iterable[str] = FIELDS) -> None:
        """Score one document on ``fields`` (those its truth labels; all of :data:`FIELDS` by default)."""
        self.documents += 1
        for name in fields:
            s = score_field(name, got, truth)
            if s is None:
                continue
            self.scores[name].append(s)
            if name in ("incoming.arrival_number", "incoming.arrival_date") and handwritten is not None:
                self.scores[f"{name} ({'handwritten' if handwritten else 'typed'})"].append(s)
        if body_text is not None:
            e, n = char_errors(truth.get("text", ""), body_text)
            self.char_errors += e
            self.chars += n

    def score(self, name: str) -> float | None:
        vals = self.scores.get(name)
        return sum(vals) / len(vals) if vals else None

    @property
    def cer(self) -> float | None:
        return self.char_errors / self.chars if self.chars else None


SYSTEMS = ("congvan", "raw", "null")
HEADINGS = {"congvan": "congvan", "raw": "raw Tesseract + same extractors", "null": "null answer"}


def table(reports: dict[str, Report]) -> str:
    """One markdown table: a row per field, a column per system (in :data:`SYSTEMS` order)."""
    names = [s for s in SYSTEMS if s in reports]
    first = reports[names[0]]
    rows = ["| field | documents | " + " | ".join(HEADINGS[s] for s in names) + " |",
            "|---|---:|" + "---:|" * len(names)]
    for name in sorted(first.scores, key=lambda k: (FIELDS.index(k.split(" (")[0]), k)):
        cells = [reports[s].score(name) for s in names]
        rows.append(f"| {name} | {len(first.scores[name])} | "
                    + " | ".join("–" if c is None else f"{c:.1%}" for c in cells) + " |")
    if first.chars:
        cers = [reports[s].cer for s in names]
        rows.append(f"| text (CER, printed text) | {first.documents} | "
                    + " | ".join("–" if c is None else f"{c:.2%}" for c in cers) + " |")
    if first.pages:
        rows.append(f"| seconds per page | {first.pages} pages | "
                    + " | ".join(f"{reports[s].seconds / reports[s].pages:.2f}" if reports[s].pages else "–"
                                 for s in names) + " |")
    return "\n".join(rows)


def cross_validated_routing(records: list[Record], truths: list[dict[str, Any]], office: Office) -> float | None:
    """Top-1 routing with the rules plus a model trained on all the other documents (leave one
    out), as if each document arrived after the office had confirmed the others'."""
    labelled = [(r, t["routing"]["main"]) for r, t in zip(records, truths, strict=True)
                if (t.get("routing") or {}).get("main")]
    if len(labelled) < 3:
        return None
    right = 0
    for k, (record, label) in enumerate(labelled):
        others = labelled[:k] + labelled[k + 1:]
        model = train([r for r, _ in others], [lab for _, lab in others])
        right += route(record, office, model).main == label
    return right / len(labelled)


@dataclass
class Scored:
    """One document as a system read it, beside its truth."""
    path: Path
    got: dict[str, Any]
    truth: dict[str, Any]


@dataclass
class Evaluation:
    folder: Path
    reports: dict[str, Report]                    # by system: congvan, raw, null
    scored: list[Scored]                          # congvan's reading of each document
    routing_cv: float | None = None               # rules + a model trained leave-one-out
    routed: int = 0                               # documents whose truth names a main unit

    def errors(self) -> Iterable[tuple[str, str, Any, Any]]:
        """``(file, field, got, expected)`` for every field congvan has wrong."""
        for s in self.scored:
            for name in FIELDS:
                score = score_field(name, s.got, s.truth)
                if score is not None and score < 1.0:
                    yield s.path.name, name, get_field(s.got, name), get_field(s.truth, name)


def truth_files(folder: Path) -> list[Path]:
    """The scans, PDFs and ``.txt`` files of ``folder`` that have a ``NAME.json`` truth beside them."""
    if not folder.is_dir():
        raise InputFileError("not a folder", folder)
    found = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in SUFFIXES | {".txt"}
             and p.with_suffix(".json").exists()]
    if not found:
        raise InputFileError("no files with a ground-truth .json beside them", folder)
    return found


def _handwritten(folder: Path) -> dict[str, bool | None]:
    """Whether each file's stamp values are handwriting-like, from the generator's manifest."""
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return {}
    return {m["file"]: (m["stamp"]["handwritten"] if m.get("stamp") else None)
            for m in json.loads(manifest.read_text(encoding="utf-8"))}


def null_record(path: Path) -> dict[str, Any]:
    """The null answer: every field empty, no stamp, no routing."""
    return Record(source=Source(path=str(path), sha256="", pages=0, kind="scan"), routing=Routing()).to_dict()


def _read(files: list[Path], config: Config, office: Office, options: OcrOptions,
          report: Report) -> list[tuple[Path, dict[str, Any], str | None]]:
    """Each file through one system: text files straight to the extractors, scans through OCR."""
    out: list[tuple[Path, dict[str, Any], str | None]] = []
    start = time.perf_counter()
    for p in [p for p in files if p.suffix.lower() == ".txt"]:
        record = record_from_text(read_text_file(p), path=str(p), office=office)
        record.routing = route(record, office)
        out.append((p, record.to_dict(), None))
    scans = [p for p in files if p.suffix.lower() != ".txt"]
    # rules alone for routing: what a fresh install does
    for result in process_documents(scans, config, options, learned_routing=False):
        path = Path(result.path)
        if not result.ok or result.record is None or result.ocr is None:
            report.failures.append(f"{path.name}: {result.errors[0].message if result.errors else 'failed'}")
            continue
        report.pages += len(result.ocr.pages)
        out.append((path, result.record.to_dict(), "\f".join(pg.body_text for pg in result.ocr.pages)))
    report.seconds = time.perf_counter() - start
    return out


def evaluate_folder(folder: Path, config: Config, options: OcrOptions, baselines: bool = True) -> Evaluation:
    """Score congvan on every file of ``folder`` that has its truth beside it; with ``baselines``,
    score raw Tesseract + the same extractors and the null answer on the same files in the same run."""
    files = truth_files(folder)
    office = config.office()
    handwritten = _handwritten(folder)
    truths = {p: json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in files}
    runs = {"congvan": options, **({"raw": replace(options, raw=True)} if baselines else {})}
    reports: dict[str, Report] = {}
    scored: list[Scored] = []
    for system, opts in runs.items():
        report = reports[system] = Report()
        for path, got, printed in _read(files, config, office, opts, report):
            report.add(got, truths[path], handwritten.get(path.name), printed)
            if system == "congvan":
                scored.append(Scored(path, got, truths[path]))
    if baselines:
        null = reports["null"] = Report()
        for s in scored:
            null.add(null_record(s.path), s.truth, handwritten.get(s.path.name),
                     "" if s.path.suffix.lower() != ".txt" else None)
    evaluation = Evaluation(folder, reports, scored)
    evaluation.routing_cv = cross_validated_routing([Record.from_dict(s.got) for s in scored],
                                                    [s.truth for s in scored], office)
    evaluation.routed = sum(1 for s in scored if (s.truth.get("routing") or {}).get("main"))
    return evaluation
