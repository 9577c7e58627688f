"""A black round seal: found by its circles and taken off the page before OCR.

A red seal leaves the body image with the rest of the coloured ink (:mod:`ocr.preprocess`).
On a bilevel or grey scan (fax, G4 TIFF, a photocopy) the seal is as black as the print, and
it is pressed over the left third of the signature (NĐ 30 Phụ lục I, box 8), which puts its
ring across the signer's title. Tesseract's layout analysis then takes the seal and the title
together for a picture and reads neither: ``GIÁM ĐỐC`` and ``KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC``
went unread on such scans.

An agency's seal is round: two concentric circles with its name written round the ring
between them and a star or emblem in the middle. Here it is found by its circles (a Hough
transform on a small copy, then confirmed on the page: a radius where ink runs most of the way
round), and taken off:

1. the circles' strokes;
2. large ink wholly inside the seal (the star, the emblem; a letter of print is never that big).

The ring's own letters are left in the image: they touch the title's letters where the two
cross, and taking them off took letters of the title with them (``GIÁM`` read ``G, M``).
Tesseract reads them as short debris around a title it now reads whole or nearly
(``GIẾM ĐỐC``, which the signer extractor snaps to the known title); the debris is dropped
from the page's words afterwards (:func:`ring_words_dropped`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from congvan.ocr.types import Block, Line, Word

FIND_DPI = 75                   # the Hough transform runs on a copy this small
MIN_R, MAX_R = 0.45, 1.0        # inches: a seal 23–51 mm across
CIRCLE = 0.55                   # a circle: ink on this share of its circumference
EMBLEM = 0.22                   # inches: ink inside the seal this tall and wide is its star or emblem
MAX_SEALS = 3


@dataclass(frozen=True)
class Seal:
    x: float
    y: float
    strokes: tuple[tuple[int, int], ...]     # radius bands [lo, hi] in pixels, inner to outer

    @property
    def outer(self) -> int:
        return self.strokes[-1][1]


def _ink(grey: np.ndarray, level: int = 128) -> np.ndarray:
    return (grey < level).astype(np.uint8)


def _bands(coverage: np.ndarray, lo: int) -> list[tuple[int, int]]:
    """Runs of radii at or above ``CIRCLE`` coverage, from radius ``lo`` out."""
    bands: list[tuple[int, int]] = []
    start = -1
    for r in range(lo, len(coverage)):
        if coverage[r] >= CIRCLE and start < 0:
            start = r
        elif coverage[r] < CIRCLE and start >= 0:
            bands.append((start, r - 1))
            start = -1
    if start >= 0:
        bands.append((start, len(coverage) - 1))
    return bands


def _coverage(xs: np.ndarray, ys: np.ndarray, x: float, y: float, reach: int) -> np.ndarray:
    """Share of the circle of each radius (0..reach) around (x, y) that is ink."""
    dist = np.hypot(xs - x, ys - y).astype(np.int32)
    hist = np.bincount(dist[dist <= reach], minlength=reach + 1).astype(np.float64)
    return hist / (2 * np.pi * np.maximum(np.arange(reach + 1), 1))


def _check(ink: np.ndarray, x: float, y: float, dpi: int) -> Seal | None:
    """The seal near (x, y) when ink runs round it at some radius: its centre, moved to where
    the circles are sharpest (the small copy's centre is a few pixels out), and its stroke bands."""
    h, w = ink.shape
    reach = int(MAX_R * dpi * 1.1)
    x0, y0 = max(0, int(x) - reach), max(0, int(y) - reach)
    ys, xs = np.nonzero(ink[y0:min(h, int(y) + reach + 1), x0:min(w, int(x) + reach + 1)])
    if not len(xs):
        return None
    xs, ys = xs + x0, ys + y0
    def sharpness(c: tuple[np.ndarray, float, float]) -> float:
        return float(c[0][int(0.2 * dpi):].max())

    best = (_coverage(xs, ys, x, y, reach), x, y)
    if sharpness(best) < CIRCLE / 2:                   # no circle near here: text, a table's corner
        return None
    for step in (max(2, dpi // 50), 1):                # coarse, then fine
        cx, cy = best[1], best[2]
        best = max([best] + [(_coverage(xs, ys, cx + dx, cy + dy, reach), cx + dx, cy + dy)
                             for dx in (-2 * step, -step, 0, step, 2 * step)
                             for dy in (-2 * step, -step, 0, step, 2 * step) if dx or dy], key=sharpness)
    coverage, x, y = best
    bands = [b for b in _bands(coverage, int(0.2 * dpi)) if b[1] - b[0] < dpi * 0.06]
    if not bands or not MIN_R * dpi <= bands[-1][1] <= MAX_R * dpi:
        return None
    return Seal(float(x), float(y), tuple(bands))


def find_seals(grey: np.ndarray, dpi: int) -> list[Seal]:
    """Round seals on a page with no colour: circles found small, confirmed on the page."""
    scale = FIND_DPI / dpi
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    found = cv2.HoughCircles(cv2.GaussianBlur(small, (3, 3), 0), cv2.HOUGH_GRADIENT, dp=1,
                             minDist=int(MIN_R * FIND_DPI), param1=100, param2=30,
                             minRadius=int(MIN_R * FIND_DPI), maxRadius=int(MAX_R * FIND_DPI))
    if found is None:
        return []
    ink = _ink(grey)
    seals: list[Seal] = []
    for cx, cy, _r in found[0][:MAX_SEALS * 3]:
        x, y = cx / scale, cy / scale
        if any(np.hypot(x - s.x, y - s.y) < s.outer for s in seals):
            continue
        seal = _check(ink, x, y, dpi)
        if seal is not None:
            seals.append(seal)
        if len(seals) == MAX_SEALS:
            break
    return seals


def remove_seals(grey: np.ndarray, seals: list[Seal], dpi: int) -> np.ndarray:
    """``grey`` with each seal's circles and emblem whitened (a copy; ``grey`` itself when no seal)."""
    if not seals:
        return grey
    out = grey.copy()
    h, w = grey.shape
    for seal in seals:
        reach = seal.outer + 3
        x0, y0 = max(0, int(seal.x) - reach), max(0, int(seal.y) - reach)
        x1, y1 = min(w, int(seal.x) + reach + 1), min(h, int(seal.y) + reach + 1)
        yy, xx = np.indices((y1 - y0, x1 - x0))
        dist = np.hypot(xx + x0 - seal.x, yy + y0 - seal.y)
        window = out[y0:y1, x0:x1]
        for lo, hi in seal.strokes:
            window[(dist >= lo - 1.5) & (dist <= hi + 1.5)] = 255
        outer = seal.outer - 1.5
        count, labels, stats, _ = cv2.connectedComponentsWithStats(_ink(window, 200), connectivity=8)
        emblem = EMBLEM * dpi
        for k in range(1, count):
            if stats[k, cv2.CC_STAT_WIDTH] <= emblem or stats[k, cv2.CC_STAT_HEIGHT] <= emblem:
                continue
            comp = labels == k
            if dist[comp].max() <= outer:
                window[comp] = 255                   # the star or emblem
    return out


def _in_ring(word: Word, seal: Seal) -> bool:
    x, y = (word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2
    return seal.strokes[0][0] - 3 <= float(np.hypot(x - seal.x, y - seal.y)) <= seal.outer + 3


def ring_words_dropped(blocks: list[Block], seals: tuple[Seal, ...]) -> list[Block]:
    """The page's words without the seal's own letters, which OCR reads as debris ("'NỘ", "k®)").

    A word whose centre lies on a seal's ring is kept only when it is joined, gap by gap no
    wider than its line's height, to a word off the ring: the title's ``GIÁM`` where the ring
    crosses it runs on into ``ĐỐC``; the ring's letters stand apart from the print.
    """
    if not seals:
        return blocks
    out: list[Block] = []
    for block in blocks:
        lines: list[Line] = []
        for line in block.lines:
            words = line.words
            ring = [any(_in_ring(w, s) for s in seals) for w in words]
            keep = [not r for r in ring]
            changed = True
            while changed:                        # spread "kept" along close neighbours
                changed = False
                for i in range(len(words)):
                    if keep[i]:
                        continue
                    height = max(1, words[i].bbox[3] - words[i].bbox[1])
                    for j in (i - 1, i + 1):
                        if 0 <= j < len(words) and keep[j] and _gap(words[i], words[j]) <= height:
                            keep[i] = changed = True
                            break
            kept = [w for w, k in zip(words, keep, strict=True) if k]
            if kept:
                lines.append(Line(kept))
        if lines:
            out.append(replace(block, lines=lines))
    return out


def _gap(a: Word, b: Word) -> int:
    return max(a.bbox[0], b.bbox[0]) - min(a.bbox[2], b.bbox[2])
