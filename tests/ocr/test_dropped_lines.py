"""Rows of print Tesseract's layout left out, found by their ink and read alone."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.ocr.dropped_lines import read_dropped, unread_rows
from congvan.ocr.types import Block, Line, Word

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = ["Nhà trường sẽ đăng tải các thông báo về kế hoạch giảng dạy",
         "trên cổng thông tin điện tử của trường, đề nghị giảng viên",
         "và sinh viên cập nhật thông tin thường xuyên."]


def _page() -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    image = Image.new("L", (1500, 400), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(SERIF, 30)
    boxes = []
    for k, text in enumerate(LINES):
        draw.text((60, 60 + 100 * k), text, font=font, fill=0)
        boxes.append(tuple(int(v) for v in draw.textbbox((60, 60 + 100 * k), text, font=font)))
    return np.array(image), boxes  # type: ignore[return-value]


def _read(boxes: list[tuple[int, int, int, int]], skip: int) -> list[Block]:
    """Tesseract's words for every line but ``skip`` (one word per line is enough here)."""
    return [Block([Line([Word(LINES[k], box, 0.95)]) for k, box in enumerate(boxes) if k != skip])]


def test_a_row_of_letters_no_word_covers_is_found_and_nothing_else() -> None:
    image, boxes = _page()
    rows = unread_rows(image, _read(boxes, skip=1), 22.0)
    assert len(rows) == 1
    assert abs(rows[0].box[1] - boxes[1][1]) < 15
    assert unread_rows(image, _read(boxes, skip=-1), 22.0) == []     # every row read: none


def test_a_signature_like_scribble_is_no_row_of_text() -> None:
    scribble = np.full((400, 1500), 255, np.uint8)
    scribble[200:205, 100:900] = 0                                   # one long stroke: no letters
    assert unread_rows(scribble, [], 22.0) == []


@pytest.mark.tesseract
def test_the_dropped_row_is_read_and_put_back_in_page_coordinates() -> None:
    image, boxes = _page()
    blocks = read_dropped(image, _read(boxes, skip=1), 300, 22.0, 60)
    assert len(blocks) == 2
    line = blocks[1].lines[0]
    assert "cổng thông tin" in " ".join(w.text for w in line.words)
    assert abs(line.bbox[1] - boxes[1][1]) < 15 and abs(line.bbox[0] - boxes[1][0]) < 15
