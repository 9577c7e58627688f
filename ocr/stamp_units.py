"""The incoming stamp's unit codes (xử lý chính / chuyển, phối hợp), read a second time.

A leader writes the handling unit as a short code of Latin capitals: ``P.CNTT``, ``VP``,
``TTra``, ``TT CNTT``. Tesseract's Vietnamese model reads handwritten capitals as whatever
Vietnamese letters or digits they resemble ("7T GNTT", "p BCV7T", "/P"). The line model of
:mod:`ocr.digit_model`, limited to Latin letters and ``. & -`` and space, reads them again; its
reading replaces Tesseract's words after the label when it is sure (:data:`SURE`) and has the
shape of a code (:data:`RE_CODE`). A unit it is unsure of is read again in the canvas's faint
rendering (thin pen strokes kept, see :func:`ocr.ink.ink_mask`), on the same terms; then, given
the office's own codes (the units file), matched against them by how likely the model finds
each (:func:`office_code`). Everything else is left as Tesseract read it: the extractor snaps
either reading to the office's own unit codes.
"""

from __future__ import annotations

import numpy as np
import regex as re
from rapidfuzz.distance import Levenshtein

from congvan.ocr import digit_model
from congvan.ocr.ink import InkCanvas
from congvan.ocr.stamp_labels import label_only
from congvan.ocr.stamp_values import strays_removed
from congvan.ocr.types import BBox, Block, Line, Word
from congvan.pipeline.core import stamp_words, vntext

CODE_SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.&- "
# up to four groups of letters joined by "." "&" "-" or a space: "P.CNTT", "TT CNTT", "VP. TT CNTT"
RE_CODE = re.compile(r"^[A-Za-z]+(?:(?:[.&-]|\.? )[A-Za-z]+){0,3}$")
SURE = 0.9
LEXICON_MARGIN = 6.9      # log 1000: the office's code read must be that much likelier than the next
LEXICON_GAP = 9.2         # log 10⁴: and no less likely than that against the free reading
LEXICON_CONF = 0.6        # a code found by matching the office's list, not read: shown as one to check
_LABEL_ENDS = tuple(w.split()[-1] for w in stamp_words.UNIT_LINES)     # xử lý chính:, phối hợp:, chuyển:
_NEXT = tuple(w.split()[0] for w in stamp_words.UNIT_LINES)            # a second label on the same line
RE_GLUED = re.compile(r"(?P<stem>[a-z]{3,6})[:;.]+(?=[^:;.\s])")


def _is_label_end(stem: str) -> bool:
    """"chính", "chuyển", "hợp" folded, as OCR may spell them: "chmh" (two edits off a long
    label, for a stem of four letters or more; "chi" of "Chỉ đạo" is not one), "hop" exactly."""
    return any(Levenshtein.distance(stem, end) <= (2 if len(end) > 3 and len(stem) >= 4 else 0)
               for end in _LABEL_ENDS)


def _whole_label(words: list[Word], i: int) -> bool:
    """``words[i]`` ends "Xử lý chính" or "Phối hợp" read whole, its colon lost: the label's
    other words are before it (one edit each allowed)."""
    before = [vntext.fold(w.text, lower=True).strip(" :;.,") for w in words[max(0, i - 2):i]]
    for label in (("xu", "ly"), ("phoi",)):
        got = before[-len(label):]
        if len(got) == len(label) and all(Levenshtein.distance(a, b) <= (1 if len(b) > 2 else 0)
                                          for a, b in zip(got, label, strict=True)):
            return True
    return False


def _value_start(words: list[Word], i: int) -> int | None:
    """Where the value after ``words[i]`` starts, if that word ends a unit label: "chính:",
    "hợp." (or with the colon read apart), or a label glued to its value ("ÿ-chmh::P.°ÑTŸ": the
    split placed by the share of characters)."""
    word = words[i]
    key = vntext.fold(word.text, lower=True)
    colon = key.endswith((":", ";", ".")) or (i + 1 < len(words) and words[i + 1].text[:1] in (":", ";"))
    if (colon or _whole_label(words, i)) and _is_label_end(key.rstrip(" :;.").split("-")[-1]):
        return word.bbox[2] + 2
    glued = RE_GLUED.search(key)
    if glued is None or not _is_label_end(glued["stem"]):
        return None
    x0, x1 = word.bbox[0], word.bbox[2]
    return x0 + round((x1 - x0) * glued.end() / len(key))


