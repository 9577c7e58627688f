"""The header's pen-filled number and date, read again from the page's ink."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.ocr import digit_model
from congvan.ocr.header_blanks import (
    DISPUTED,
    date_words,
    find_slots,
    ink_crop,
    mended_code,
    number_words,
    pen_ones,
)
from congvan.ocr.types import Block, Line, Word

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _w(text: str, x: int, conf: float = 0.96, y: int = 100) -> Word:
    return Word(text, (x, y, x + 20 * len(text), y + 40), conf)


def test_the_model_mends_what_tesseract_makes_of_a_code_s_capitals() -> None:
    assert mended_code("8C-UBND", "BC-UBND") == "BC-UBND"          # a B read as 8
    assert mended_code("TIr-UBND", "TTr-UBND") == "TTr-UBND"        # a T read as I
    assert mended_code("TTrUBND", "TTr-UBND") == "TTr-UBND"         # a hyphen lost
    assert mended_code("§GDĐT-CTrTT", "SGDDT-CTTT") == "SGDĐT-CTrTT"  # a symbol for S; lengths differ after
    assert mended_code("TB-ĐHĐL", "TB-DHDL") == "TB-ĐHĐL"           # Tesseract's Đ is kept
    assert mended_code("UBND-KTTH", "UBND-KHTH") == "UBND-KTTH"     # a letter for a letter: Tesseract's


def test_a_number_tesseract_could_not_read_is_the_model_s_and_is_marked_to_check() -> None:
    words = [_w("Số:", 0), _w("2ƒ", 100, 0.31), _w("/CT-UBND", 160)]
    out = number_words(words, ["S6: 01 /CT-UBND", "S6: 07 /CT-UBND"], 0.96)
    assert out is not None and [w.text for w in out] == ["Số:", "01/CT-UBND"]
    assert out[1].conf == DISPUTED


def test_a_sure_typed_number_stands_and_a_plausible_one_among_the_runners_up_too() -> None:
    sure = [_w("Số:", 0), _w("6191", 100, 0.97), _w("/BVT-TCKT", 200)]
    assert number_words(sure, ["S6: 619 /BVT-TCKT"], 0.9) is None            # None: the words stay as read
    plausible = [_w("Số:", 0), _w("23", 100, 0.8), _w("/8C-UBND", 160)]
    out = number_words(plausible, ["S6: 3 /BC-UBND", "S6: 23 /BC-UBND"], 0.78)
    assert out is not None and out[1].text == "23/BC-UBND"
    unsure = [_w("Số:", 0), _w("899", 100, 0.3), _w("_/UBND-TTHC", 160)]
    out = number_words(unsure, ["S6: 299 /UBND-TTHC", "S6: 899 /UBND-TTHC"], 0.91)
    assert out is not None and out[1].text == "299/UBND-TTHC"


def test_a_reading_without_the_slot_s_grammar_changes_nothing() -> None:
    words = [_w("Số:", 0), _w("j4£4", 100, 0.2), _w("/TB-ĐHĐL", 200)]
    assert number_words(words, ["S6: 2A64 /TB-DHDL", "862M61"], 0.9) is None
    date = [_w("ngày", 0), _w("A4?", 100, 0.2), _w("tháng", 200), _w("12", 300), _w("năm", 400), _w("2021", 500)]
    assert date_words(date, ["ngay 45 thang 12 nam 2021"], 0.9) is None            # no 45th


def test_a_day_the_model_reads_is_put_in_and_the_printed_month_and_year_stay() -> None:
    date = [_w("ngày", 0), _w("tháng", 200), _w("01", 300), _w("năm", 400), _w("2025", 500)]
    out = date_words(date, ["Ngai, ngay06 thang 01 nam 2025"], 0.92)
    assert out is not None and [w.text for w in out] == ["ngày", "06", "tháng", "01", "năm", "2025"]
    assert out[1].conf == DISPUTED and out[3].conf >= 0.92
    # the likeliest reading's day cannot be one (45): the first that can counts, unsure
    out = date_words(date, ["ngay45 thang 01 nam 2025", "ngay15 thang 01 nam 2025"], 0.98)
    assert out is not None and out[1].text == "15" and out[1].conf == DISPUTED


def test_the_slots_are_the_header_s_and_the_place_s_ngai_is_not_the_day_s_label() -> None:
    line = Line([_w("Số:", 50), _w("04_", 120, 0.3), _w("/TTrUBND", 200),
                 _w("Quảng", 1300), _w("Ngãi,", 1450), _w("ngày", 1600), _w("tháng", 1750), _w("01", 1880),
                 _w("năm", 1950), _w("2025", 2050)])
    body = Line([_w("Số:", 50, y=2000), _w("12/UBND", 120, y=2000)])      # below the header: not a slot
    slots = find_slots([Block([line, body])], 3500, 2480)
    assert [(s.kind, s.first, s.last) for s in slots] == [("date", 5, 9), ("number", 0, 2)]


def _header_page() -> tuple[np.ndarray, Block]:
    """A printed header line with its number and day written in blue by a pen-like font, and the
    words Tesseract gives for it when the blue ink is lifted out (the body image's)."""
    page = Image.new("RGB", (1700, 260), "white")
    draw = ImageDraw.Draw(page)
    print_font = ImageFont.truetype(SERIF, 34)
    draw.text((40, 100), "Số:", font=print_font, fill="black")
    draw.text((260, 100), "/TTr-UBND", font=print_font, fill="black")
    draw.text((820, 100), "Quảng Ngãi, ngày", font=print_font, fill="black")
    draw.text((1240, 100), "tháng 02 năm 2025", font=print_font, fill="black")
    rgb = np.array(page)
    blue = (30, 40, 170)
    cv2.putText(rgb, "24", (140, 138), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.5, blue, 3, cv2.LINE_AA)
    cv2.putText(rgb, "07", (1160, 138), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.5, blue, 3, cv2.LINE_AA)
    words = Line([Word("Số:", (40, 100, 100, 145), 0.96), Word("/TTrUBND", (260, 100, 470, 145), 0.9),
                  Word("Quảng", (820, 100, 930, 145), 0.96), Word("Ngãi,", (940, 100, 1030, 145), 0.96),
                  Word("ngày", (1040, 100, 1130, 145), 0.96), Word("tháng", (1240, 100, 1340, 145), 0.96),
                  Word("02", (1350, 100, 1395, 145), 0.96), Word("năm", (1405, 100, 1480, 145), 0.96),
                  Word("2025", (1490, 100, 1580, 145), 0.96)])
    return rgb, Block([words])


@pytest.mark.skipif(not digit_model.available(), reason="the digit model is not installed: run `make setup`")
def test_blue_pen_digits_lifted_out_of_the_body_are_read_from_the_page_s_ink() -> None:
    from congvan.ocr.header_blanks import fill_blanks

    rgb, block = _header_page()
    crop = ink_crop(np.full(rgb.shape[:2], 255, np.uint8), rgb, np.array([[1.0, 0, 0], [0, 1.0, 0]]))
    out = fill_blanks([block], crop, 2000, 1700)
    texts = [w.text for w in out[0].lines[0].words]
    assert texts[:2] == ["Số:", "24/TTr-UBND"]
    assert texts[texts.index("ngày") + 1] == "07"
    # nothing in the ink: the words stay as Tesseract gave them
    blank = np.array(Image.new("RGB", (1700, 260), "white"))
    none = fill_blanks([block], ink_crop(blank[:, :, 0], None, np.eye(2, 3)), 2000, 1700)
    assert [w.text for w in none[0].lines[0].words] == [w.text for w in block.lines[0].words]


def test_a_slash_the_pen_covered_the_printed_code_marks_where_the_digits_end() -> None:
    # the model reads the digits run into the ký hiệu; Tesseract read the "/" or not at all
    words = [_w("Số:", 0), _w("..", 100, 0.74), _w("./CATTT-VP", 160)]
    out = number_words(words, ["So: 2558CATTT-VP", "S6: 2558CATTT-VP"], 0.95)
    assert out is not None and [w.text for w in out] == ["Số:", "2558/CATTT-VP"]
    words = [_w("Số:", 0), _w("⁄.", 100, 0.5), _w("ˆ2CAT-PA05", 160, 0.36)]
    out = number_words(words, ["SO: 2398CAT-PA05"], 0.94)
    assert out is not None and out[1].text == "2398/CAT-PA05"
    # digits run into something that is not the printed code: no reading
    assert number_words([_w("Số:", 0), _w("..", 100), _w("./CATTT-VP", 160)], ["So: 2558BXYZ"], 0.95) is None


def test_a_number_slot_without_its_slash_is_found_by_the_printed_code_s_shape() -> None:
    line = Line([_w("Số:", 50), _w("⁄.", 120, 0.5), _w("ˆ2CAT-PA05", 200, 0.36), _w("Hải", 1300)])
    assert [(s.kind, s.first, s.last) for s in find_slots([Block([line])], 3500, 2480)] == [("number", 0, 2)]
    plain = Line([_w("Số:", 50), _w("lượng", 120), _w("lớn", 300)])       # "Số lượng …": no code, no slot
    assert find_slots([Block([plain])], 3500, 2480) == []


@pytest.mark.parametrize(("reading", "kind", "read"), [
    ("S6: M /CT-UBND", "number", "S6: M /CT-UBND"),              # one 1 or two: unread
    ("S6: 2A64 /TB-DHDL", "number", "S6: 2164 /TB-DHDL"),
    ("ngay AN thang 9 nam 2024", "date", "ngay 11 thang 9 nam 2024"),
    ("S6: 1N /CT-UBND", "number", "S6: 11 /CT-UBND"),
    ("ngay 5 thang NA nam 2024", "date", "ngay 5 thang 11 nam 2024"),
    ("S6: 54/UBND-KTTH", "number", "S6: 54/UBND-KTTH"),          # digits alone: as read
    ("So: 01a/NQ-HDND", "number", "So: 01a/NQ-HDND"),            # a lower-case suffix is a letter
    ("S6: MAY /UBND", "number", "S6: MAY /UBND"),                # other letters: no number, as before
    ("NAM DINH, ngay 04 thang 02 nam 2025", "date", "NAM DINH, ngay 04 thang 02 nam 2025"),
])
def test_a_pen_s_lead_in_one_read_as_a_capital_is_a_one_in_a_digit_slot(reading: str, kind: str, read: str) -> None:
    assert pen_ones(reading, kind) == read


def test_the_lead_in_ones_reach_the_slots_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model's readings of a real slot ("2164" with a Λ-shaped 1 read "2A64"; a day "11" read
    "AN") become the number's and the day's words; a lone M stays unread."""
    from congvan.ocr import header_blanks

    readings = {"number": [("S6: 2A64 /TB-DHDL", 0.32), ("S6: QA64 /TB-DHDL", 0.23)],
                "date": [("ngay AN thang 9 nam 2024", 0.62), ("ngay NN thang 9 nam 2024", 0.16)]}
    line = Line([_w("Số:", 50), _w("j4", 120, 0.0), _w("/TB-ĐHĐL", 200),
                 _w("ngày,AJ_", 1600, 0.09), _w("tháng", 1750), _w("9", 1880), _w("năm", 1950), _w("2024", 2050)])
    slots = find_slots([Block([line])], 3500, 2480)
    monkeypatch.setattr(header_blanks.digit_model, "available", lambda: True)
    monkeypatch.setattr(header_blanks.digit_model, "read_candidates",
                        lambda crops, symbols: [(0.9, readings[s.kind]) for s in slots])
    out = header_blanks.fill_blanks([Block([line])], lambda box: np.full((40, 200), 255, np.uint8), 3500, 2480)
    texts = [w.text for w in out[0].lines[0].words]
    assert texts[:2] == ["Số:", "2164/TB-ĐHĐL"] and texts[texts.index("ngày") + 1] == "11"
    readings["number"] = [("S6: M /CT-UBND", 0.32)]
    assert [w.text for w in header_blanks.fill_blanks([Block([line])], lambda box: np.full((40, 200), 255, np.uint8),
                                                      3500, 2480)[0].lines[0].words][1] == "j4"
