"""The ink layer: find coloured-ink regions (incoming stamp, seal, pen, red marks) and OCR them apart.

The body OCR never sees coloured ink (see :mod:`ocr.preprocess`), so whatever was written in
it — the ĐẾN stamp's number and date, the handling lines, a red KHẨN box, a red name stamp — is
read here, from an image that holds only the ink. Round seals are located but not read. All
regions of a page go to Tesseract in one call, stacked on one canvas; the stamp's số đến and
ngày đến are then read again, digits only (:mod:`ocr.stamp_values`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import cv2
import numpy as np

from congvan.ocr.preprocess import rotate_bound, turn
from congvan.ocr.types import BBox, Block, BlockKind, Line, Word, intersects

RegionKind = Literal["stamp", "seal", "ink"]
REGION_DPI = 75
GAP = 60
INK_SAT = 60       # HSV saturation (0-255) of coloured ink; black print and paper stay below it
FAINT_SAT = 25     # a thin or light stroke: kept in the faint rendering where it touches ink


@dataclass(frozen=True)
class InkRegion:
    bbox: BBox
    kind: RegionKind
    colour: Literal["red", "blue", "black"]      # black: a stamp found on a scan without colour


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
        boxes = [piece for i in range(1, n) for piece in _side_by_side(mask, stats[i, :4], mm)]
        for x, y, w, h in boxes:
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
    margin = int(3 * dpi / 25.4)
    seals = [r for r in found if r.kind == "seal"]
    stamps = sorted((r for r in found if r.kind == "stamp"), key=lambda r: _area(r.bbox), reverse=True)
    kept: list[InkRegion] = []
    for s in stamps:                      # the pen layer inside a stamp is part of that stamp
        if any(_inside(s.bbox, seal.bbox, 0.3) for seal in seals):
            continue                      # a broken arc of the seal with the signature through it
        if not any(_inside(s.bbox, _grow(k.bbox, margin)) for k in kept):
            kept.append(s)
    for r in found:
        if r.kind == "stamp":
            continue
        if any(_inside(r.bbox, _grow(k.bbox, margin), 0.8 if r.colour == "red" else 0.5) for k in kept):
            continue                      # pen strokes written inside a stamp are read with it
        if r.kind == "ink" and any(intersects(r.bbox, s.bbox) for s in seals):
            continue                      # the seal's star, the signature under the seal
        kept.append(r)
    return kept


def _side_by_side(mask: np.ndarray, box: np.ndarray, mm: float) -> list[tuple[int, int, int, int]]:
    """A merged blob cut where a band of blank columns runs its full height: a red ``HỎA TỐC``
    box stamped 3 mm from the incoming stamp is a mark of its own, not a line of the stamp."""
    x, y, w, h = (int(v) for v in box)
    blank = mask[y:y + h, x:x + w].sum(axis=0) == 0
    cuts: list[int] = []
    run = 0
    for c in range(w):
        run = run + 1 if blank[c] else 0
        if run == int(2 * mm):
            cuts.append(c - run + 1)
    pieces: list[tuple[int, int, int, int]] = []
    start = 0
    for cut in [*cuts, w]:
        while start < cut and blank[start]:
            start += 1
        end = cut
        while end > start and blank[end - 1]:
            end -= 1
        if end > start:
            rows = np.nonzero(mask[y:y + h, x + start:x + end].any(axis=1))[0]
            pieces.append((x + start, y + int(rows[0]), end - start, int(rows[-1] - rows[0]) + 1))
        start = cut
    if len(pieces) > 1 and min(p[2] for p in pieces) >= 6 * mm:
        return pieces
    return [(x, y, w, h)]


def _area(b: BBox) -> int:
    return max(0, b[2] - b[0]) * max(0, b[3] - b[1])


def _grow(b: BBox, m: int) -> BBox:
    return (b[0] - m, b[1] - m, b[2] + m, b[3] + m)


def _inside(a: BBox, b: BBox, share: float = 0.5) -> bool:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    area = max(1, (a[2] - a[0]) * (a[3] - a[1]))
    return ix * iy / area > share


def ink_mask(hsv: np.ndarray, faint: bool = False) -> np.ndarray:
    """Where ``hsv`` (an HSV image) is coloured ink: saturated (:data:`INK_SAT`) and not black.

    ``faint``: also the paler pixels (:data:`FAINT_SAT`) of any stroke that reaches full
    saturation somewhere (hysteresis, as in edge detection). A thin handwritten stroke at 150–200
    dpi is mostly such pixels, and the strict mask keeps only its dots; pale specks of paper
    texture and colour fringes that touch no ink stay out.
    """
    lit = hsv[:, :, 2] >= 50
    strong = (hsv[:, :, 1] >= INK_SAT) & lit
    if not faint:
        return strong
    _, labels = cv2.connectedComponents(((hsv[:, :, 1] >= FAINT_SAT) & lit).astype(np.uint8), connectivity=8)
    keep = np.zeros(int(labels.max()) + 1, bool)
    keep[np.unique(labels[strong])] = True
    keep[0] = False
    kept: np.ndarray = keep[labels]
    return kept


def ink_only(crop: np.ndarray, faint: bool = False) -> np.ndarray:
    """Grey image of the coloured ink alone: ink dark, black print and paper white
    (``faint``: see :func:`ink_mask`)."""
    hsv = cv2.cvtColor(crop, cv2.COLOR_RGB2HSV)
    mask = cv2.dilate(ink_mask(hsv, faint).astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    r, g, b = cv2.split(crop)
    darkest = cv2.min(cv2.min(r, g), b)
    out = np.full(darkest.shape, 255, np.uint8)
    out[mask] = darkest[mask]
    return out


def frame_angle(img: np.ndarray) -> float:
    """The angle that levels a stamp crop's rectangular frame (a stamp is pressed at any small
    angle); 0.0 when no frame is big enough to trust or it is already level."""
    _, binary = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    binary = cv2.dilate(binary, np.ones((9, 9), np.uint8))     # the frame's broken strokes made whole
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return 0.0
    (_, _), (w, h), angle = cv2.minAreaRect(max(contours, key=cv2.contourArea))
    if w < img.shape[1] * 0.5 and h < img.shape[1] * 0.5:
        return 0.0
    angle = float(angle)
    if angle > 45:
        angle -= 90
    elif angle < -45:
        angle += 90
    return 0.0 if abs(angle) < 0.3 or abs(angle) > 15 else angle


def straighten(img: np.ndarray, angle: float | None = None) -> np.ndarray:
    """``img`` turned by ``angle`` (default: its own :func:`frame_angle`)."""
    angle = frame_angle(img) if angle is None else angle
    return rotate_bound(img, angle) if angle else img


def remove_frame(img: np.ndarray) -> np.ndarray:
    """Binarise a level stamp crop and whiten its frame and ruled lines.

    Long straight strokes read as I, | or — and glue onto the letters beside them. A stamp's
    frame is broken by the ink's texture, so frame rows and columns are found by how much of
    them is ink, not by continuous runs. The crop is binarised here, on its own histogram, so
    faint ink survives whatever threshold Tesseract picks for the canvas (or for the page, when
    the canvas is OCR'd joined under it).
    """
    _, binary = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    h, w = binary.shape
    ink = binary > 0
    rows = np.nonzero(ink.mean(axis=1) > 0.55)[0]
    cols = np.nonzero(ink.mean(axis=0) > 0.55)[0]
    for r in rows:
        binary[max(0, r - 3):r + 4, :] = 0
    for c in cols:
        binary[:, max(0, c - 3):c + 4] = 0
    long_h = cv2.getStructuringElement(cv2.MORPH_RECT, (max(8, w // 4), 1))
    long_v = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(8, h // 4)))
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, long_h)
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, long_v)
    binary[cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8)) > 0] = 0
    return cv2.bitwise_not(binary)


@dataclass
class InkCanvas:
    """The ink regions of a page stacked on one canvas, to be OCR'd in one Tesseract call."""

    image: np.ndarray
    slots: list[tuple[int, int, InkRegion]]     # (canvas y, height, region)
    zoom: float
    pad: int
    scale: float = 1.0                          # page pixels per input pixel (the body may be smaller)
    faint: np.ndarray | None = None             # the same canvas with faint ink kept (stamps only)
    boxed: tuple[int, ...] = ()                 # the slots that held a box round their ink (a mark)

    def slot_of(self, line: Line, dy: int = 0) -> int | None:
        """The slot holding ``line``'s middle (``dy``: where the canvas's top is in the line's
        coordinates), or None."""
        cy = (line.bbox[1] + line.bbox[3]) // 2 - dy
        return next((k for k, (top, height, _) in enumerate(self.slots) if top <= cy < top + height), None)


def to_frame(bbox: BBox, matrix: np.ndarray) -> BBox:
    """The box around ``bbox``'s corners mapped by the 2×3 affine ``matrix``."""
    x0, y0, x1, y1 = bbox
    pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=np.float64) @ matrix.T
    return (int(pts[:, 0].min()), int(pts[:, 1].min()), int(pts[:, 0].max()), int(pts[:, 1].max()))


