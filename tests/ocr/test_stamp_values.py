"""How the stamp's số đến / ngày đến values are cropped for the digits-only reread, and how they are read."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from congvan.ocr import digit_model
from congvan.ocr.date_readings import KEPT, MIN_SHARE
from congvan.ocr.ink import InkCanvas, InkRegion
from congvan.ocr.stamp_values import (
    _best_readings,
    _date_alternatives,
    _fainter_better,
    _first_words,
    renderings,
    reread_values,
    shaped,
    strays_removed,
    whole,
)
from congvan.ocr.types import Block, Line, Word


def test_first_reading_ignores_specks_and_rules() -> None:
    line = Line([Word("Số:", (326, 181, 406, 240), 0.59), Word("2461", (422, 192, 544, 237), 0.93),
                 Word("|", (1054, 218, 1058, 224), 0.61)])
    assert [w.text for w in _first_words([Block([line], "stamp")], (408, 162, 1088, 259))] == ["2461"]


def test_strays_above_and_below_the_label_rows_are_whitened() -> None:
    crop = np.full((100, 200), 255, np.uint8)
    crop[2:12, 10:30] = 0        # the feet of the line above
    crop[90:98, 60:70] = 0       # an accent of the line below
    crop[20:85, 100:115] = 0     # the value, written taller than its label
    out = strays_removed(crop, 30, 70)
    assert (out[2:12, 10:30] == 255).all() and (out[90:98, 60:70] == 255).all()
    assert (out[20:85, 100:115] == 0).all()
    assert (crop[2:12, 10:30] == 0).all()        # the canvas itself is left as it was


def test_renderings_keep_each_value_and_scale_the_dpi() -> None:
    crop = np.full((60, 200), 255, np.uint8)
    crop[20:40, 50:52] = 0
    (thick, dpi1), (half, dpi2) = renderings([crop], 400)
    assert dpi1 == 400 and dpi2 == 240
    assert (thick[0] == 0).sum() > (crop == 0).sum()          # strokes made thicker
    assert half[0].shape == (36, 120)


def _value_crop(text: str) -> np.ndarray:
    crop = np.full((90, 60 + 42 * len(text)), 255, np.uint8)
    cv2.putText(crop, text, (20, 65), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.8, 0, 3, cv2.LINE_AA)
    return crop


@pytest.mark.tesseract
def test_values_are_read_by_tesseract_and_the_digit_model_or_by_tesseract_alone(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    crops = [_value_crop("1532"), _value_crop("29/06/2021")]
    both = _best_readings(["number", "date"], crops, 400, 60)
    assert [text for _, text in both] == ["1532", "29/06/2021"]
    monkeypatch.setenv("CONGVAN_DIGIT_MODEL", str(tmp_path / "absent.onnx"))
    alone = _best_readings(["number", "date"], crops, 400, 60)     # Tesseract 5.3 reads "1552" at 0.96
    assert len(alone[0][1]) == 4 and alone[1][1] == "29/06/2021"
    assert _best_readings(["number"], [np.full((90, 300), 255, np.uint8)], 400, 60) == [(0.0, "")]


def _dotted_and_faint() -> tuple[np.ndarray, np.ndarray]:
    """A stamp's "Ngay:" label and a handwritten date, as the strict ink mask leaves a thin pale
    pen (spots of its strokes) and as the faint rendering keeps it (whole strokes)."""
    label = np.full((400, 1200), 255, np.uint8)
    cv2.putText(label, "Ngay:", (60, 240), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 5)
    pen = np.full((400, 1200), 255, np.uint8)
    cv2.putText(pen, "07/02/15", (320, 240), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 2.4, 0, 6)
    dotted = label.copy()
    dotted[(pen < 128) & (np.indices(pen.shape).sum(axis=0) % 9 == 0)] = 0
    return dotted, cv2.min(label, pen)


@pytest.mark.tesseract
def test_an_unreadable_value_is_read_again_in_the_faint_rendering() -> None:
    dotted, faint = _dotted_and_faint()
    blocks = [Block([Line([Word("Ngày:", (60, 190, 260, 245), 0.93), Word("-", (330, 200, 700, 250), 0.1)])],
                    "stamp")]
    slots = [(0, 400, InkRegion((0, 0, 1200, 400), "stamp", "red"))]

    def words(canvas: InkCanvas) -> list[str]:
        return [w.text for b in reread_values(blocks, canvas, 400, 60) for ln in b.lines for w in ln.words]

    assert words(InkCanvas(dotted, slots, zoom=1.0, pad=10)) == ["Ngày:", "-"]     # spots: nothing read
    assert words(InkCanvas(dotted, slots, zoom=1.0, pad=10, faint=faint)) == ["Ngày:", "07/02/15"]


def test_a_date_is_shaped_only_with_a_day_and_month_that_exist() -> None:
    assert shaped("date", "07/02/15") and shaped("date", "7.2") and shaped("number", "2741")
    assert not shaped("date", "45.1") and not shaped("date", "12/13/15") and not shaped("number", "27/1")
    assert whole("date", "07/02/15") and not whole("date", "7/12") and whole("number", "3")
    # a year in full is this century's or the last: "1.5.5003" gained digits
    assert whole("date", "15/06/2015") and whole("date", "3/1/1999") and not whole("date", "1.5.5003")


def test_the_faint_reading_replaces_an_unsure_one_when_it_is_whole_where_that_was_not() -> None:
    assert _fainter_better("date", "7/12", (0.2, "07/02/15")) is False          # not the same value
    assert _fainter_better("date", "7/12", (0.2, "27/12/12"))                   # the first lost digits
    assert _fainter_better("date", "45.1", (0.4, "07/02/45"))                   # the first was no date
    assert _fainter_better("date", "", (0.3, "07/02/15"))
    assert not _fainter_better("date", "", (0.3, "07/02"))                      # not whole either
    assert not _fainter_better("date", "", (0.9, "45.1"))
    assert _fainter_better("number", "207", (0.7, "3207"))                      # readers agreed on it
    assert _fainter_better("number", "207", (0.3, "3207"))                      # the first lost a digit
    assert not _fainter_better("number", "2071", (0.3, "3207"))                 # disputed: the first stays


def _stamp_date(text: str, lost: tuple[int, int] | None = None) -> np.ndarray:
    image = np.full((400, 1200), 255, np.uint8)
    cv2.putText(image, "Ngay:", (60, 240), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 0, 5)
    cv2.putText(image, text, (320, 240), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 2.4, 0, 6)
    if lost:
        image[150:260, lost[0]:lost[1]] = 255
    return image


def test_an_unsure_date_carries_the_whole_dates_its_ink_may_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule, whatever one recogniser build reads on this crop: a date its readers left unsure
    (no year, out of shape, disputed) carries the whole dates within two edits of the readings,
    ranked by the digit model's likelihood on its crop; a date read whole and sure carries none."""
    if not digit_model.available():
        pytest.skip("the stamp digit model is not installed: run `make setup`")
    crop = _stamp_date("27/12/12", lost=(545, 570))[150:300, 300:950]     # the year's "1" all but lost
    found = _date_alternatives(["date"], [(0.2, "27/122")], [crop], [None], 400, True)
    alternatives = found[0]
    dates = [d for d, _ in alternatives]
    assert 1 <= len(alternatives) <= KEPT and all(whole("date", d) for d in dates)
    assert [s for _, s in alternatives] == sorted((s for _, s in alternatives), reverse=True)
    assert all(MIN_SHARE <= s <= 1 for _, s in alternatives) and sum(s for _, s in alternatives) <= 1.0001
    assert all(len(d) >= 6 for d in dates)                                    # d/m/yy at the least
    assert _date_alternatives(["date"], [(0.9, "07/02/15")], [crop], [None], 400, True) == {}
    assert _date_alternatives(["number"], [(0.2, "27/122")], [crop], [None], 400, True) == {}
    # in the stamp's blocks, the value stays as the first pass read it, with those dates beside it
    canvas = InkCanvas(_stamp_date("27/12/12", lost=(545, 570)), [(0, 400, InkRegion((0, 0, 1200, 400), "stamp",
                                                                                       "red"))], zoom=1.0, pad=10)
    blocks = [Block([Line([Word("Ngày:", (60, 190, 260, 245), 0.93), Word("27/122", (330, 190, 900, 250), 0.2)])],
                    "stamp")]
    monkeypatch.setattr("congvan.ocr.stamp_values._best_readings", lambda kinds, *a: [(0.2, "27/122")] * len(kinds))
    value = [w for b in reread_values(blocks, canvas, 400, 60) for ln in b.lines for w in ln.words][-1]
    assert value.text == "27/122" and value.alternatives and all(whole("date", d) for d, _ in value.alternatives)
    monkeypatch.setattr("congvan.ocr.stamp_values._best_readings", lambda kinds, *a: [(0.9, "27/12/12")] * len(kinds))
    value = [w for b in reread_values(blocks, canvas, 400, 60) for ln in b.lines for w in ln.words][-1]
    assert value.text == "27/12/12" and value.alternatives == ()
