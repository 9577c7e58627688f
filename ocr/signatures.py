"""Signatures on the incoming stamp: ink after a line's text that Tesseract did not read as text.

A leader signs the "Lãnh đạo:" line of the stamp; Tesseract mostly drops a signature's strokes
(not text) or spells a few of them as junk (which the extractor judges by itself). On the ink
canvas (see :mod:`ocr.ink`), a stamp line whose confidently read text is followed by enough ink
that no word covers — strokes, not specks nor the stamp's frame, wider than a letter — gets one
more word, :data:`MARK` with confidence 0, where that ink is. The extractor reads a value made
only of marks as ``"[signed]"``.
"""

from __future__ import annotations

import cv2
import numpy as np

from congvan.ocr.ink import InkCanvas
from congvan.ocr.types import BBox, Block, Line, Word

MARK = "✍"
MIN_WIDTH = 1.5          # ink this many line heights wide, at least
MIN_INK = 0.3            # and this many line heights squared of ink pixels


def _confident(word: Word) -> bool:
    return word.conf >= 0.5 and any(c.isalnum() for c in word.text)


def unread_ink(canvas: np.ndarray, line: Line, others: list[BBox], right: int) -> BBox | None:
    """The box of the ink right of ``line``'s confidently read words (up to ``right``) that no
    word covers (``others``: the other lines' words), when it is enough to be a signature."""
    heights = sorted(w.bbox[3] - w.bbox[1] for w in line.words)
    h = max(8, heights[len(heights) // 2])
    read = [w.bbox[2] for w in line.words if _confident(w)]
    if not read:
        return None                              # no label read: nothing to say what the ink is
    x0 = max(read) + h // 3
    y0, y1 = max(0, line.bbox[1] - h // 4), min(canvas.shape[0], line.bbox[3] + h // 4)
    if right - x0 < MIN_WIDTH * h:
        return None
    ink = canvas[y0:y1, x0:right] < 128
    for bx0, by0, bx1, by1 in [*others, *(w.bbox for w in line.words)]:   # ink Tesseract read as words
        ink[max(0, by0 - 2 - y0):max(0, by1 + 2 - y0), max(0, bx0 - 2 - x0):max(0, bx1 + 2 - x0)] = False
    # strokes only: not specks, not the stamp's frame (a thin rule across the whole band)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    band = ink.shape[0]
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= 0.02 * h * h
            and not (stats[i, cv2.CC_STAT_HEIGHT] >= 0.9 * band and stats[i, cv2.CC_STAT_WIDTH] <= 0.2 * h)]
    if not keep:
        return None
    strokes = np.isin(labels, keep)
    columns = np.flatnonzero(strokes.any(axis=0))
    rows = np.flatnonzero(strokes.any(axis=1))
    if int(strokes.sum()) < MIN_INK * h * h or columns[-1] - columns[0] < MIN_WIDTH * h:
        return None
    return (x0 + int(columns[0]), y0 + int(rows[0]), x0 + int(columns[-1]) + 1, y0 + int(rows[-1]) + 1)


def mark_signatures(blocks: list[Block], canvas: InkCanvas) -> list[Block]:
    """``blocks`` (canvas coordinates) with a :data:`MARK` word on each stamp line that ends in
    unread ink; lines outside the stamp regions are left as they are."""
    stamps = {k for k, (_, _, region) in enumerate(canvas.slots) if region.kind == "stamp"}
    right = canvas.image.shape[1] - canvas.pad
    out: list[Block] = []
    for block in blocks:
        lines: list[Line] = []
        for line in block.lines:
            if canvas.slot_of(line) not in stamps or any(w.text == MARK for w in line.words):
                lines.append(line)
                continue
            others = [w.bbox for b in blocks for ln in b.lines if ln is not line for w in ln.words]
            box = unread_ink(canvas.image, line, others, right)
            lines.append(Line([*line.words, Word(MARK, box, 0.0)]) if box else line)
        out.append(Block(lines, block.kind))
    return out
