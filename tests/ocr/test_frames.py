"""A black incoming stamp found by its ĐẾN on a page without colour (no Tesseract here)."""

from __future__ import annotations

import cv2
import numpy as np

from congvan.ocr.frames import find_anchor, stamp_window
from congvan.ocr.preprocess import rule_mask
from congvan.ocr.types import Block, Line, Word

HEIGHT = 2339                                     # an A4 page at 200 dpi


def _line(*words: tuple[str, int, int]) -> Line:
    return Line([Word(text, (x, y, x + 20 * len(text), y + 30), 0.9) for text, x, y in words])


def test_the_stamp_is_anchored_on_cong_van_den() -> None:
    blocks = [Block([_line(("CÔNG", 640, 250), ("VĂN", 740, 250), ("ĐẾN", 803, 251), ("Số:", 880, 251))])]
    assert find_anchor(blocks, HEIGHT) == (640, 251, 863, 281)


def test_den_beside_so_without_cong_van() -> None:
    blocks = [Block([_line(("ĐẾN", 539, 300), ("Ê°", 700, 300))])]
    assert find_anchor(blocks, HEIGHT) == (539, 300, 599, 330)


def test_a_heading_a_body_word_or_the_lower_page_is_no_stamp() -> None:
    heading = Block([_line(("KẾ", 500, 400), ("HOẠCH", 560, 400), ("ĐẾN", 700, 400), ("NĂM", 780, 400))])
    body = Block([_line(("liên", 200, 500), ("quan", 300, 500), ("đến", 400, 500))])
    low = Block([_line(("CÔNG", 640, 1500), ("VĂN", 740, 1500), ("ĐẾN", 803, 1500))])
    assert find_anchor([heading, body, low], HEIGHT) is None


def test_the_window_stops_at_the_frames_sides() -> None:
    grey = np.full((HEIGHT, 1653), 255, np.uint8)
    cv2.rectangle(grey, (600, 200), (1120, 480), 0, 3)             # the stamp's frame
    cv2.line(grey, (930, 245), (1390, 245), 0, 2)                  # the Tiêu ngữ's underline: not trusted
    x0, y0, x1, y1 = stamp_window((640, 251, 863, 281), rule_mask(grey, 200), 200)
    assert 585 <= x0 <= 600 and 1120 <= x1 <= 1135
    assert y0 < 200 and y1 > 480                                   # top and bottom: the default window
