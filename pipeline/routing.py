"""Routing: which internal unit handles a dispatch (xử lý chính) and which cooperate (phối hợp).

Evidence, strongest first (the chain of Nghị định 30/2020/NĐ-CP Điều 20–24: a leader's direction
on the stamp decides; the units' domains are the Sở's, NĐ 24/2014/NĐ-CP as amended by NĐ 107/2020):
1. the stamp's handling lines: a leader's written "Xử lý chính: P.CNTT" (or "Chuyển: …", or
   "Giao P.CNTT chủ trì" in Chỉ đạo) decides, and its "Phối hợp" names the cooperating units;
2. explicit assignments in the text: a unit of the office named with "chủ trì" / "tham mưu" /
   "phối hợp", and outside bodies a unit deals with ("phối hợp với Sở Tài chính" → the unit whose
   partners include Sở Tài chính);
3. the units' keywords, matched without diacritics, in the subject (×3) and the body;
4. priors from the issuer (a unit's partners) and the document type.
Every unit, keyword, partner and weight comes from the units file (:mod:`pipeline.units`).
A learned model (:mod:`pipeline.route_model`) may add its probabilities. Below the office's
threshold the proposal is kept but marked for review in its reasons.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import regex as re

from congvan.extractors.office import match_unit_code
from congvan.pipeline.core.errors import InputFileError
from congvan.pipeline.core.records import Record, Routing
from congvan.pipeline.core.units import Office, Unit
from congvan.pipeline.core.vntext import canon_folded, fold

STAMP, DIRECTION, EXPLICIT, PARTNER_TEXT, ISSUER, TYPE = 100.0, 50.0, 30.0, 4.0, 5.0, 1.0
PLACED_BELOW = 0.5     # incoming.handling.main's confidence under which its label went unread
SUBJECT_FACTOR, BODY_CAP = 3.0, 3
REVIEW = "needs review"


class Model(Protocol):
    def probabilities(self, record: Record) -> dict[str, float]: ...


@dataclass
class UnitScore:
    unit: str
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", fold(text).lower())) + " "


@lru_cache(maxsize=4)
def _patterns(office: Office) -> tuple[tuple[Unit, tuple[tuple[str, str, float], ...]], ...]:
    """Each unit's keywords as folded, space-delimited keys (phrase shown, key, weight)."""
    return tuple((u, tuple((k, _key(k), w) for k, w in u.keywords)) for u in office.units)


def _count(key: str, text: str) -> int:
    return text.count(key)


def _units_in(value: str | None, office: Office) -> list[Unit]:
    """Units a stamp value names ("VP, TT CNTT", "P.CNTT tham mưu")."""
    if not value or value == "[signed]":
        return []
    found: list[Unit] = []
    for part in re.split(r"[,;+]|\s+(?:và|va)\s+|\s+(?=(?:tham|chủ|chu|phối|phoi|xử|xu)\b)", value):
        code = match_unit_code(part.strip(), office) if part.strip() else None
        unit = next((u for u in office.units if u.code == code), None) if code else None
        if unit is not None and unit not in found:
            found.append(unit)
    return found


def _partner_hits(unit: Unit, text_key: str) -> list[str]:
    return [p for p in unit.partners if _key(p) in text_key]


