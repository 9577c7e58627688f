"""Lines of print Tesseract's layout analysis left out of the page, found and read on their own.

Tesseract segments a page before it reads it, and on real scans it sometimes drops a whole text
line: a line crossed by an underlined link, a line under a signature's stroke, a line next to a
seal. Bare Tesseract drops other lines than congvan's cleaned page does, so each of them loses
text the other keeps. This pass makes the page's ink the judge: letter-sized ink blobs that lie
in no word Tesseract read, and that line up into a row of text (:data:`MIN_BLOBS` letters at
least, :data:`MIN_WIDTH` x-heights wide), are cut out, stacked on one strip and read in one
call (``--psm 6``). A line read back counts only when it is mostly letters read with
confidence (:data:`MIN_CONF`): a signature or a seal's remains read as junk adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from congvan.ocr.digits import stack_crops
from congvan.ocr.preprocess import letter_sized
from congvan.ocr.tesseract import parse_tsv, run_tsv
from congvan.ocr.types import BBox, Block, Line, Word

MIN_BLOBS = 10        # letters in a row for it to be a line of text
MIN_WIDTH = 12.0      # x-heights: a row narrower than this is a mark, a number, a scribble
GAP = 3.0             # x-heights: blobs farther apart than this are not one line
ROW = 0.6             # x-heights: blobs whose middles are this close in height share a row
MIN_CONF = 0.7        # a line read back must have this mean word confidence
MIN_LETTERS = 0.6     # and this share of letters among its characters
STRIP_GAP = 40        # pixels between the crops on the strip


@dataclass(frozen=True)
class Row:
    box: BBox
    blobs: int


def unread_rows(body: np.ndarray, blocks: list[Block], x_height: float) -> list[Row]:
    """Rows of letter-sized ink in ``body`` (grey, page coordinates of ``blocks``) that no word
    read covers."""
    _, binary = cv2.threshold(body, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    x, y, w, h = (stats[1:, i] for i in range(4))
    letters = letter_sized(stats[1:], x_height, 0.6)
    covered = np.zeros(body.shape, bool)
    pad = int(x_height / 2)
    for block in blocks:
        for line in block.lines:
            for word in line.words:
                x0, y0, x1, y1 = word.bbox
                covered[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = True
    cx, cy = x + w // 2, y + h // 2
    free = letters & ~covered[np.clip(cy, 0, body.shape[0] - 1), np.clip(cx, 0, body.shape[1] - 1)]
    idx = np.nonzero(free)[0]
    return _rows([(int(x[i]), int(y[i]), int(x[i] + w[i]), int(y[i] + h[i])) for i in idx], x_height)


def _rows(boxes: list[BBox], x_height: float) -> list[Row]:
    """Blobs chained into rows: the same height band, each within :data:`GAP` of the last."""
    rows: list[list[BBox]] = []
    for box in sorted(boxes, key=lambda b: b[0]):
        mid = (box[1] + box[3]) / 2
        for row in rows:
            last = row[-1]
            if abs((last[1] + last[3]) / 2 - mid) <= ROW * x_height and box[0] - last[2] <= GAP * x_height:
                row.append(box)
                break
        else:
            rows.append([box])
    out = []
    for row in rows:
        box = (min(b[0] for b in row), min(b[1] for b in row), max(b[2] for b in row), max(b[3] for b in row))
        if len(row) >= MIN_BLOBS and box[2] - box[0] >= MIN_WIDTH * x_height:
            out.append(Row(box, len(row)))
    return out


def _kept(line: Line) -> bool:
    text = "".join(w.text for w in line.words)
    letters = sum(c.isalpha() for c in text)
    conf = sum(w.conf for w in line.words) / len(line.words)
    return bool(text) and letters >= MIN_LETTERS * len(text) and conf >= MIN_CONF


def read_dropped(body: np.ndarray, blocks: list[Block], dpi: int, x_height: float, timeout: float) -> list[Block]:
    """``blocks`` and, after them, a block of the lines read from :func:`unread_rows` (page
    coordinates); ``blocks`` alone when there are none or none reads as text."""
    rows = unread_rows(body, blocks, x_height)
    if not rows:
        return blocks
    pad = int(x_height)
    crops = [body[max(0, r.box[1] - pad):r.box[3] + pad, max(0, r.box[0] - pad):r.box[2] + pad] for r in rows]
    strip, tops = stack_crops(crops, STRIP_GAP)
    found: list[Line] = []
    for block in parse_tsv(run_tsv(strip, dpi, psm=6, timeout=timeout)):
        for line in block.lines:
            cy = (line.bbox[1] + line.bbox[3]) / 2
            k = next((k for k, (top, c) in enumerate(zip(tops, crops, strict=True))
                      if top <= cy < top + c.shape[0]), None)
            if k is None or not _kept(line):
                continue
            dx = max(0, rows[k].box[0] - pad) - STRIP_GAP
            dy = max(0, rows[k].box[1] - pad) - tops[k]
            found.append(Line([Word(w.text, (w.bbox[0] + dx, w.bbox[1] + dy, w.bbox[2] + dx, w.bbox[3] + dy),
                                    w.conf, w.alternatives) for w in line.words]))
    return [*blocks, Block(found)] if found else blocks