def build_canvas(colour: np.ndarray, dpi: int, regions: list[InkRegion], rotation: int = 0,
                 to_page: np.ndarray | None = None) -> InkCanvas | None:
    """Crop each region from the input image, turn it upright, deskew it on its own, stack them.

    ``rotation`` and ``to_page`` are the page's (see :class:`ocr.preprocess.Prepared`); slot
    regions are given back in the page's upright frame. A stamp is also rendered with its faint
    ink (:func:`ink_mask`), turned by the same angle, into :attr:`InkCanvas.faint`.
    """
    todo = [r for r in regions if r.kind != "seal"]
    if not todo:
        return None
    zoom = max(1.0, 400 / dpi)            # stamp text is small: read it at 400 dpi or finer
    pad = int(3 * dpi / 25.4)
    images: list[tuple[np.ndarray, np.ndarray]] = []
    slots: list[tuple[int, int, InkRegion]] = []
    boxed: list[int] = []
    y = 0
    h_, w_ = colour.shape[:2]
    for r in todo:
        x0, y0, x1, y1 = r.bbox
        crop = colour[max(0, y0 - pad):min(h_, y1 + pad), max(0, x0 - pad):min(w_, x1 + pad)]
        img = _upright(ink_only(crop), rotation, zoom)
        if r.kind == "stamp":
            angle = frame_angle(img)
            img, faint = remove_frame(straighten(img, angle)), remove_frame(
                straighten(_upright(ink_only(crop, faint=True), rotation, zoom), angle))
        else:
            img = faint = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
            if is_boxed(img):            # a boxed mark (HỎA TỐC, MẬT)
                boxed.append(len(slots))
        images.append((img, faint))
        framed = InkRegion(to_frame(r.bbox, to_page), r.kind, r.colour) if to_page is not None else r
        slots.append((y, img.shape[0], framed))
        y += img.shape[0] + GAP
    width = max(img.shape[1] for img, _ in images)
    canvas = np.full((y, width), 255, np.uint8)
    faint_canvas = canvas.copy()
    for (top, height, _), (img, faint) in zip(slots, images, strict=True):
        canvas[top:top + height, :img.shape[1]] = img
        faint_canvas[top:top + height, :faint.shape[1]] = faint
    scale = float(np.hypot(to_page[0, 0], to_page[0, 1])) if to_page is not None else 1.0
    return InkCanvas(canvas, slots, zoom, pad, scale, faint_canvas, tuple(boxed))