def score_units(record: Record, office: Office) -> tuple[dict[str, UnitScore], list[str]]:
    """Every unit's rule score with its reasons, and the stamp's cooperating units (in order)."""
    scores = {u.name: UnitScore(u.name) for u in office.units}
    doc = record.document
    stamp_coop: list[str] = []
    handling = record.incoming.handling if record.incoming else None
    if handling is not None:
        # a unit on a line whose label went unread is placed there by the stamp's layout, not read
        placed = record.confidence.get("incoming.handling.main", 1.0) < PLACED_BELOW
        for unit in _units_in(handling.main, office)[:1]:
            scores[unit.name].score += DIRECTION if placed else STAMP
            line = "unlabelled line" if placed else "Xử lý chính"
            scores[unit.name].reasons.append(f"stamp: {line} = {handling.main}")
        for unit in _units_in(handling.direction, office)[:1]:
            scores[unit.name].score += DIRECTION
            scores[unit.name].reasons.append(f"stamp: Chỉ đạo = {handling.direction}")
        stamp_coop = [u.name for u in _units_in(handling.coordination, office)]
    subject = _key(doc.subject or "")
    body = _key(record.text or "")
    for unit, keys in _patterns(office):
        s = scores[unit.name]
        # the office's own units named with a task in the text
        for name in {unit.name, *unit.codes}:
            n = _key(name)
            if len(n.split()) >= 2 and re.search(re.escape(n.strip()) + r" (?:\w+ ){0,3}(?:chu tri|tham muu)", body):
                s.score += EXPLICIT
                s.reasons.append(f"text: {name} chủ trì")
                break
        hits = []
        for shown, key, weight in keys:
            in_subject = _count(key, subject)
            in_body = min(_count(key, body), BODY_CAP)
            if in_subject or in_body:
                s.score += weight * (SUBJECT_FACTOR * min(in_subject, 1) + in_body)
                hits.append((weight * (in_subject + in_body), f"{shown} ×{in_subject + _count(key, body)}"))
        if hits:
            s.reasons.append("keywords: " + ", ".join(h for _, h in sorted(hits, reverse=True)[:3]))
        coop = [p for p in _partner_hits(unit, body) if re.search(r"phoi hop (?:voi )?" + re.escape(_key(p).strip()),
                                                                 body)]
        if coop:
            s.score += PARTNER_TEXT * len(coop)
            s.reasons.append("text: phối hợp với " + ", ".join(coop))
        if doc.issuer and _partner_hits(unit, _key(doc.issuer)):
            s.score += ISSUER
            s.reasons.append(f"issuer: {doc.issuer}")
        for type_name, weight in unit.types:
            if doc.type and fold(doc.type).lower() == fold(type_name).lower():
                s.score += TYPE * weight
                s.reasons.append(f"type: {doc.type}")
    return scores, stamp_coop


def rule_probabilities(scores: dict[str, UnitScore]) -> dict[str, float]:
    """Scores → a distribution: a softmax on the square root of the scores (so ten keyword hits
    are not ten times as sure as one), flat when there is no evidence at all."""
    values = {u: math.sqrt(s.score) for u, s in scores.items()}
    if not any(values.values()):
        return {u: 1 / len(values) for u in values} if values else {}
    top = max(values.values())
    exp = {u: math.exp(v - top) for u, v in values.items()}
    total = sum(exp.values())
    return {u: e / total for u, e in exp.items()}


def route(record: Record, office: Office, model: Model | None = None) -> Routing:
    """The routing proposal for one record (pure: reads the record and the units file)."""
    if not office.units:
        return Routing(None, [], 0.0, ["no units in the units file"])
    scores, stamp_coop = score_units(record, office)
    probs = rule_probabilities(scores)
    reasons_extra: list[str] = []
    stamped = any(r.startswith("stamp: Xử lý chính") for s in scores.values() for r in s.reasons)
    if model is not None and not stamped:
        learned = model.probabilities(record)
        if learned:
            probs = {u: 0.5 * probs.get(u, 0.0) + 0.5 * learned.get(u, 0.0) for u in probs}
            best_learned = max(learned, key=lambda u: learned[u])
            reasons_extra.append(f"model: {best_learned} {learned[best_learned]:.2f}")
    main = max(probs, key=lambda u: (probs[u], scores[u].score))
    confidence = 0.97 if stamped else probs[main]
    if not stamped and scores[main].score == 0 and not reasons_extra:
        return Routing(None, [], 0.0, [f"{REVIEW}: no evidence for any unit"])
    coordination = [u for u in stamp_coop if u != main]
    if not coordination:
        floor = max(4.0, 0.4 * scores[main].score) if not stamped else 12.0
        coordination = [u for u, s in sorted(scores.items(), key=lambda kv: -kv[1].score)
                        if u != main and s.score >= floor and s.score < STAMP][:2]
    reasons = list(scores[main].reasons) + reasons_extra
    reasons += [f"phối hợp {u}: stamp" if u in stamp_coop else f"phối hợp {u}: {'; '.join(scores[u].reasons[:1])}"
                for u in coordination]
    if confidence < office.review_threshold:
        reasons.insert(0, f"{REVIEW}: confidence {confidence:.2f} below {office.review_threshold:.2f}")
    return Routing(main, coordination, round(confidence, 3), reasons)


def unit_named(value: str, office: Office) -> str:
    """The office unit a person means by ``value`` (its name or a stamp code, typed with or
    without marks, or close to one); :class:`InputFileError` listing the units otherwise."""
    key = canon_folded(value)
    exact = next((u.name for u in office.units if key in (canon_folded(u.name), *map(canon_folded, u.codes))), None)
    code = exact or match_unit_code(value, office, cutoff=90)     # typed by a person: close, not OCR-close
    unit = exact or next((u.name for u in office.units if u.code == code), None)
    if unit is None:
        names = ", ".join(f"{u.code} ({u.name})" for u in office.units)
        raise InputFileError(f"not one of the office's units: {names}", value)
    return unit
