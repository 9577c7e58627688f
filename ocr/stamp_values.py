"""The incoming stamp's số đến and ngày đến, read a second time with Tesseract told to see digits.

Handwritten and typed numbers in a stamp are where general OCR slips most ("/532", "g8+");
constrained to digits and "/" it rarely does. The values are found right of their labels on the
ink canvas (see :mod:`ocr.stamp_labels`, :mod:`ocr.ink`). One extra Tesseract call per stamped
page reads them, on small crops; a second recogniser (:mod:`ocr.digit_model`) reads them too
(and, where the two differ, thickened and smaller), and the two are weighed against each other.
Without that model, a value Tesseract is unsure of costs two more Tesseract calls, in the other
renderings. A date still unsure at the end carries the whole dates its ink may hold
(:mod:`ocr.date_readings`).
"""

from __future__ import annotations

import cv2
import numpy as np
import regex as re

from congvan.ocr import date_readings, digit_model
from congvan.ocr.digits import read_strip
from congvan.ocr.ink import InkCanvas
from congvan.ocr.stamp_labels import label_only, value_boxes
from congvan.ocr.types import Alternatives, BBox, Block, Line, Word
from congvan.ocr.value_votes import DISAGREE, agreed, between, dropped, separated

RE_NUMBER_VALUE = re.compile(r"^\d{1,6}$")
RE_DATE_VALUE = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{2}|\d{4}))?$")


def shaped(kind: str, text: str) -> bool:
    """Whether ``text`` is a value of its kind: a number; or a date whose day and month exist
    ("45.1" is digits read from a date, not a date)."""
    if kind == "number":
        return bool(RE_NUMBER_VALUE.match(text))
    m = RE_DATE_VALUE.match(text)
    return m is not None and 1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12


def whole(kind: str, text: str) -> bool:
    """A value as the stamp is filled in: a number, or a date with its year (dd/mm/yy, NĐ 30
    Phụ lục IV; a year in full is this century's or the last). A date read without one ("7/12")
    has likely lost digits to the print it crosses; "1.5.5003" has gained some."""
    if kind == "number":
        return shaped(kind, text)
    m = RE_DATE_VALUE.match(text)
    year: str = (m["y"] or "") if m else ""
    return bool(year) and (len(year) == 2 or year[:2] in ("19", "20")) and shaped(kind, text)


STRIP_GAP = 40            # pixels between the value crops on the strip read again
CLEAN = 0.8               # a reading this sure is not read again in other renderings
HALF = 0.6                # the smaller rendering's scale: broken strokes close up
STRAY_MARGIN = 1 / 80     # inches a stray must stay clear of the label's rows (5 px at 400 dpi)


def strays_removed(crop: np.ndarray, top: int, bottom: int) -> np.ndarray:
    """``crop`` with the ink wholly above row ``top`` or below row ``bottom`` whitened: the feet
    of the line above, the accents of the line below, which Tesseract reads as a line of their own
    or glues onto the value. A value written large reaches into the label's rows and is kept."""
    if top >= bottom:
        return crop
    ink = (crop < 128).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    out = crop.copy()
    for i in range(1, n):
        y, h = int(stats[i, cv2.CC_STAT_TOP]), int(stats[i, cv2.CC_STAT_HEIGHT])
        if y + h <= top or y >= bottom:
            out[labels == i] = 255
    return out


def renderings(crops: list[np.ndarray], dpi: int) -> list[tuple[list[np.ndarray], int]]:
    """The value crops with strokes thickened, and at :data:`HALF` scale (with its dpi).

    Stamp ink is broken by the paper's texture and by the print it crosses; which rendering
    Tesseract reads best differs from stamp to stamp, and its confidence says which one it was.
    """
    thick = [cv2.erode(c, np.ones((3, 3), np.uint8)) for c in crops]
    half = [cv2.resize(c, None, fx=HALF, fy=HALF, interpolation=cv2.INTER_AREA) for c in crops]
    return [(thick, dpi), (half, round(dpi * HALF))]


def _shaped(kind: str, reading: tuple[str, float]) -> tuple[float, str] | None:
    """``reading`` as (confidence, value) if it has the shape of its kind (a date's lost
    separators put back by :func:`~ocr.value_votes.separated`), else None."""
    text = reading[0].strip(".-/")
    if shaped(kind, text):
        return reading[1], text
    mended = separated(text) if kind == "date" else None
    return (reading[1], mended) if mended else None