def unit_boxes(blocks: list[Block], width: int) -> list[tuple[int, int, BBox, tuple[int, int]]]:
    """(block, line, box, label rows) of each unit label's value: right of the label to the next
    label on its line or the canvas's end, a third of the label's height above and below."""
    out: list[tuple[int, int, BBox, tuple[int, int]]] = []
    for b, block in enumerate(blocks):
        for k, line in enumerate(block.lines):
            for i, word in enumerate(line.words):
                if (start := _value_start(line.words, i)) is not None:
                    _, top, _, bottom = word.bbox
                    pad = (bottom - top) // 3
                    end = next((w.bbox[0] for w in line.words[i + 1:]
                                if vntext.fold(w.text, lower=True).startswith(_NEXT)), width)
                    out.append((b, k, (start, max(0, top - pad), end - 2, bottom + pad), (top, bottom)))
    return out


def office_code(probs: np.ndarray, index: dict[str, int], codes: tuple[tuple[str, ...], ...]) -> str | None:
    """The office's unit whose code the line model's output (``probs``, steps × classes) spells,
    if one does clearly: ``codes`` holds each unit's forms, its canonical code first.

    Each form is scored by its CTC likelihood (:func:`~ocr.digit_model.log_likelihood`); a unit
    scores its best form. The best unit must be :data:`LEXICON_MARGIN` (in natural log) likelier
    than the next, and no more than :data:`LEXICON_GAP` below the line's free reading
    (:func:`~ocr.digit_model.best_path`): a signature, initials, a blank, or two units written
    together spell no single code that well.
    """
    scores: dict[str, float] = {}
    for forms in codes:
        for form in forms:
            if form and all(c in index for c in form):
                score = digit_model.log_likelihood(probs, [index[c] for c in form])
                scores[forms[0]] = max(scores.get(forms[0], -np.inf), score)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else -np.inf
    if score - second >= LEXICON_MARGIN and digit_model.best_path(probs) - score <= LEXICON_GAP:
        return best
    return None


def _sure(text: str, conf: float) -> bool:
    return conf >= SURE and bool(RE_CODE.match(text.strip(" .-&")))


def _crops(image: np.ndarray, found: list[tuple[int, int, BBox, tuple[int, int]]]) -> list[np.ndarray]:
    return [strays_removed(image[y0:y1, x0:x1], top - y0, bottom - y0)
            for _, _, (x0, y0, x1, y1), (top, bottom) in found]


def reread_units(blocks: list[Block], canvas: InkCanvas, model: bool = True,
                 codes: tuple[tuple[str, ...], ...] = ()) -> list[Block]:
    """The stamp's blocks with the unit written after each label as the line model read it, where
    it is sure of a code (in the canvas, else in its faint rendering); else, given the office's
    ``codes``, the unit whose code the model's output clearly spells (:func:`office_code`), at
    :data:`LEXICON_CONF`. One model batch for the page's labels, one more for the unsure ones."""
    if not (model and digit_model.available()):
        return blocks
    found = [f for f in unit_boxes(blocks, canvas.image.shape[1]) if f[2][2] - f[2][0] > 10]
    if not found:
        return blocks
    crops = _crops(canvas.image, found)
    probs, index = digit_model.outputs(crops)
    kept, symbols = digit_model.kept_classes(index, CODE_SYMBOLS)
    readings = [digit_model.decode(p, kept, symbols) for p in probs]
    unsure = [j for j, (text, conf) in enumerate(readings) if not _sure(text, conf)]
    if unsure and canvas.faint is not None:          # thin pen strokes: see ocr.ink.ink_mask
        faint = dict(zip(unsure, _crops(canvas.faint, [found[j] for j in unsure]), strict=True))
        differ = [j for j in unsure if not np.array_equal(faint[j], crops[j])]
        again = digit_model.read_lines([faint[j] for j in differ], CODE_SYMBOLS)
        for j, reading in zip(differ, again, strict=True):
            if _sure(*reading):
                readings[j] = reading
    taken = {j: (text.strip(" .-&"), conf) for j, (text, conf) in enumerate(readings) if _sure(text, conf)}
    for j in unsure:
        if j not in taken and (code := office_code(probs[j], index, codes)) is not None:
            taken[j] = (code, LEXICON_CONF)
    out = [Block([Line(list(ln.words)) for ln in block.lines], block.kind) for block in blocks]
    for j, (code, conf) in taken.items():
        b, k, box, _ = found[j]
        line = out[b].lines[k]
        labels = [label_only(w, box[0], RE_GLUED) for w in line.words if w.bbox[0] < box[0] - 2]
        out[b].lines[k] = Line([*labels, Word(code, box, conf)])
    return out
