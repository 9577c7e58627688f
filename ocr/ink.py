"""The ink layer: find coloured-ink regions (incoming stamp, seal, pen, red marks) and OCR them apart.

The body OCR never sees coloured ink (see :mod:`ocr.preprocess`), so whatever was written in
it — the ĐẾN stamp's number and date, the handling lines, a red KHẨN box, a red name stamp — is
read here, from an image that holds only the ink. Round seals are located but not read. All
regions of a page go to Tesseract in one call, stacked on one canvas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from .preprocess import binarize_small, rotate_bound, skew_angle, turn
from .types import BBox, Block, Line, Word

RegionKind = Literal["stamp", "seal", "ink"]
REGION_DPI = 75
GAP = 60


@dataclass(frozen=True)
class InkRegion:
    bbox: BBox
    kind: RegionKind
    colour: Literal["red", "blue"]


def _hue_masks(colour: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray, float]:
    f = REGION_DPI / dpi
    small = cv2.resize(colour, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    h, s, v = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    inked = (s >= 60) & (v >= 50)
    red = inked & ((h <= 12) | (h >= 150))
    blue = inked & (h >= 90) & (h < 150)
    return red.astype(np.uint8), blue.astype(np.uint8), f


def _is_round(mask: np.ndarray) -> bool:
    """A seal: ink on a ring, nothing in the corners of its box (a stamp's frame fills them)."""
    h, w = mask.shape
    ch, cw = max(1, h // 7), max(1, w // 7)
    corners = [mask[:ch, :cw], mask[:ch, -cw:], mask[-ch:, :cw], mask[-ch:, -cw:]]
    return all(float(c.mean()) < 0.03 for c in corners)


def find_regions(colour: np.ndarray, dpi: int) -> list[InkRegion]:
    red, blue, f = _hue_masks(colour, dpi)
    mm = REGION_DPI / 25.4
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (int(4 * mm) | 1, int(3 * mm) | 1))
    found: list[InkRegion] = []
    for name, mask in (("red", red), ("blue", blue)):
        closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
        n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
        for i in range(1, n):
            x, y, w, h = (int(v) for v in stats[i, :4])
            if max(w, h) < 6 * mm or int(mask[y:y + h, x:x + w].sum()) < 25:
                continue
            wm, hm = w / mm, h / mm
            kind: RegionKind = "ink"
            if 0.75 < w / h < 1.33 and 20 <= max(wm, hm) <= 60 and _is_round(mask[y:y + h, x:x + w]):
                kind = "seal"
            elif wm >= 30 and hm >= 15:
                kind = "stamp"
            bbox = (int(x / f), int(y / f), int((x + w) / f), int((y + h) / f))
            found.append(InkRegion(bbox, kind, name))   # type: ignore[arg-type]
    stamps = [r for r in found if r.kind == "stamp"]
    # pen strokes written inside a stamp belong to that stamp, and are read with it
    return [r for r in found if r.kind == "stamp" or not any(_inside(r.bbox, s.bbox) for s in stamps)]


def _inside(a: BBox, b: BBox) -> bool:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    area = max(1, (a[2] - a[0]) * (a[3] - a[1]))
    return ix * iy / area > 0.6


def ink_only(crop: np.ndarray) -> np.ndarray:
    """Grey image of the coloured ink alone: ink dark, black print and paper white."""
    hsv = cv2.cvtColor(crop, cv2.COLOR_RGB2HSV)
    mask = (hsv[:, :, 1] >= 60) & (hsv[:, :, 2] >= 50)
    mask = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    r, g, b = cv2.split(crop)
    darkest = cv2.min(cv2.min(r, g), b)
    out = np.full(darkest.shape, 255, np.uint8)
    out[mask] = darkest[mask]
    return out


@dataclass
class InkCanvas:
    """The ink regions of a page stacked on one grey canvas, to be OCR'd with the body in one call."""

    image: np.ndarray
    slots: list[tuple[int, int, InkRegion]]     # (canvas y, height, region)
    zoom: int
    pad: int


def to_frame(bbox: BBox, matrix: np.ndarray) -> BBox:
    """The box around ``bbox``'s corners mapped by the 2×3 affine ``matrix``."""
    x0, y0, x1, y1 = bbox
    pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=np.float64) @ matrix.T
    return (int(pts[:, 0].min()), int(pts[:, 1].min()), int(pts[:, 0].max()), int(pts[:, 1].max()))


