"""A phone photo's page found, squared and evenly lit; a scan left as it is (ocr/photo.py)."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from congvan.ocr.photo import even_light, flattened, page_quad

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _page(width: int = 1000, height: int = 1400) -> np.ndarray:
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    f = ImageFont.truetype(SERIF, 26)
    for k in range(30):
        draw.text((80, 80 + k * 42), "Ủy ban nhân dân tỉnh đề nghị các cơ quan thực hiện", font=f, fill="black")
    return np.array(page)


def _photo(page: np.ndarray, corners: list[tuple[float, float]], size: tuple[int, int]) -> np.ndarray:
    h, w = page.shape[:2]
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), np.float32(corners))
    desk = cv2.warpPerspective(page, matrix, size, borderMode=cv2.BORDER_CONSTANT, borderValue=(90, 75, 60))
    ramp = np.linspace(1.0, 0.72, size[0], dtype=np.float32)[None, :, None]     # light falling off to the right
    return np.clip(desk.astype(np.float32) * ramp, 0, 255).astype(np.uint8)


def test_a_photographed_page_is_found_squared_and_evenly_lit() -> None:
    corners = [(130.0, 90.0), (1120.0, 140.0), (1090.0, 1560.0), (100.0, 1500.0)]
    photo = _photo(_page(), corners, (1250, 1650))
    quad = page_quad(photo)
    assert quad is not None
    assert np.abs(quad - np.float32(corners)).max() < 12                  # each corner within a few pixels
    page, done = flattened(photo)
    assert done
    assert abs(page.shape[1] / page.shape[0] - 1000 / 1400) < 0.03        # the page's own proportions
    paper = page.max(axis=2)[page.max(axis=2) > 150]
    assert np.percentile(paper, 50) > 235                                  # the dim side is white again
    left, right = page[:, :100].max(axis=2), page[:, -100:].max(axis=2)
    assert abs(float(np.median(left)) - float(np.median(right))) < 10


def test_a_scan_and_a_page_filling_the_frame_are_left_alone() -> None:
    scan = _page()
    assert page_quad(scan) is None
    assert flattened(scan)[0] is scan
    near = _photo(_page(), [(10.0, 8.0), (1190.0, 12.0), (1195.0, 1640.0), (6.0, 1645.0)], (1200, 1650))
    assert page_quad(near) is None                                         # no surround to speak of
    grey_desk = _photo(_page(), [(130.0, 90.0), (1120.0, 140.0), (1090.0, 1560.0), (100.0, 1500.0)], (1250, 1650))
    grey_desk[grey_desk.max(axis=2) < 110] = 235                           # a surround as light as the page
    assert page_quad(grey_desk) is None


def test_even_light_keeps_ink_dark_and_paper_white() -> None:
    page = _page().astype(np.float32)
    page *= np.linspace(1.0, 0.7, page.shape[1], dtype=np.float32)[None, :, None]
    out = even_light(page.astype(np.uint8))
    grey = out.max(axis=2)
    assert np.percentile(grey[:, -200:], 90) > 240                         # the dim side's paper
    assert grey.min() < 60                                                 # the print still black