def is_boxed(binary: np.ndarray) -> bool:
    """A binarised crop with a box round it: an ink row in its top and its bottom quarter and an
    ink column in its left and its right quarter (each more than half inked)."""
    ink = binary < 128
    h, w = ink.shape
    rows, cols = ink.mean(axis=1) > 0.5, ink.mean(axis=0) > 0.5
    return bool(rows[:h // 4].any() and rows[h - h // 4:].any() and cols[:w // 4].any() and cols[w - w // 4:].any())


def _upright(img: np.ndarray, rotation: int, zoom: float) -> np.ndarray:
    img = turn(img, rotation)
    return cv2.resize(img, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC) if zoom > 1 else img


def assign(blocks: list[Block], canvas: InkCanvas, origin: tuple[int, int]) -> list[Block]:
    """Map lines OCR'd on the canvas (placed at ``origin`` in the OCR image) back onto the page.

    Outside a stamp, words Tesseract is unsure of are dropped: on signatures and stray pen
    strokes it produces punctuation soup. Inside a stamp they are kept with their (low)
    confidence: a handling line holding only such marks was signed, not left blank.
    """
    ox0, oy0 = origin
    out: dict[int, list[Line]] = {}
    for block in blocks:
        for line in block.lines:
            k = canvas.slot_of(line, oy0)
            if k is None:
                continue
            top, _, region = canvas.slots[k]
            margin = int(canvas.pad * canvas.scale)
            ox, oy = region.bbox[0] - margin, region.bbox[1] - margin
            k_ = canvas.scale / canvas.zoom
            words = [replace(w, bbox=(int((w.bbox[0] - ox0) * k_) + ox, int((w.bbox[1] - oy0 - top) * k_) + oy,
                                      int((w.bbox[2] - ox0) * k_) + ox, int((w.bbox[3] - oy0 - top) * k_) + oy))
                     for w in line.words if region.kind == "stamp" or plausible(w)]
            if words:
                out.setdefault(k, []).append(Line(words))
    return [Block(lines, _block_kind(canvas.slots[k][2])) for k, lines in sorted(out.items())]


def _block_kind(region: InkRegion) -> BlockKind:
    if region.kind != "stamp":
        return "ink"
    return "stamp-print" if region.colour == "black" else "stamp"


def plausible(word: Word) -> bool:
    """A word outside a stamp worth keeping: some letter or digit, read with some confidence."""
    has_alnum = any(c.isalnum() for c in word.text)
    return has_alnum and (word.conf >= 0.30 or (len(word.text) >= 3 and word.conf >= 0.15))
