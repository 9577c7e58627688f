"""Print under a black stamp, read again.

A CÔNG VĂN ĐẾN stamp in the print's own colour (bilevel and grey scans, photocopies) is often
pressed over the header or the trích yếu. Where it crosses a line of print, the page OCR reads
junk ("Nân‡“¿ấy;vận" for "Nâng cấp, vận") or a letter wrong ("tih"). Two things are in the way:

- the stamp's frame, pressed at a slant, so the page's straight-rule removal
  (:func:`~ocr.preprocess.remove_rules`) leaves it: here it is found by a Hough transform in
  the stamp's window and whitened;
- the stamp's own small sans-serif labels and the handwriting on them, thinner than the print's
  strokes: a morphological opening takes them away (and thins the print, which is why it is
  only one reading among others).

Each line of print under the stamp that holds a word read unsure, or with characters no word
holds, is read again in both renderings (one Tesseract call for each, the lines stacked on one
strip). A word is replaced by what a rendering read over the same span when that is surer by a
clear margin; everything else stays as the page read it.
"""

from __future__ import annotations

import cv2
import numpy as np
import regex as re

from congvan.ocr.digits import stack_crops
from congvan.ocr.layout import span_overlap
from congvan.ocr.tesseract import parse_tsv, run_tsv
from congvan.ocr.types import BBox, Block, Line, Word, intersects, union

UNSURE = 0.5          # a word read at less than this is read again
GAIN = 0.2            # ... and replaced by a reading this much surer
SURE = 0.6            # ... that is at least this sure
TILT = (0.5, 8.0)     # degrees: a frame pressed at a slant (straight ones are whitened already)
GAP = 60              # white pixels between the lines stacked on one strip
JUNK_FACTOR = 0.3     # a word holding characters no word holds counts this much of its confidence
# letters and digits, joined by what joins them in print ("P.CNTT", "04/2015/NĐ-CP", "TT&TT"),
# with the punctuation and quotes a word may open or close with
_WORD = re.compile(r"[\p{Ps}\p{Pi}\"'“]?[\p{L}\d]+(?:[./&\-–][\p{L}\d]+)*[.,;:!?%\p{Pe}\p{Pf}\"'”]{0,2}")
_DASH = re.compile(r"[-–—•*+]")                 # a list's dash


def plausibility(text: str) -> float:
    """1.0 for a word OCR could have read off print; ``JUNK_FACTOR`` for one holding marks no
    word holds, or punctuation inside its letters ("Nân‡“¿ấy;vận", "P.°ÑTŸ")."""
    return 1.0 if _WORD.fullmatch(text) or _DASH.fullmatch(text) else JUNK_FACTOR


def _score(words: list[Word]) -> float:
    return sum(w.conf * plausibility(w.text) for w in words) / len(words) if words else 0.0


def slanted_frame(grey: np.ndarray, window: BBox, dpi: int) -> np.ndarray:
    """255 on the ink of straight lines at a slant inside ``window``, in the window's own
    coordinates: a stamp's frame pressed askew."""
    x0, y0, x1, y1 = window
    ink = cv2.threshold(grey[y0:y1, x0:x1], 127, 255, cv2.THRESH_BINARY_INV)[1]
    segments = cv2.HoughLinesP(ink, 1, np.pi / 720, threshold=int(dpi * 0.4), minLineLength=int(dpi * 0.5),
                               maxLineGap=max(2, int(dpi * 0.02)))
    drawn = np.zeros_like(ink)
    if segments is None:
        return drawn
    for a, b, c, d in segments.reshape(-1, 4):
        angle = float(np.degrees(np.arctan2(d - b, c - a))) % 180
        tilt = min(angle, abs(angle - 90), 180 - angle)
        if TILT[0] < tilt < TILT[1] and _thin(ink, (int(a), int(b), int(c), int(d)), dpi):
            cv2.line(drawn, (int(a), int(b)), (int(c), int(d)), 255, max(3, round(dpi / 60)))
    return cv2.bitwise_and(drawn, ink)


