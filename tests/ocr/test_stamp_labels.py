"""Where the stamp's số đến / ngày đến labels are found, and the value boxes right of them."""

from __future__ import annotations

import numpy as np

from congvan.ocr.ink import InkCanvas, InkRegion
from congvan.ocr.stamp_labels import label_kinds, label_only, value_boxes
from congvan.ocr.types import Block, Line, Word


def _canvas() -> InkCanvas:
    image = np.full((400, 1200), 255, np.uint8)
    return InkCanvas(image, [(0, 400, InkRegion((0, 0, 1200, 400), "stamp", "red"))], zoom=1.0, pad=10)

def test_a_misread_value_is_not_taken_for_a_second_label() -> None:
    # "Số. 2159" read as "Số. 2 sọ": "sọ" has no colon and no digit after it, so it is no label
    line = Line([Word("Số.", (646, 241, 718, 288), 0.94), Word("2", (738, 261, 766, 306), 0.0),
                 Word("sọ", (801, 258, 868, 310), 0.0)])
    boxes = value_boxes([Block([line], "stamp")], _canvas())
    assert [(k, b[0], b[2], rows) for k, b, rows in boxes] == [("number", 720, 1198, (241, 288))]


def test_a_printed_ngay_before_a_value_read_as_junk_is_a_label() -> None:
    line = Line([Word("Ngày", (620, 320, 730, 365), 0.93), Word("(!7%'~⁄42-", (760, 318, 1000, 370), 0.0)])
    assert [k for k, _, _ in value_boxes([Block([line], "stamp")], _canvas())] == ["date"]
    # the place-date line of the print under a black stamp ("…, ngày 12 tháng 6") is not
    line = Line([Word("ngày", (620, 320, 730, 365), 0.93), Word("tháng", (760, 318, 900, 370), 0.9)])
    assert value_boxes([Block([line], "stamp")], _canvas()) == []


def test_a_ngay_label_one_letter_off_is_a_label_with_its_colon_and_capital() -> None:
    line = Line([Word("Nđây:", (620, 320, 730, 365), 0.65), Word("52/72/72", (760, 318, 1000, 370), 0.62)])
    assert [k for k, _, _ in value_boxes([Block([line], "stamp")], _canvas())] == ["date"]
    for text in ("Nđây", "nđây:", "Nhà:", "Ngàyy:"):      # no colon, no capital N, two off, five letters
        line = Line([Word(text, (620, 320, 730, 365), 0.65), Word("ở", (760, 318, 1000, 370), 0.62)])
        assert value_boxes([Block([line], "stamp")], _canvas()) == [], text


def test_the_word_after_a_capitals_den_is_the_so_label_however_misread() -> None:
    line = Line([Word("ĐẾN", (436, 241, 562, 288), 0.96), Word("Sẽ", (590, 235, 640, 288), 0.92),
                 Word("¬;/¿,", (680, 230, 900, 300), 0.01)])
    assert [k for k, _, _ in value_boxes([Block([line], "stamp")], _canvas())] == ["number"]
    for before, word in (("đến", "Sẽ"), ("ĐẾN", "SỞ THÔNG"), ("ĐẾN", "sẽ"), ("VĂN", "Sẽ")):
        line = Line([Word(before, (436, 241, 562, 288), 0.96), Word(word, (590, 235, 640, 288), 0.92)])
        assert value_boxes([Block([line], "stamp")], _canvas()) == [], (before, word)
    # "Sế:" before a number, though ĐẾN was read "ĐẾM": its vowel misread; not without the colon
    line = Line([Word("ĐẾM", (436, 241, 562, 288), 0.7), Word("Sế:", (590, 235, 650, 288), 0.87),
                 Word("1042", (680, 235, 800, 290), 0.97)])
    assert [k for k, _, _ in value_boxes([Block([line], "stamp")], _canvas())] == ["number"]
    line = Line([Word("ĐẾM", (436, 241, 562, 288), 0.7), Word("Sế", (590, 235, 650, 288), 0.87),
                 Word("1042", (680, 235, 800, 290), 0.97)])
    assert value_boxes([Block([line], "stamp")], _canvas()) == []
    # any short word without digits between ĐẾN and a number: "ĐỀN #ẽ 1942"
    line = Line([Word("ĐỀN", (436, 241, 562, 288), 0.9), Word("#ẽ", (590, 235, 640, 288), 0.48),
                 Word("1942", (680, 235, 800, 290), 0.95)])
    assert [k for k, _, _ in value_boxes([Block([line], "stamp")], _canvas())] == ["number"]
    for word, after in (("#ẽ", "ý"), ("12", "1942"), ("#ẽ", "")):     # no number after it; digits
        words = [Word("ĐẾN", (436, 241, 562, 288), 0.9), Word(word, (590, 235, 640, 288), 0.5)]
        line = Line(words + ([Word(after, (680, 235, 800, 290), 0.9)] if after else []))
        assert value_boxes([Block([line], "stamp")], _canvas()) == [], (word, after)
    # and the misread ngày label under it is found from it
    under = Line([Word("điuày", (592, 300, 690, 345), 0.5), Word("ö:-ð8/15", (700, 300, 900, 345), 0.1)])
    line = Line([Word("ĐỀN", (436, 241, 562, 288), 0.9), Word("#ẽ", (590, 235, 640, 288), 0.48),
                 Word("1942", (680, 235, 800, 290), 0.95)])
    assert [k for k, _, _ in value_boxes([Block([line, under], "stamp")], _canvas())] == ["number", "date"]


