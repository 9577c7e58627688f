"""Signatures on the stamp: unread ink after a line's text becomes a mark word (no Tesseract here)."""

from __future__ import annotations

import cv2
import numpy as np

from congvan.ocr.ink import InkCanvas, InkRegion, RegionKind
from congvan.ocr.signatures import MARK, mark_signatures
from congvan.ocr.types import Block, Line, Word


def _canvas(kind: RegionKind = "stamp") -> InkCanvas:
    image = np.full((300, 900), 255, np.uint8)
    cv2.putText(image, "Lanh dao:", (20, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    cv2.putText(image, "Chi dao:", (20, 180), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    return InkCanvas(image, [(0, 300, InkRegion((0, 0, 900, 300), kind, "red"))], zoom=1.0, pad=10)


def _blocks(extra: list[Word] | None = None) -> list[Block]:
    leader = Line([Word("Lãnh", (20, 50, 110, 85), 0.95), Word("đạo:", (120, 50, 215, 85), 0.93), *(extra or [])])
    direction = Line([Word("Chỉ", (20, 150, 80, 185), 0.95), Word("đạo:", (90, 150, 190, 185), 0.93)])
    return [Block([leader, direction], "text")]


def _signs(canvas: InkCanvas) -> None:
    pts = np.array([[300, 90], [340, 40], [380, 95], [430, 45], [480, 100], [560, 60]], np.int32)
    cv2.polylines(canvas.image, [pts], False, 0, 3)


def _marks(blocks: list[Block]) -> list[bool]:
    return [any(w.text == MARK for w in line.words) for b in blocks for line in b.lines]


def test_a_signature_after_the_label_is_marked() -> None:
    canvas = _canvas()
    _signs(canvas)
    out = mark_signatures(_blocks(), canvas)
    assert _marks(out) == [True, False]
    mark = next(w for w in out[0].lines[0].words if w.text == MARK)
    assert mark.conf == 0.0 and 290 <= mark.bbox[0] < mark.bbox[2] <= 570


def test_an_empty_line_is_not_marked() -> None:
    assert _marks(mark_signatures(_blocks(), _canvas())) == [False, False]


def test_junk_words_over_the_signature_do_not_hide_it() -> None:
    canvas = _canvas()
    _signs(canvas)
    out = mark_signatures(_blocks([Word("7X", (330, 45, 400, 95), 0.35)]), canvas)
    assert _marks(out) == [True, False]


def test_a_dot_is_not_a_signature() -> None:
    canvas = _canvas()
    cv2.circle(canvas.image, (400, 70), 3, 0, -1)
    assert _marks(mark_signatures(_blocks(), canvas)) == [False, False]


def test_outside_the_stamp_nothing_is_marked() -> None:
    canvas = _canvas(kind="ink")
    _signs(canvas)
    assert _marks(mark_signatures(_blocks(), canvas)) == [False, False]


def test_the_stamp_frame_is_not_a_signature() -> None:
    canvas = _canvas()
    cv2.line(canvas.image, (850, 0), (850, 299), 0, 4)            # the stamp's right-hand frame
    cv2.circle(canvas.image, (300, 70), 2, 0, -1)                  # and a speck
    assert _marks(mark_signatures(_blocks(), canvas)) == [False, False]