def _thin(ink: np.ndarray, segment: tuple[int, int, int, int], dpi: int) -> bool:
    """A frame's line, not a slant through a thick bar of ink: beside it, a few pixels off on
    either side, the paper is white along most of its length."""
    a, b, c, d = segment
    length = max(1.0, float(np.hypot(c - a, d - b)))
    nx, ny = -(d - b) / length, (c - a) / length           # unit normal
    off = max(4, round(dpi / 40))
    t = np.linspace(0.0, 1.0, max(2, int(length // 4)))
    xs, ys = a + t * (c - a), b + t * (d - b)
    h, w = ink.shape
    beside = np.zeros(len(t), bool)
    for sign in (-1, 1):
        px = np.clip(np.round(xs + sign * off * nx).astype(int), 0, w - 1)
        py = np.clip(np.round(ys + sign * off * ny).astype(int), 0, h - 1)
        beside |= ink[py, px] > 0
    return float(beside.mean()) < 0.5


def _renderings(grey: np.ndarray, window: BBox, area: BBox, dpi: int) -> list[np.ndarray]:
    """``area`` of the page (it holds ``window``) without the slanted frame, and thinned too."""
    ax0, ay0, ax1, ay1 = area
    x0, y0, x1, y1 = window
    clean = grey[ay0:ay1, ax0:ax1].copy()
    clean[y0 - ay0:y1 - ay0, x0 - ax0:x1 - ax0][slanted_frame(grey, window, dpi) > 0] = 255
    k = max(3, round(dpi / 67))                      # strokes thinner than this go: 3 px at 200 dpi
    thin = 255 - cv2.morphologyEx(255 - clean, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    return [clean, thin]


def _read_lines(image: np.ndarray, origin: tuple[int, int], boxes: list[BBox], dpi: int,
                timeout: float) -> list[list[Word]]:
    """The words of each box (page coordinates; ``image``'s top left is ``origin`` on the page),
    all boxes read in one call: a word belongs to the box its middle lies in on the strip, and
    is dropped between boxes."""
    ox, oy = origin
    crops = [image[y0 - oy:y1 - oy, x0 - ox:x1 - ox] for x0, y0, x1, y1 in boxes]
    strip, tops = stack_crops(crops, GAP)
    out: list[list[Word]] = [[] for _ in boxes]
    for block in parse_tsv(run_tsv(strip, dpi, psm=6, timeout=timeout)):
        for line in block.lines:
            for w in line.words:
                cy = (w.bbox[1] + w.bbox[3]) / 2
                hit = [j for j in range(len(tops)) if tops[j] <= cy < tops[j] + crops[j].shape[0]]
                if not hit:
                    continue
                n = hit[0]
                dx, dy = boxes[n][0] - GAP, boxes[n][1] - tops[n]
                out[n].append(Word(w.text, (w.bbox[0] + dx, w.bbox[1] + dy, w.bbox[2] + dx, w.bbox[3] + dy), w.conf))
    return out


def _within(box: BBox, span: BBox) -> bool:
    """``box``'s middle inside ``span``: the same ink, not a word of the line above or below."""
    return span[0] <= (box[0] + box[2]) / 2 <= span[2] and span[1] <= (box[1] + box[3]) / 2 <= span[3]


def _best_of(candidates: list[Word]) -> list[Word]:
    """Readings of one span merged word by word: where words of different readings cover the
    same ink (half the narrower one or more), the surest is kept."""
    slots: list[Word] = []
    for c in sorted(candidates, key=lambda w: _score([w]), reverse=True):
        if all(span_overlap((c.bbox[0], c.bbox[2]), (s.bbox[0], s.bbox[2])) < 0.5 for s in slots):
            slots.append(c)
    return sorted(slots, key=lambda w: w.bbox[0])


def fuse(words: list[Word], readings: list[list[Word]]) -> list[Word]:
    """``words`` with each unsure one replaced by the surest reading of its box, word by word (sure
    words only), when that is surer by ``GAIN`` and at least ``SURE``."""
    out: list[Word] = []
    for w in words:
        base = _score([w])
        if base >= UNSURE:
            out.append(w)
            continue
        group = _best_of([r for reading in readings for r in reading if _within(r.bbox, w.bbox)
                          and _score([r]) >= UNSURE])
        score = _score(group)
        out.extend(group if group and score >= max(base + GAIN, SURE) else [w])
    return out


def reread_under_stamp(blocks: list[Block], grey: np.ndarray, window: BBox, dpi: int,
                       timeout: float) -> list[Block]:
    """``blocks`` (page coordinates of ``grey``) with the unsure words of the lines a black stamp's
    ``window`` covers read again without the stamp's slanted frame and thin strokes."""
    todo = [(b, k) for b, block in enumerate(blocks) for k, line in enumerate(block.lines)
            if line.words and intersects(line.bbox, window) and any(_score([w]) < UNSURE for w in line.words)]
    if not todo:
        return blocks
    h, w = grey.shape
    boxes: list[BBox] = []
    for b, k in todo:
        x0, y0, x1, y1 = blocks[b].lines[k].bbox
        pad = max(3, (y1 - y0) // 6)
        boxes.append((max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)))
    area = union([*boxes, window])
    readings = [_read_lines(image, (area[0], area[1]), boxes, dpi, timeout)
                for image in _renderings(grey, window, area, dpi)]
    out = [Block([Line(list(ln.words)) for ln in block.lines], block.kind) for block in blocks]
    for n, (b, k) in enumerate(todo):
        out[b].lines[k] = Line(fuse(out[b].lines[k].words, [r[n] for r in readings]))
    return out