def test_a_label_glued_to_its_value_still_gives_the_value_box() -> None:
    number = Line([Word("ĐẾN", (436, 241, 562, 288), 0.93), Word("Số:?22ó", (602, 223, 806, 300), 0.73)])
    date = Line([Word("Ngay:07/00/1", (602, 301, 935, 370), 0.87), Word("5", (950, 308, 979, 353), 0.97)])
    boxes = {k: b for k, b, _ in value_boxes([Block([number, date], "stamp")], _canvas())}
    x0, _, x1, bottom = boxes["number"]
    assert 602 < x0 < 700 and x1 == 1198
    assert bottom <= 301                     # not down into the Ngày line under it
    assert 602 < boxes["date"][0] < 720 and boxes["date"][1] >= 300


def test_glued_label_keeps_only_its_label() -> None:
    word = Word("Ngay:07/00/1", (602, 301, 935, 370), 0.87)
    assert label_only(word, 713) == Word("Ngay:", (602, 301, 713, 370), 0.87)
    assert label_only(Word("Ngày:", (600, 300, 700, 360), 0.9), 713).text == "Ngày:"


def _number_line(y: int = 241) -> Line:
    return Line([Word("ĐẾN", (300, y, 420, y + 47), 0.96), Word("Số:", (620, y, 700, y + 47), 0.95),
                 Word("2548", (720, y, 860, y + 47), 0.99)])


def test_a_ngay_label_read_as_no_word_is_found_under_the_so_label() -> None:
    # NĐ 30 Phụ lục IV: "Ngày:" sits under "Số:", from its left edge
    for text in ("NMNớay", "Ngàu", "điuày"):
        under = Line([Word(text, (628, 300, 720, 345), 0.4), Word("11", (760, 300, 820, 345), 0.9)])
        boxes = value_boxes([Block([_number_line(), under], "stamp")], _canvas())
        assert [k for k, _, _ in boxes] == ["number", "date"], text
        assert boxes[1][1][0] == 722 and "date" in label_kinds([_number_line(), under])
    # not a word far left of "Số:" (the next label, "Lãnh đạo", when the Ngày line was not read),
    # nor one spelling something else, nor a line two rows down
    for word in (Word("Lãnh", (300, 300, 400, 345), 0.9), Word("Chuyển", (628, 300, 760, 345), 0.9),
                 Word("Ngay", (628, 420, 720, 465), 0.5)):
        boxes = value_boxes([Block([_number_line(), Line([word])], "stamp")], _canvas())
        assert [k for k, _, _ in boxes] == ["number"], word.text
    assert label_kinds([_number_line()]) == {"number"}