def _best_readings(kinds: list[str], crops: list[np.ndarray], dpi: int,
                   timeout: float, use_model: bool = True) -> list[tuple[float, str]]:
    """For each crop, the value read and its confidence ((0.0, "") if no reading has the shape
    of its kind).

    Tesseract reads the crops as cut, on one strip; the digit model (:mod:`ocr.digit_model`)
    reads them too, in one batch. Where the two do not give the same value, the model reads the
    crop again in the other :func:`renderings` and its readings agree on a value
    (:func:`~ocr.value_votes.agreed`); it errs where Tesseract does not, and the two values are
    weighed by :func:`~ocr.value_votes.between`. Without the model, Tesseract reads the
    crops it was unsure of (below :data:`CLEAN`, or out of shape) again in the renderings, one
    call each, and its readings agree.
    """
    n = len(crops)
    first = read_strip(crops, dpi, timeout, STRIP_GAP)
    tess = [_shaped(kinds[k], first.get(k, ("", 0.0))) for k in range(n)]
    if use_model and digit_model.available():
        model = [_shaped(kinds[k], r) for k, r in enumerate(digit_model.read_lines(crops))]
        contested = [k for k, (t, m) in enumerate(zip(tess, model, strict=True)) if not (t and m and t[1] == m[1])]
        if contested:
            views = [images for images, _ in renderings([crops[k] for k in contested], dpi)]
            more = digit_model.read_lines([c for view in views for c in view])
            for j, k in enumerate(contested):
                votes = [model[k]] + [_shaped(kinds[k], more[v * len(contested) + j]) for v in range(len(views))]
                model[k] = agreed([r for r in votes if r]) if any(votes) else None
        return [between(tess[k], model[k]) for k in range(n)]
    got = {k: [r] for k, r in enumerate(tess) if r}
    unsure = [k for k in range(n) if k not in got or got[k][0][0] < CLEAN]
    if unsure:
        for images, at in renderings([crops[k] for k in unsure], dpi):
            again = read_strip(images, at, timeout, STRIP_GAP)
            for m, k in enumerate(unsure):
                if (r := _shaped(kinds[k], again.get(m, ("", 0.0)))):
                    got.setdefault(k, []).append(r)
    return [agreed(got[k]) if k in got else (0.0, "") for k in range(n)]


def _crops(image: np.ndarray, found: list[tuple[str, BBox, tuple[int, int]]], dpi: int) -> list[np.ndarray]:
    """The value boxes cut from ``image`` (the canvas, or its faint rendering), strays removed."""
    margin = round(dpi * STRAY_MARGIN)
    return [strays_removed(image[y0:y1, x0:x1], top - y0 + margin, bottom - y0 - margin)
            for _, (x0, y0, x1, y1), (top, bottom) in found]


