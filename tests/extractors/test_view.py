"""The zones the extractors read, from plain text and from an OcrDocument."""

from __future__ import annotations

import pytest

from congvan.extractors.view import from_ocr, from_text, noi_nhan_row
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


# Two dispatches scanned into one file: a công văn, then a Văn phòng's letter that cites it.
FIRST = """ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH AN GIANG\tĐộc lập - Tự do - Hạnh phúc
Số: 125/UBND-KT\tAn Giang, ngày 05 tháng 3 năm 2024
V/v rà soát thủ tục hành chính
Kính gửi: Các sở, ban, ngành.
Thực hiện Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ, đề nghị các sở rà soát.
Nơi nhận:\tKT. CHỦ TỊCH
- Như trên;\tPHÓ CHỦ TỊCH
- Lưu: VT.
\tNguyễn Văn Bình"""
SECOND = """VĂN PHÒNG UBND TỈNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
\tĐộc lập - Tự do - Hạnh phúc
Số: 40/VP-KT\tAn Giang, ngày 06 tháng 3 năm 2024
Thực hiện Văn bản số 125/UBND-KT ngày 05/3/2024 và Văn bản số 77/STP-VP ngày 01/3/2024.
Nơi nhận:\tCHÁNH VĂN PHÒNG
- Các sở;
\tTrần Thị Mai"""


def test_a_later_page_opening_a_dispatch_ends_the_document() -> None:
    view = from_text(FIRST + "\f" + SECOND)
    assert view.main_end() == 1 and len(view.main_pages()) == 1
    assert view.last_page()[-1].flat == "Nguyễn Văn Bình"
    assert from_text(FIRST + "\fTiếp theo trang 1: các sở báo cáo trước ngày 10/3/2024.").main_end() == 2
    annex = "PHỤ LỤC\n(Kèm theo Văn bản số 125/UBND-KT ngày 05/3/2024)\nSố TT\tTên thủ tục"
    assert from_text(FIRST + "\f" + annex).main_end() == 2           # an annex is the document's own
    draft = (SECOND.replace("Số: 40/VP-KT", "Số:      /2024/NQ-HĐND").replace("ngày 06 tháng 3", "ngày    tháng    ")
             .replace("Thực hiện", "NGHỊ QUYẾT\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
                      "Thực hiện"))
    assert from_text(FIRST + "\f" + draft).main_end() == 2           # so is a draft it submits (dự thảo)


@pytest.mark.parametrize("label", ["ơi HÌiận:", "Noi nhân:", "Kvi nhận:"])
def test_a_damaged_noi_nhan_label_before_nhu_tren(label: str) -> None:
    page = from_text(f"{label}\tTL. CHỦ TỊCH\n~ Như trên;\tCHÁNH VĂN PHÒNG\n- Lưu: VT.").pages[0]
    assert noi_nhan_row(page, 0) is not None


@pytest.mark.parametrize("text", ["ơi HÌiận:\n- Các sở, ngành;",          # no "Như trên" after it
                                  "Ghi chú:\n- Như trên;",                 # another label
                                  "Căn cứ Luật Tổ chức chính quyền:\n- Như trên;"])
def test_what_is_not_a_damaged_noi_nhan_label(text: str) -> None:
    assert noi_nhan_row(from_text(text).pages[0], 0) is None
