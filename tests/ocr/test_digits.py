"""Unsure printed numbers read again as digits only."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from congvan.ocr.digits import candidates, date_slots, reread_digits
from congvan.ocr.types import Block, Line, Word


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
    monkeypatch.setattr("congvan.ocr.digits.read_strip", lambda crops, *a: {0: ("20/02/2016.", 0.7)})
    out = reread_digits(_blocks(Word("20/02/2016.", (20, 70 - h, 20 + w, 72), 0.7)), image, 200, 60)
    word = out[0].lines[0].words[0]
    assert word.text == "26/02/2016." and word.conf == 0.5


def _line(*texts: str) -> list[Block]:
    return _blocks(*(Word(t, (60 * i, 0, 60 * i + 50, 30), 0.5) for i, t in enumerate(texts)))


def test_the_words_of_a_written_out_date_that_are_no_numbers_are_its_slots() -> None:
    blocks = _line("Hải", "Dương,", "ngày", "l2", "tháng", "Š", "năm", "2023")
    assert date_slots(blocks) == {(0, 0, 3): "ngay", (0, 0, 5): "thang"}       # 2023 is a number already
    assert date_slots(_line("ngày", "T8", "tháng", "02", "nam", "2O13")) == {(0, 0, 1): "ngay", (0, 0, 5): "nam"}
    # "ngày lễ lớn" is no date; nor is a date whose labels are not all there
    assert date_slots(_line("các", "ngày", "lễ", "lớn", "của", "đất", "nước")) == {}
    assert date_slots(_line("ngày", "l2", "Đáng", "3", "nền", "2O13")) == {}


@pytest.mark.tesseract
def test_a_date_slot_read_as_letters_is_read_again_as_a_number_that_fits() -> None:
    image = np.full((120, 1400), 255, np.uint8)
    texts = ["ngay", "12", "thang", "8", "nam", "2023"]
    words, x = [], 20
    for text, read in zip(texts, ["ngày", "l2", "tháng", "Š", "năm", "2023"], strict=True):
        (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 1.6, 3)
        cv2.putText(image, text, (x, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, 0, 3)
        words.append(Word(read, (x, 80 - h, x + w, 84), 0.4))
        x += w + 40
    out = reread_digits(_blocks(*words), image, 200, 60)
    got = out[0].lines[0].words
    assert [w.text for w in got] == ["ngày", "12", "tháng", "8", "năm", "2023"]
    assert got[1].conf <= 0.6 and got[3].conf <= 0.6          # read again: shown as one to check
