"""Accuracy measures shared by ``bench/`` and ``congvan eval``.

CER is computed on NFC text with runs of spaces folded. Page layout makes reading order
ambiguous (two header columns, stamp boxes, the Nơi nhận | signer columns), so by default the
OCR's segments (lines, split at tabs) are first put in the order of the reference segment each
matches best, then one edit distance is taken over the whole text: a line read correctly but
in another order costs nothing, a line misread or missing costs its edits.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from congvan.pipeline.core.vntext import fold, squash_spaces


def segments(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    out = []
    for line in text.replace("\f", "\n").splitlines():
        for part in line.split("\t"):
            part = squash_spaces(part)
            if part:
                out.append(part)
    return out


def _line_score(hyp: str, ref: str, **_: object) -> float:
    """How well an OCR line matches a reference segment: as a whole; or, where the segment is a
    paragraph (a transcription does not wrap its lines), as a part of it."""
    if len(hyp) >= PART_MIN and len(ref) > PARAGRAPH * len(hyp):
        return float(fuzz.partial_ratio(hyp, ref))
    return float(fuzz.ratio(hyp, ref))


PARAGRAPH = 1.6      # a reference segment this many times an OCR line's length is a paragraph
PART_MIN = 20        # characters: a shorter OCR segment (a cell, a mark) matches whole segments only


def align(reference: list[str], hypothesis: list[str]) -> list[str]:
    """``hypothesis`` segments reordered to follow the reference segments they match best."""
    if not reference or not hypothesis:
        return hypothesis
    scores = process.cdist(hypothesis, reference, scorer=_line_score)
    best = scores.argmax(axis=1)
    order = sorted(range(len(hypothesis)), key=lambda i: (int(best[i]), i))
    return [hypothesis[i] for i in order]


def char_errors(reference: str, hypothesis: str, reorder: bool = True,
                strip_marks: bool = False) -> tuple[int, int]:
    """(edit distance, reference length) between two texts; see the module docstring."""
    ref = segments(reference)
    hyp = segments(hypothesis)
    if reorder:
        hyp = align(ref, hyp)
    r, h = "\n".join(ref), "\n".join(hyp)
    if strip_marks:
        r, h = fold(r), fold(h)
    return Levenshtein.distance(r, h), len(r)


def cer(reference: str, hypothesis: str, reorder: bool = True, strip_marks: bool = False) -> float:
    dist, n = char_errors(reference, hypothesis, reorder, strip_marks)
    return dist / n if n else float(bool(hypothesis.strip()))
