"""The ink layer's masks and canvas: faint strokes kept by hysteresis, the stamp levelled once
for both renderings (no Tesseract here)."""

from __future__ import annotations

import cv2
import numpy as np

from congvan.ocr.ink import FAINT_SAT, INK_SAT, InkRegion, build_canvas, frame_angle, ink_mask, is_boxed, straighten


def _hsv(sat: np.ndarray) -> np.ndarray:
    """An HSV image of red hue and mid value with the given saturation."""
    h, w = sat.shape
    return np.dstack([np.zeros((h, w), np.uint8), sat.astype(np.uint8), np.full((h, w), 180, np.uint8)])


def test_faint_ink_is_kept_where_it_touches_saturated_ink_and_nowhere_else() -> None:
    sat = np.zeros((40, 100), np.uint8)
    sat[10:30, 10:14] = INK_SAT + 40           # a stroke's saturated core
    sat[10:30, 14:30] = FAINT_SAT + 10         # its pale tail, as a thin stroke looks at 150 dpi
    sat[10:20, 60:70] = FAINT_SAT + 10         # a pale speck on its own: paper texture, a fringe
    sat[30:35, 80:85] = FAINT_SAT - 5          # paler still: paper
    strict, faint = ink_mask(_hsv(sat)), ink_mask(_hsv(sat), faint=True)
    assert strict.sum() == 20 * 4
    assert faint[10:30, 10:30].all() and faint.sum() == 20 * 20
    assert not faint[10:20, 60:70].any() and not faint[30:35, 80:85].any()


def test_black_print_is_never_ink() -> None:
    hsv = _hsv(np.full((10, 10), 200, np.uint8))
    hsv[:, :, 2] = 30                          # dark: black print, however it is tinted
    assert not ink_mask(hsv).any() and not ink_mask(hsv, faint=True).any()


def _stamp_page(angle: float) -> np.ndarray:
    """An RGB page with a red stamp frame turned by ``angle`` and a date written inside it in a
    thin pen: pale strokes, saturated only in spots."""
    frame = np.full((300, 500), 255, np.uint8)
    cv2.rectangle(frame, (10, 10), (489, 289), 0, 6)
    pen = np.full((300, 500), 255, np.uint8)
    cv2.putText(pen, "07/02/15", (60, 170), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 2.0, 0, 3)
    frame, pen = straighten(frame, angle), straighten(pen, angle)
    page = np.full((600, 800, 3), 255, np.uint8)
    region = page[100:100 + frame.shape[0], 100:100 + frame.shape[1]]
    region[frame < 128] = (200, 30, 30)                 # saturated red
    region[pen < 128] = (160, 130, 130)                 # saturation 48: between FAINT_SAT and INK_SAT
    spots = (pen < 128) & (np.indices(pen.shape).sum(axis=0) % 9 == 0)
    region[spots] = (170, 40, 40)
    return page


def test_the_canvas_holds_the_faint_rendering_at_the_same_geometry() -> None:
    page = _stamp_page(4.0)
    canvas = build_canvas(page, 200, [InkRegion((100, 100, 700, 500), "stamp", "red")])
    assert canvas is not None and canvas.faint is not None
    assert canvas.faint.shape == canvas.image.shape
    assert (canvas.faint < 128).sum() > 2 * (canvas.image < 128).sum()     # whole strokes, not spots
    assert abs(frame_angle(cv2.cvtColor(page[100:500, 100:700], cv2.COLOR_RGB2GRAY)) + 4.0) < 1.0


def test_a_level_or_frameless_crop_is_not_turned() -> None:
    blank = np.full((100, 200), 255, np.uint8)
    assert frame_angle(blank) == 0.0 and straighten(blank) is blank


def test_a_mark_in_a_box_is_told_from_a_line_of_pen() -> None:
    mark = np.full((120, 400), 255, np.uint8)
    cv2.rectangle(mark, (10, 10), (389, 109), 0, 5)
    cv2.putText(mark, "HOA TOC", (40, 85), cv2.FONT_HERSHEY_SIMPLEX, 1.8, 0, 5)
    assert is_boxed(mark)
    pen = np.full((120, 400), 255, np.uint8)
    cv2.line(pen, (10, 60), (389, 60), 0, 5)             # a long stroke, no box
    cv2.putText(pen, "P.CNTT", (40, 50), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.8, 0, 3)
    assert not is_boxed(pen)
