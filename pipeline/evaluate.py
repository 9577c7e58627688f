"""``congvan eval``: how the extractor stands against ground truth, field by field.

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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from .metrics import char_errors
from .records import Record
from .units import Office
from .vntext import canon

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
            body_text: str | None) -> None:
        self.documents += 1
        for name in FIELDS:
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

    def table(self) -> str:
        rows = ["| field | documents | score |", "|---|---:|---:|"]
        for name in sorted(self.scores, key=lambda k: (FIELDS.index(k.split(" (")[0]), k)):
            vals = self.scores[name]
            rows.append(f"| {name} | {len(vals)} | {sum(vals) / len(vals):.1%} |")
        if self.chars:
            rows.append(f"| text (CER, printed text) | {self.documents} | {self.char_errors / self.chars:.2%} |")
        if self.pages:
            rows.append(f"| seconds per page | {self.pages} pages | {self.seconds / self.pages:.2f} |")
        return "\n".join(rows)


def cross_validated_routing(records: list[Record], truths: list[dict[str, Any]], office: Office) -> float | None:
    """Top-1 routing with the rules plus a model trained on all the other documents (leave one
    out), as if each document arrived after the office had confirmed the others'."""
    from .route_model import train
    from .routing import route

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
