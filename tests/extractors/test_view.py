"""The zones the extractors read, from plain text and from an OcrDocument."""

from __future__ import annotations

from congvan.extractors.view import from_ocr, from_text
from congvan.ocr.types import Block, Line, OcrDocument, OcrPage, Word


def test_a_run_of_spaces_is_a_column_gap() -> None:
    view = from_text("SỞ NỘI VỤ        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/SNV-TCBC   Hải Dương, ngày 1/2/2024")
    assert view.pages[0][0].parts == ["SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    # three spaces are still one column (a justified line)
    assert view.pages[0][1].parts == ["Số: 12/SNV-TCBC   Hải Dương, ngày 1/2/2024"]


def test_text_is_nfc_with_new_tone_placement() -> None:
    view = from_text("Ủy ban nhân dân tỉnh Thanh Hoá")
    assert view.pages[0][0].text == "Ủy ban nhân dân tỉnh Thanh Hóa"


def test_the_stamp_words_alternatives_reach_the_view() -> None:
    value = Word("7/12", (300, 60, 400, 90), 0.7, (("27/12/12", 0.8769), ("27/12/72", 0.1052)))
    label = Word("Ngày:", (200, 60, 290, 90), 0.9)
    body = Word("27/12/12", (300, 900, 400, 930), 0.9, (("27/12/12", 1.0),))     # not the stamp's
    page = OcrPage(number=1, width=1654, height=2339, dpi=200, source="ocr", body_text="",
                   blocks=[Block([Line([label, value])], "stamp"), Block([Line([body])])])
    view = from_ocr(OcrDocument(path="a.pdf", sha256="0" * 64, pages=[page]))
    assert view.stamp_alternatives == [value.alternatives]
    assert view.stamp_words == [("Ngày:", 0.9), ("7/12", 0.7)]


def test_an_e_signature_caption_is_no_line_of_the_page() -> None:
    from congvan.extractors.view import from_text

    view = from_text("Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nThời gian ký: 13.05.2025 14:46:07 +07:00\n"
                     "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n09.01.2025 10:21:11 +07:00\n"
                     "Thời gian họp: 08:00 ngày 15.01.2025")
    assert [ln.text for ln in view.pages[0]] == ["ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                 "Thời gian họp: 08:00 ngày 15.01.2025"]


def test_the_last_page_is_the_last_with_text() -> None:
    from congvan.extractors.view import from_text

    view = from_text("Kính gửi: Sở Nội vụ\fNơi nhận:\n- Như trên;\nCHỦ TỊCH\f\f")
    assert [ln.text for ln in view.last_page()] == ["Nơi nhận:", "- Như trên;", "CHỦ TỊCH"]
