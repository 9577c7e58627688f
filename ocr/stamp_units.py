"""The incoming stamp's unit codes (xử lý chính / chuyển, phối hợp), read a second time.

A leader writes the handling unit as a short code of Latin capitals: ``P.CNTT``, ``VP``,
``TTra``, ``TT CNTT``. Tesseract's Vietnamese model reads handwritten capitals as whatever
Vietnamese letters or digits they resemble ("7T GNTT", "p BCV7T", "/P"). The line model of
:mod:`ocr.digit_model`, limited to Latin letters and ``. & -`` and space, reads them again; its
reading replaces Tesseract's words after the label when it is sure (:data:`SURE`) and has the
shape of a code (:data:`RE_CODE`). A unit it is unsure of is read again in the canvas's faint
rendering (thin pen strokes kept, see :func:`ocr.ink.ink_mask`), on the same terms. Everything
else is left as Tesseract read it: the extractor snaps either reading to the office's own unit
codes.
"""

from __future__ import annotations

import numpy as np
import regex as re
from rapidfuzz.distance import Levenshtein

from . import digit_model
from .ink import InkCanvas
from .stamp_values import folded, label_only, strays_removed
from .types import BBox, Block, Line, Word

CODE_SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.&- "
# up to four groups of letters joined by "." "&" "-" or a space: "P.CNTT", "TT CNTT", "VP. TT CNTT"
RE_CODE = re.compile(r"^[A-Za-z]+(?:(?:[.&-]|\.? )[A-Za-z]+){0,3}$")
SURE = 0.9
_LABEL_ENDS = ("chinh", "chuyen", "hop")      # xử lý chính:, chuyển:, phối hợp:
_NEXT = ("xu", "phoi", "chuyen")               # a second label on the same line
RE_GLUED = re.compile(r"(?P<stem>[a-z]{3,6})[:;.]+(?=[^:;.\s])")


def _is_label_end(stem: str) -> bool:
    """"chính", "chuyển", "hợp" folded, as OCR may spell them: "chmh" (two edits off a long
    label, for a stem of four letters or more; "chi" of "Chỉ đạo" is not one), "hop" exactly."""
    return any(Levenshtein.distance(stem, end) <= (2 if len(end) > 3 and len(stem) >= 4 else 0)
               for end in _LABEL_ENDS)


def _whole_label(words: list[Word], i: int) -> bool:
    """``words[i]`` ends "Xử lý chính" or "Phối hợp" read whole, its colon lost: the label's
    other words are before it (one edit each allowed)."""
    before = [folded(w.text).strip(" :;.,") for w in words[max(0, i - 2):i]]
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
    key = folded(word.text)
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
                    end = next((w.bbox[0] for w in line.words[i + 1:] if folded(w.text).startswith(_NEXT)), width)
                    out.append((b, k, (start, max(0, top - pad), end - 2, bottom + pad), (top, bottom)))
    return out


def _sure(text: str, conf: float) -> bool:
    return conf >= SURE and bool(RE_CODE.match(text.strip(" .-&")))


def _crops(image: np.ndarray, found: list[tuple[int, int, BBox, tuple[int, int]]]) -> list[np.ndarray]:
    return [strays_removed(image[y0:y1, x0:x1], top - y0, bottom - y0)
            for _, _, (x0, y0, x1, y1), (top, bottom) in found]


def reread_units(blocks: list[Block], canvas: InkCanvas, model: bool = True) -> list[Block]:
    """The stamp's blocks with the unit written after each label as the line model read it, where
    it is sure of a code; one model batch for the page's labels."""
    if not (model and digit_model.available()):
        return blocks
    found = [f for f in unit_boxes(blocks, canvas.image.shape[1]) if f[2][2] - f[2][0] > 10]
    if not found:
        return blocks
    readings = digit_model.read_lines(_crops(canvas.image, found), CODE_SYMBOLS)
    unsure = [j for j, (text, conf) in enumerate(readings) if not _sure(text, conf)]
    if unsure and canvas.faint is not None:          # thin pen strokes: see ocr.ink.ink_mask
        again = digit_model.read_lines(_crops(canvas.faint, [found[j] for j in unsure]), CODE_SYMBOLS)
        for j, reading in zip(unsure, again, strict=True):
            if _sure(*reading):
                readings[j] = reading
    out = [Block([Line(list(ln.words)) for ln in block.lines], block.kind) for block in blocks]
    for (b, k, box, _), (text, conf) in zip(found, readings, strict=True):
        if not _sure(text, conf):
            continue
        code = text.strip(" .-&")
        line = out[b].lines[k]
        kept = [label_only(w, box[0], RE_GLUED) for w in line.words if w.bbox[0] < box[0] - 2]
        out[b].lines[k] = Line([*kept, Word(code, box, conf)])
    return out
