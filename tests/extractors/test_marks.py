from __future__ import annotations

import pytest

from congvan.extractors.marks import find_marks
from congvan.extractors.view import View, from_text


@pytest.mark.parametrize(("line", "urgency", "secrecy"), [
    ("HỎA TỐC", "Hỏa tốc", None), ("HOẢ TỐC", "Hỏa tốc", None), ("HOA TOC", "Hỏa tốc", None),
    ("HỎA TỐC HẸN GIỜ", "Hỏa tốc", None), ("THƯỢNG KHẨN", "Thượng khẩn", None), ("KHẨN", "Khẩn", None),
    ("MẬT", None, "Mật"), ("TỐI MẬT", None, "Tối mật"), ("TUYỆT MẬT", None, "Tuyệt mật"),
    ("MẬT KHẨN", "Khẩn", "Mật"), ("MẬT THƯỢNG KHẨN", "Thượng khẩn", "Mật"),
    ("MẠT| |KHAN|L p;sio,", "Khẩn", "Mật"),            # boxed marks: OCR reads the boxes as bars
    ("THƯỢNG KHIỀN'", "Thượng khẩn", None), ("THƯỢNG KHÍ Ñ_`", "Thượng khẩn", None),   # KHẨN misread
])
def test_marks(line: str, urgency: str | None, secrecy: str | None) -> None:
    view = from_text(f"ỦY BAN NHÂN DÂN\nSố: 12/UBND-VP\n{line}\nV/v abc")
    assert find_marks(view)[:2] == (urgency, secrecy)


@pytest.mark.parametrize("line", ["CHỈ THỊ VỀ VIỆC KHẨN TRƯƠNG TRIỂN KHAI", "KHẨN CẤP PHÒNG CHỐNG DỊCH",
                                  "BẢO VỆ BÍ MẬT NHÀ NƯỚC", "Khẩn trương báo cáo", "BÍ MẬT", "KHẨN CẤP",
                                  "THƯỜNG TRỰC TỈNH ỦY", "THƯỢNG KHẨN CẤP BÁO"])
def test_words_inside_titles_are_not_marks(line: str) -> None:
    assert find_marks(from_text(f"Số: 1/CT-UBND\n{line}"))[:2] == (None, None)


def test_red_ink_marks_from_layout() -> None:
    view = View(pages=from_text("Số: 1/UBND-VP").pages, ink_text="HỎA TỐC\nMẬT")
    assert find_marks(view)[:2] == ("Hỏa tốc", "Mật")


def test_mark_read_together_with_the_stamp() -> None:
    view = View(pages=from_text("Số: 1/UBND-VP").pages, stamp_text="CÔNG VĂN ĐẾN Số: 881\nHỎA TỐC Lãnh đạo: .R}")
    assert find_marks(view)[:2] == ("Hỏa tốc", None)
    # a red box touching the stamp: read on the stamp's line, its KHẨN misread
    view = View(pages=from_text("Số: 1/UBND-VP").pages,
                stamp_text="“ĐẾN Số: 59\nNgày: 07/01/12\nTHƯỢNG KHIỀN'|e P.TTBCXB\nà ký hiệu HS:")
    assert find_marks(view)[:2] == ("Thượng khẩn", None)


def test_a_mark_stamped_on_the_stamp_is_a_line_of_its_own_in_it() -> None:
    view = View(pages=from_text("Số: 1/UBND-VP").pages,
                stamp_text="| KHẨN |\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nCÔNG VĂN ĐẾN Số: 881")
    assert find_marks(view)[:2] == ("Khẩn", None)
    # the receiver's line is no mark, though its words are capitals
    view = View(pages=from_text("Số: 1/UBND-VP").pages, stamp_text="SỞ TT&TT HẢI DƯƠNG\nCÔNG VĂN ĐẾN Số: 881")
    assert find_marks(view)[:2] == (None, None)