def build_canvas(colour: np.ndarray, dpi: int, regions: list[InkRegion], rotation: int = 0,
                 to_page: np.ndarray | None = None) -> InkCanvas | None:
    """Crop each region from the input image, turn it upright, deskew it on its own, stack them.

    ``rotation`` and ``to_page`` are the page's (see :class:`ocr.preprocess.Prepared`); slot
    regions are given back in the page's upright frame.
    """
    todo = [r for r in regions if r.kind != "seal"]
    if not todo:
        return None
    zoom = 2 if dpi < 250 else 1          # stamp text is small: give Tesseract enough pixels
    pad = 8
    images: list[np.ndarray] = []
    slots: list[tuple[int, int, InkRegion]] = []
    y = 0
    h_, w_ = colour.shape[:2]
    for r in todo:
        x0, y0, x1, y1 = r.bbox
        img = turn(ink_only(colour[max(0, y0 - pad):min(h_, y1 + pad), max(0, x0 - pad):min(w_, x1 + pad)]),
                   rotation)
        if zoom > 1:
            img = cv2.resize(img, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
        binary, _ = binarize_small(img, dpi * zoom)
        angle = skew_angle(binary, max_angle=10.0)
        if abs(angle) > 0.2:
            img = rotate_bound(img, angle)
        images.append(img)
        framed = InkRegion(to_frame(r.bbox, to_page), r.kind, r.colour) if to_page is not None else r
        slots.append((y, img.shape[0], framed))
        y += img.shape[0] + GAP
    width = max(img.shape[1] for img in images)
    canvas = np.full((y, width), 255, np.uint8)
    for (top, height, _), img in zip(slots, images, strict=True):
        canvas[top:top + height, :img.shape[1]] = img
    return InkCanvas(canvas, slots, zoom, pad)


def assign(blocks: list[Block], canvas: InkCanvas, origin: tuple[int, int]) -> list[Block]:
    """Map lines OCR'd on the canvas (placed at ``origin`` in the OCR image) back onto the page.

    Words Tesseract is unsure of are dropped: on seals, signatures and stray pen strokes it
    produces confident-looking punctuation soup.
    """
    ox0, oy0 = origin
    out: dict[int, list[Line]] = {}
    for block in blocks:
        for line in block.lines:
            cy = (line.bbox[1] + line.bbox[3]) // 2 - oy0
            k = next((i for i, (top, height, _) in enumerate(canvas.slots) if top <= cy < top + height), None)
            if k is None:
                continue
            top, _, region = canvas.slots[k]
            ox, oy = region.bbox[0] - canvas.pad, region.bbox[1] - canvas.pad
            z = canvas.zoom
            words = [Word(w.text, ((w.bbox[0] - ox0) // z + ox, (w.bbox[1] - oy0 - top) // z + oy,
                                   (w.bbox[2] - ox0) // z + ox, (w.bbox[3] - oy0 - top) // z + oy), w.conf)
                     for w in line.words if _plausible(w)]
            if words:
                out.setdefault(k, []).append(Line(words))
    return [Block(lines, "stamp" if canvas.slots[k][2].kind == "stamp" else "ink")
            for k, lines in sorted(out.items())]


def _plausible(word: Word) -> bool:
    has_alnum = any(c.isalnum() for c in word.text)
    return has_alnum and (word.conf >= 0.30 or (len(word.text) >= 3 and word.conf >= 0.15))
