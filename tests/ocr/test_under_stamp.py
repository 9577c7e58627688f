"""Print under a black stamp read again: the slanted frame found, thin strokes taken away, and
an unsure word replaced only by a surer reading of the same ink."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from congvan.ocr.engine import OcrOptions, ocr_file
from congvan.ocr.types import Word
from congvan.ocr.under_stamp import JUNK_FACTOR, fuse, plausibility, slanted_frame
from tests.conftest import sample


def _w(text: str, x0: int, x1: int, conf: float, y0: int = 100, y1: int = 130) -> Word:
    return Word(text, (x0, y0, x1, y1), conf)


@pytest.mark.parametrize("text", ["hành", "64/2007/NĐ-CP", "(để", "báo).", "“Cổng", "TT&TT", "sản,", "V/v", "-"])
def test_words_print_can_hold(text: str) -> None:
    assert plausibility(text) == 1.0


@pytest.mark.parametrize("text", ["Nân‡“¿ấy;vận", "P.°ÑTŸ", "cấy;›vận", "¬¬—"])
def test_marks_no_word_holds(text: str) -> None:
    assert plausibility(text) == JUNK_FACTOR


def test_an_unsure_word_takes_the_surest_reading_of_its_ink_word_by_word() -> None:
    words = [_w("Nân‡“¿ấy;vận", 0, 230, 0.57), _w("hành", 240, 320, 0.96), _w("tih", 330, 370, 0.33)]
    clean = [_w("Nâng", 0, 75, 0.93), _w("cấy;›vận", 90, 230, 0.25), _w("hành", 240, 320, 0.96),
             _w("tỉn", 330, 370, 0.45)]
    thin = [_w("Ming", 0, 72, 0.88), _w("cấp.", 95, 160, 0.89), _w("vận", 172, 225, 0.93),
            _w("hụnh", 240, 320, 0.47), _w("tin", 330, 370, 0.7)]
    got = fuse(words, [clean, thin])
    assert [w.text for w in got] == ["Nâng", "cấp.", "vận", "hành", "tin"]


def test_a_reading_not_surer_by_the_margin_or_not_sure_enough_changes_nothing() -> None:
    words = [_w("tih", 0, 40, 0.45)]
    assert fuse(words, [[_w("tin", 0, 40, 0.6)]]) == words           # 0.15 surer: not enough
    words = [_w("tih", 0, 40, 0.2)]
    assert fuse(words, [[_w("tin", 0, 40, 0.55)]]) == words          # surer, but unsure itself
    assert fuse(words, [[_w("tin", 0, 40, 0.9, y0=140, y1=170)]]) == words    # the line below's word
    sure = [_w("hành", 0, 40, 0.9)]
    assert fuse(sure, [[_w("hanh", 0, 40, 0.99)]]) == sure           # a sure word is never read again


def test_the_slanted_frame_is_found_and_straight_print_is_not() -> None:
    page = np.full((800, 1000), 255, np.uint8)
    corners = cv2.boxPoints(((500.0, 400.0), (600.0, 300.0), 4.0)).astype(np.int32)
    cv2.polylines(page, [corners], True, 0, 3)
    cv2.rectangle(page, (300, 395), (700, 405), 0, -1)                 # a bar of print, level
    mask = slanted_frame(page, (100, 100, 900, 700), 200)              # the window's coordinates
    frame = np.zeros_like(page)
    cv2.polylines(frame, [corners], True, 255, 3)
    assert mask.shape == (600, 800) and (mask[frame[100:700, 100:900] > 0] > 0).mean() > 0.8
    assert not mask[298:303, 250:550].any()
    assert not slanted_frame(page, (0, 0, 200, 200), 200).any()        # outside the window: nothing


@pytest.mark.tesseract
def test_the_trich_yeu_under_a_black_stamp_is_read_again() -> None:
    # cv030: the stamp's slanted frame and its "Chuyển:" label with hand-written "TT CNTT" lie
    # over "Nâng cấp, vận hành Cổng thông tin điện tử"; the page read "Nân‡“¿ấy;vận"
    page = ocr_file(sample("cv030.tif"), OcrOptions(jobs=1)).pages[0]
    line = next(ln for ln in page.body_text.splitlines() if "điện tử của tỉnh" in ln)
    assert line.split()[:3] == ["Nâng", "cấp.", "vận"] or line.startswith("Nâng cấp")
    without = ocr_file(sample("cv030.tif"), OcrOptions(jobs=1, reread_under_stamp=False)).pages[0]
    assert not any(ln.startswith("Nâng cấp") for ln in without.body_text.splitlines())