def _first_words(blocks: list[Block], box: BBox) -> list[Word]:
    """The words the first OCR pass read inside ``box`` (specks and rules without a digit left out)."""
    return [w for b in blocks for ln in b.lines for w in ln.words
            if w.bbox[0] >= box[0] - 2 and w.bbox[2] <= box[2] + 4 and any(c.isdigit() for c in w.text)
            and box[1] <= (w.bbox[1] + w.bbox[3]) // 2 <= box[3]]


def _date_alternatives(kinds: list[str], best: list[tuple[float, str]], crops: list[np.ndarray],
                       faint: list[np.ndarray | None], dpi: int, model: bool) -> dict[int, Alternatives]:
    """For each date still unsure after both renderings were read (:func:`whole` not, or its
    readers disputed it), the whole dates its ink may hold (:func:`~ocr.date_readings.ranked`),
    scored on its crop in every rendering."""
    if not (model and digit_model.available()):
        return {}
    out: dict[int, Alternatives] = {}
    for k, (conf, text) in enumerate(best):
        if kinds[k] != "date" or (conf > DISAGREE and whole("date", text)):
            continue
        views = [c for c in (crops[k], faint[k]) if c is not None]
        images = views + [im for rendered, _ in renderings(views, dpi) for im in rendered]
        if (found := date_readings.ranked(images, [text])):
            out[k] = found
    return out


def _fainter_better(kind: str, read: str, faint: tuple[float, str]) -> bool:
    """Whether the faint rendering's reading replaces the one read first: its readers did not
    disagree on it; or it is a whole value (:func:`whole`) where the first reading was not one,
    nothing or the faint value with digits lost ("7/12" of "27/12/12", "23" of "236")."""
    conf, text = faint
    if not shaped(kind, text):
        return False
    if conf > DISAGREE:
        return True
    return whole(kind, text) and (not shaped(kind, read) or dropped(text, read))


def reread_values(blocks: list[Block], canvas: InkCanvas, dpi: int, timeout: float,
                  model: bool = True) -> list[Block]:
    """The stamp's blocks with their số đến / ngày đến replaced by a digits-only reading.

    The values are read by Tesseract and by the digit model (:func:`_best_readings`). A value
    they read unsure (disputed, out of shape, or a date without its year) is read again in the
    canvas's faint rendering (:attr:`~congvan.ocr.ink.InkCanvas.faint`), and that reading is taken
    if its readers did not dispute it or it is whole where the first was not
    (:func:`_fainter_better`). A value with the shape of a number or a date
    (:func:`shaped`) replaces the first reading, unless it only drops characters of it
    (:func:`~congvan.ocr.value_votes.dropped`).
    """
    found = [(k, b, rows) for k, b, rows in value_boxes(blocks, canvas) if b[2] - b[0] > 10 and b[3] - b[1] > 5]
    if not found:
        return blocks
    boxes = [(k, b) for k, b, _ in found]
    kinds = [kind for kind, _ in boxes]
    crops = _crops(canvas.image, found, dpi)
    best = _best_readings(kinds, crops, dpi, timeout, model)
    faint = _faint_readings(kinds, best, canvas, found, crops, dpi, timeout, model)
    alternatives = _date_alternatives(kinds, best, crops, [faint.get(k) for k in range(len(crops))], dpi, model)
    replaced = _replacements(blocks, boxes, best, alternatives)
    return _placed(blocks, replaced) if replaced else blocks


def _faint_readings(kinds: list[str], best: list[tuple[float, str]], canvas: InkCanvas,
                    found: list[tuple[str, BBox, tuple[int, int]]], crops: list[np.ndarray], dpi: int,
                    timeout: float, model: bool) -> dict[int, np.ndarray]:
    """Thin or pale strokes the strict ink mask broke into dots: the unsure values read again in the
    faint rendering, where it differs (a stamp already read in it, see the engine, is the same
    there); ``best`` takes the faint reading where :func:`_fainter_better`. Returns the faint crops."""
    unsure = [k for k, (conf, text) in enumerate(best) if conf <= DISAGREE or not whole(kinds[k], text)]
    if not unsure or canvas.faint is None:
        return {}
    faint = {k: c for k, c in zip(unsure, _crops(canvas.faint, [found[k] for k in unsure], dpi), strict=True)
             if not np.array_equal(c, crops[k])}
    unsure = list(faint)
    again = _best_readings([kinds[k] for k in unsure], [faint[k] for k in unsure], dpi, timeout, model) \
        if unsure else []
    for k, (conf, text) in zip(unsure, again, strict=True):
        if _fainter_better(kinds[k], best[k][1], (conf, text)):
            best[k] = (conf, text)
    return faint


def _replacements(blocks: list[Block], boxes: list[tuple[str, BBox]], best: list[tuple[float, str]],
                  alternatives: dict[int, Alternatives]) -> dict[BBox, Word]:
    """The word each value box takes: the reread value when it has the value's shape and does not
    only drop characters of the first reading; else, with alternatives, the value as read with them."""
    replaced: dict[BBox, Word] = {}
    for k, (kind, box) in enumerate(boxes):
        conf, text = best[k]
        first = _first_words(blocks, box)
        read = "".join(w.text for w in first).strip(".-/:")
        alts = alternatives.get(k, ())
        if shaped(kind, text) and not (read and shaped(kind, read) and dropped(read, text)):
            replaced[box] = Word(text, box, conf, alts)
        elif alts and (read or text):
            # the value as read, unchanged, with the dates its ink may hold
            replaced[box] = Word(read, box, min(w.conf for w in first), alts) if read else Word(text, box, conf, alts)
    return replaced


def _placed(blocks: list[Block], replaced: dict[BBox, Word]) -> list[Block]:
    """Each reread value put into one line, the one holding its label (nearest the box's middle),
    in place of the words the first pass read in its box."""
    where: dict[tuple[int, int], list[Word]] = {}
    positions = [(b, k) for b, block in enumerate(blocks) for k in range(len(block.lines))]
    for box, new in replaced.items():
        middle = (box[1] + box[3]) / 2
        b, k = min(positions, key=lambda p: abs((blocks[p[0]].lines[p[1]].bbox[1]
                                                 + blocks[p[0]].lines[p[1]].bbox[3]) / 2 - middle))
        where.setdefault((b, k), []).append(new)
    out: list[Block] = []
    for b, block in enumerate(blocks):
        lines: list[Line] = []
        for k, line in enumerate(block.lines):
            words = list(line.words)
            for new in where.get((b, k), []):
                box = new.bbox
                words = [label_only(w, box[0]) for w in words
                         if not (w.bbox[0] >= box[0] - 2 and w.bbox[2] <= box[2] + 4)]
                words.append(new)
            lines.append(Line(sorted(words, key=lambda w: w.bbox[0])))
        out.append(Block(lines, block.kind))
    return out
