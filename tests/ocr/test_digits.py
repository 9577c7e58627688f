"""Unsure printed numbers read again as digits only."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ocr.digits import candidates, reread_digits
from ocr.types import Block, Line, Word


def _blocks(*words: Word) -> list[Block]:
    return [Block([Line(list(words))])]


def test_only_unsure_numbers_of_two_digits_or_more_are_read_again() -> None:
    blocks = _blocks(Word("năm", (0, 0, 50, 30), 0.5), Word("2016", (60, 0, 120, 30), 0.62),
                     Word("1.", (130, 0, 150, 30), 0.6), Word("29", (160, 0, 190, 30), 0.97),
                     Word("20/02/2016.", (200, 0, 350, 30), 0.7), Word("83/2015/QH13", (360, 0, 520, 30), 0.7))
    assert candidates(blocks) == [(0, 0, 1), (0, 0, 4)]


@pytest.mark.tesseract
def test_a_misread_digit_is_put_right_and_nothing_else_changes() -> None:
    image = np.full((120, 900), 255, np.uint8)
    cv2.putText(image, "nam 2018", (20, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 3)
    cv2.putText(image, "14/11/2014", (420, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 3)
    (w1, h1), _ = cv2.getTextSize("nam ", cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)
    (w2, _), _ = cv2.getTextSize("2018", cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)
    (w3, _), _ = cv2.getTextSize("14/11/2014", cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)
    year = Word("2016", (20 + w1, 80 - h1, 20 + w1 + w2, 82), 0.62)        # one digit misread
    longer = Word("14/11/20144", (420, 80 - h1, 420 + w3, 82), 0.5)          # a reread may not drop a digit
    out = reread_digits(_blocks(Word("năm", (20, 80 - h1, 20 + w1, 82), 0.95), year, longer), image, 200, 60)
    assert [w.text for w in out[0].lines[0].words] == ["năm", "2018", "14/11/20144"]
    assert out[0].lines[0].words[1].conf >= 0.8


def test_the_digit_model_overrules_a_misread_tesseract_repeats_at_a_confidence_to_check(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Tesseract (faked here: it read "20" and reads "20" again) against the real digit model
    image = np.full((100, 600), 255, np.uint8)
    cv2.putText(image, "26/02/2016.", (20, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 3)
    (w, h), _ = cv2.getTextSize("26/02/2016.", cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)
    monkeypatch.setattr("ocr.digits.read_strip", lambda crops, *a: {0: ("20/02/2016.", 0.7)})
    out = reread_digits(_blocks(Word("20/02/2016.", (20, 70 - h, 20 + w, 72), 0.7)), image, 200, 60)
    word = out[0].lines[0].words[0]
    assert word.text == "26/02/2016." and word.conf == 0.5
