"""Preprocessing on a real sample page: deskew, orientation, coloured-ink separation."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from congvan.ocr.ink import find_regions
from congvan.ocr.loader import load_image, probe
from congvan.ocr.preprocess import prepare, remove_rules, rotate_bound, separate_ink, turn, whiten_paper
from tests.conftest import sample


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    """cv001: a clean 300-dpi page with a red CÔNG VĂN ĐẾN stamp, a seal and a signature."""
    return load_image(probe(sample("cv001.png")).to_ocr[0])


@pytest.mark.parametrize("angle", [-3.6, -1.7, 0.8, 2.5, 4.0])
def test_deskew_recovers_known_angle(page: np.ndarray, angle: float) -> None:
    tilted = rotate_bound(page, angle, fill=(255, 255, 255))
    prep = prepare(tilted, 300, osd=False)
    assert prep.rotation == 0
    assert prep.skew == pytest.approx(-angle, abs=0.3)


@pytest.mark.parametrize("clockwise", [90, 180, 270])
def test_turned_page_is_put_upright(page: np.ndarray, clockwise: int) -> None:
    turned = turn(page, clockwise)
    prep = prepare(turned, 300, osd=False)
    assert (prep.rotation + clockwise) % 360 == 0
    assert prep.body.shape[0] > prep.body.shape[1]          # portrait again


def test_coloured_stamp_is_separated(page: np.ndarray) -> None:
    body, inked = separate_ink(page)
    assert inked > 0.001
    regions = find_regions(page, 300)
    kinds = sorted(r.kind for r in regions)
    assert "stamp" in kinds and "seal" in kinds
    x0, y0, x1, y1 = next(r.bbox for r in regions if r.kind == "stamp")
    before = cv2.cvtColor(page[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY)
    after = body[y0:y1, x0:x1]
    # the stamp's red lines and letters are gone from the body image; black print stays black
    dark_before = float((before < 160).mean())
    dark_after = float((after < 160).mean())
    assert dark_after < dark_before * 0.6
    assert after.min() < 60


def test_print_with_colour_fringes_keeps_its_edges_and_real_ink_goes() -> None:
    """A real scan's black print has pixels a few levels off grey along its strokes (JPEG, a
    tinted scanner): saturated by HSV's measure, yet print. Only ink that is off grey by
    INK_CHROMA is lifted, with its faint light edge; print under or beside it stays."""
    page = np.full((200, 600, 3), 255, np.uint8)
    page[50:60, 20:280] = (40, 40, 40)                     # a black stroke
    page[60:63, 20:280] = (110, 100, 118)                  # its fringe: S 39, chroma 18
    page[100:110, 320:580] = (200, 30, 40)                 # a red stroke
    page[110:113, 320:580] = (160, 140, 145)               # its faint edge: S 32, chroma 20
    page[140:150, 320:580] = (70, 60, 66)                  # dark, faintly tinted print near nothing
    body, _ = separate_ink(page)
    assert body[55, 100] < 60 and body[61, 100] < 130      # the stroke and its fringe stay
    assert body[145, 400] < 90                             # tinted print stays
    assert body[105, 400] > 200 and body[111, 400] > 230   # the red ink and its edge are lifted


def test_grey_page_passes_through() -> None:
    grey = load_image(probe(sample("cv024.tif")).to_ocr[0])
    assert grey.ndim == 2
    prep = prepare(grey, 300, osd=False)
    assert prep.colour is None and prep.rotation == 0


def test_rules_are_whitened_and_letters_kept() -> None:
    canvas = np.full((600, 1200), 255, np.uint8)
    for k in range(5):
        cv2.putText(canvas, "Thuc hien Nghi dinh so 64/2007/ND-CP", (60, 120 + 80 * k),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    letters = canvas < 128
    cv2.rectangle(canvas, (300, 60), (800, 330), 0, 3)            # a stamp's frame across the lines
    cv2.line(canvas, (60, 520), (1100, 520), 0, 2)                 # an underline
    out = remove_rules(canvas, 200)
    frame = (canvas < 128) & ~letters
    assert (out[frame] == 255).mean() > 0.95
    assert (out[letters] < 128).mean() > 0.95


def test_page_without_rules_is_unchanged() -> None:
    canvas = np.full((300, 800), 255, np.uint8)
    cv2.putText(canvas, "Kinh gui: So Thong tin va Truyen thong", (30, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    assert remove_rules(canvas, 200) is canvas


def test_a_rules_grey_edge_goes_with_it() -> None:
    canvas = np.full((400, 1200), 255, np.uint8)
    cv2.putText(canvas, "CUC AN TOAN THONG TIN", (100, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    letters = cv2.dilate((canvas < 250).astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    cv2.line(canvas, (100, 250), (1100, 250), 0, 3)
    grey = cv2.GaussianBlur(canvas, (5, 5), 1.2)                   # a scanner's or JPEG's soft edges
    out = remove_rules(grey, 200)
    assert (out[~letters] < 200).sum() <= 4                         # no thin ghost of the rule left
    assert (out[(canvas < 128) & letters] < 128).mean() > 0.9


def test_a_mark_stamped_beside_the_stamp_is_a_region_of_its_own() -> None:
    # a red boxed HỎA TỐC 3 mm left of the red incoming stamp: once merged into the stamp, the
    # mark's box made Tesseract skip it; side by side with blank columns between, they are two
    page = np.full((1200, 1700, 3), 255, np.uint8)
    red = (200, 30, 30)
    cv2.rectangle(page, (560, 260), (1050, 600), red, 3)                # the stamp's frame, 300 dpi
    for y in range(300, 580, 45):
        cv2.rectangle(page, (600, y), (1000, y + 20), red, -1)          # its lines
    cv2.rectangle(page, (300, 370), (525, 445), red, 3)                 # the mark's box
    cv2.rectangle(page, (330, 390), (495, 425), red, -1)                # its word
    regions = sorted(find_regions(page, 300), key=lambda r: r.bbox[0])
    assert [r.kind for r in regions] == ["ink", "stamp"]
    assert regions[0].bbox[2] < 540 < regions[1].bbox[0]
    assert regions[0].bbox[1] >= 360 and regions[0].bbox[3] <= 460     # the mark's own height


def test_a_stamp_with_a_gap_inside_its_frame_stays_whole() -> None:
    page = np.full((1200, 1700, 3), 255, np.uint8)
    red = (200, 30, 30)
    cv2.rectangle(page, (560, 260), (1050, 600), red, 3)
    cv2.rectangle(page, (600, 300), (700, 330), red, -1)                # "Số:" ... a blank ... its value
    cv2.rectangle(page, (900, 300), (1000, 330), red, -1)
    assert [r.kind for r in find_regions(page, 300)] == ["stamp"]


def test_grey_paper_is_whitened_even_when_photographed_on_white() -> None:
    page = np.full((1000, 800), 190, np.uint8)                    # grey paper...
    cv2.putText(page, "Thuc hien", (100, 500), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 20, 4)
    photo = np.full((1400, 1200), 255, np.uint8)                  # ...on a white table
    photo[200:1200, 200:1000] = page
    out = whiten_paper(photo)
    assert out[700, 300] == 255 and out[photo <= 20].max() <= 30   # paper white, print still dark
    white = np.full((1000, 800), 250, np.uint8)
    assert whiten_paper(white) is white                            # white paper is left alone


def _text_page(size: int, width: int) -> np.ndarray:
    """A page of body text whose letters are about ``size`` pixels high, on a ``width``-pixel page."""
    page = np.full((int(width * 1.41), width), 255, np.uint8)
    y = size * 3
    while y < page.shape[0] - size * 2:
        cv2.putText(page, "cong van den so ky hieu ngay thang nam", (size, y), cv2.FONT_HERSHEY_SIMPLEX,
                    size / 15, 0, max(1, size // 10))
        y += size * 2
    return page


def test_the_ocr_scale_comes_from_the_page_s_own_text_not_its_dpi() -> None:
    from congvan.ocr.preprocess import XH_BAND, XH_TARGET, ocr_scale, text_height

    small, large, right = _text_page(9, 900), _text_page(28, 2500), _text_page(18, 1700)
    assert text_height(small) is not None and text_height(small) < XH_BAND[0]       # type: ignore[operator]
    xs, xl, xr = text_height(small), text_height(large), text_height(right)
    assert ocr_scale(xs, 100) > 1.5                           # a 100-dpi scan is brought up
    assert ocr_scale(xl, 300) < 0.8                           # 300-dpi print brought down
    assert ocr_scale(xr, 200) == 1.0                          # text already in the band: untouched
    assert ocr_scale(xs, 300) > 1.0                           # small text labelled 300 dpi is not brought down
    assert abs(ocr_scale(xl, 300) * xl - XH_TARGET) < 3       # type: ignore[operator]
    assert ocr_scale(xl, 300, max_dpi=0) == 1.0               # 0: never resized
    assert text_height(np.full((800, 600), 255, np.uint8)) is None
    assert ocr_scale(None, 400) == 200 / 400                  # nothing to measure: the dpi cap


def test_a_blank_back_is_blank_and_a_short_last_page_is_not() -> None:
    from congvan.ocr.preprocess import is_blank

    back = np.full((2300, 1650), 255, np.uint8)
    cv2.circle(back, (1200, 1800), 180, 200, 6)                   # a seal's faint show-through
    for y in range(300, 2000, 60):                                  # mirrored print showing through, pale
        cv2.putText(back, "gnohp nav hnic", (200, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 185, 2)
    assert is_blank(back, 19.0)
    short = back.copy()
    for y in (300, 360, 420):                                       # three dark lines: "Nơi nhận", two entries
        cv2.putText(short, "- Nhu tren; - Luu: VT, VP.", (200, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 2)
    assert not is_blank(short, 19.0)
