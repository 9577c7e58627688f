"""Số/ký hiệu and type, from the rules of NĐ 30/2020 (§2, §4 of van-thu.md), with OCR slips."""

from __future__ import annotations

import pytest

from congvan.extractors.numbers import find_type, header_code, heading_type, parse_number, type_from_number
from congvan.extractors.view import from_text


@pytest.mark.parametrize(("text", "number", "kind"), [
    ("Số: 25/CT-UBND", "25/CT-UBND", "state"),
    ("Số: 25 /CT-UBND", "25/CT-UBND", "state"),                 # number typed into a blank
    ("S6: 1l5 /SYT-NVY", "115/SYT-NVY", "state"),                # ố read as 6, 1 as l
    ("Sê: 25/CT-UBND", "25/CT-UBND", "state"),
    ("Sό: 25/CT-UBND", "25/CT-UBND", "state"),                   # Greek omicron with tonos
    ("Số: 123/UBNĐ-VP", "123/UBND-VP", "state"),                # Đ echoed onto UBND
    ("Số:  1234 / UBND - KGVX", "1234/UBND-KGVX", "state"),
    ("So: 7/GM-UBND", "7/GM-UBND", "state"),                    # accents lost
    ("Sô: l23/QĐ-UBND", "123/QĐ-UBND", "state"),                # l for 1
    ("Số: 1O23 /SYT-NVY", "1023/SYT-NVY", "state"),              # O for 0
    ("Số: 12/2O15/NĐ-CP", "12/2015/NĐ-CP", "state"),
    ("Số 1O5-CV/TU", "105-CV/TU", "party"),
    ("Số: 1985 /QĐÐ-BTTTT", "1985/QĐ-BTTTT", "state"),          # eth, and a doubled letter
    ("Số: 157/QQĐĐ-NĐ-UB", "157/QĐ-NĐ-UB", "state"),            # every letter struck twice (typewriter)
    ("Số: 12/TTTr-UBND", "12/TTr-UBND", "state"),
    ("Số: 04/2015/NĐ-CP", "04/2015/NĐ-CP", "state"),            # legal-normative, with the year
    ("Số 99-QĐ/TW", "99-QĐ/TW", "party"),
    ("Số 215-HD/BTGTU", "215-HD/BTGTU", "party"),
    ("Số: 12–KH/UBND", "12-KH/UBND", "party"),                  # en dash
    ("SỐ: 56/2018/QĐ-UBND", "56/2018/QĐ-UBND", "state"),
    ("ỦY BAN NHÂN DÂN\tCỘNG HÒA\nSố: 25/CT-UBND\tBắc Ninh, ngày 04 tháng 9 năm 2017", "25/CT-UBND", "state"),
    ("Số: 123/VNPT-HD-KHĐT", "123/VNPT-HD-KHĐT", "state"),
])
def test_number_forms(text: str, number: str, kind: str) -> None:
    assert parse_number(text) == (number, kind)


@pytest.mark.parametrize("text", ["Số:      /CT-UBND", "Sổ tay hướng dẫn", "Số đến: 2741", "Số lượng: 25"])
def test_no_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(("number", "kind", "doc_type"), [
    ("25/CT-UBND", "state", "Chỉ thị"), ("123/UBND-VP", "state", "Công văn"), ("12/STTTT-BCVT", "state", "Công văn"),
    ("01/2011/TT-BNV", "state", "Thông tư"), ("80/2015/QH13", "state", None), ("05-TT/TU", "party", "Thông tri"),
    ("99-QĐ/TW", "party", "Quyết định"), ("7/GM-UBND", "state", "Giấy mời"), ("3/CTr-UBND", "state", "Chương trình"),
    ("12/TTr-SNV", "state", "Tờ trình"), ("45/QyĐ-UBND", "state", "Quy định"),
])
def test_type_from_number(number: str, kind: str, doc_type: str | None) -> None:
    assert type_from_number(number, kind) == doc_type


def test_vv_line_makes_a_cong_van_even_with_a_type_like_code() -> None:
    view = from_text("CỤC THUẾ TỈNH\nSố: 1234/CT-TTHT\nV/v hướng dẫn chính sách thuế\nKính gửi: Sở Tài chính")
    assert find_type(view, "1234/CT-TTHT", "state")[0] == "Công văn"


@pytest.mark.parametrize("heading", ["QUYẾT ĐỊNH", "QUYÊT ĐỊNH", "QUYET DINH", "Quyết định", "KẾ HOACH"])
def test_heading_survives_ocr(heading: str) -> None:
    view = from_text(f"ỦY BAN NHÂN DÂN\nSố: 12/UBND\n{heading}\nVề việc ban hành quy chế")
    expected = "Kế hoạch" if heading.startswith("KẾ") else "Quyết định"
    if heading == "Quyết định":         # not a caps heading: the ký hiệu decides (no code → công văn)
        expected = "Công văn"
    assert find_type(view, "12/UBND", "state")[0] == expected


def test_stamp_label_is_not_a_heading() -> None:
    view = from_text("UBND TỈNH\nCÔNG VĂN\nĐẾN\nSố: 3/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc")
    assert find_type(view, "3/QĐ-UBND", "state")[0] == "Quyết định"


def test_number_without_its_label() -> None:
    from congvan.extractors.numbers import find_number

    view = from_text("BỘ THÔNG TIN VÀ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRUYỀN THÔNG\tĐộc lập - Tự do\n"
                     "~ 801/BTTTT-THH\tHà Nội, ngày 14 tháng 11 năm 2016\nV/v Ngăn chặn tin nhắn rác")
    number, kind, conf = find_number(view)
    assert (number, kind) == ("801/BTTTT-THH", "state") and conf <= 0.6


def test_a_citation_in_the_body_is_never_the_documents_number() -> None:
    from congvan.extractors.numbers import find_number

    view = from_text("UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI.\tĐộc lập - Tự do\n"
                     "Thực hiện Nghị định số 174/2013/NĐ-CP ngày 13/11/2013 của Chính phủ")
    assert find_number(view) == (None, None, 0.0)


def test_a_body_date_is_not_the_place_date_row() -> None:
    from congvan.extractors.numbers import find_number

    view = from_text("UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI. ___\tĐộc lập - Tự do\n"
                     "ctất#vận đành Cổng thông tỉủ\nChính phủ về ứng dụng công nghệ thông tin\n"
                     "Căn cứ Nghị định số 174/2013/NĐ-CP ngày 13 tháng 11 năm 2013 của Chính phủ")
    assert find_number(view) == (None, None, 0.0)


def test_subject_continuation_after_rule_debris() -> None:
    from congvan.extractors.subject import find_subject

    view = from_text("Số: 212/KH-UBND\tHải Dương, ngày 02 tháng 9 năm 2012\nKẾ HOẠCH\n"
                     "Tăng cường quản lý hoạt động xuất bản, in và phát hành\n- xuất bản phẩm\nThực hiện Luật")
    assert find_subject(view, "Kế hoạch")[0] == ("Tăng cường quản lý hoạt động xuất bản, in và phát hành "
                                                 "xuất bản phẩm")


@pytest.mark.parametrize(("text", "number"), [
    ("So: 47/QD-UBND", "47/QĐ-UBND"), ("So: 04/2015/ND-CP", "04/2015/NĐ-CP"), ("So: 12/NQ-HDND", "12/NQ-HĐND"),
    ("So: 3/HD-UBND", "3/HD-UBND"),                   # Hướng dẫn is HD: not touched
    ("Số: 09/CAT-PV0I", "09/CAT-PV01"), ("Số: 5/QH1l", "5/QH11"),          # I, l after a unit's digit
    ("Số: 7/UBND-VPI", "7/UBND-VPI"),                  # no digit before it: left as read
])
def test_accent_blind_ocr_codes(text: str, number: str) -> None:
    assert parse_number(text)[0] == number  # type: ignore[index]


@pytest.mark.parametrize(("heading", "expected"), [
    ("TỜ TRlNH", "Tờ trình"), ("GIẤY MỜl", "Giấy mời"),                  # OCR's l for I among capitals
    ("K Ế H O Ạ C H", "Kế hoạch"), ("Q U Y Ế T   Đ Ị N H", "Quyết định"),  # a letter-spaced heading
])
def test_heading_as_ocr_and_typesetting_write_it(heading: str, expected: str) -> None:
    view = from_text(f"ỦY BAN NHÂN DÂN\nSố: 12/XX-UBND\n{heading}\nVề việc ban hành quy chế")
    assert heading_type(view)[0] == expected


HEAD = "UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ KẾ HOẠCH VÀ ĐẦU TƯ\tĐộc lập - Tự do\n"


@pytest.mark.parametrize(("number_line", "luu", "number", "conf"), [
    # a black stamp pressed against the number: its CÔNG glued on, the unit's H read IP
    ("Số: 247 /SKHĐT-TIPÔNG VĂN ĐẾN", "- Lưu: VT, TH.", "247/SKHĐT-TH", 0.75),
    ("Số: 247 /SKHĐT-THÔNG VĂN ĐẾN", "- Lưu: VT, TH, Hùng.", "247/SKHĐT-TH", 0.75),
    # nothing to mend it from: kept as read, shown to be checked
    ("Số: 247 /SKHĐT-TIPÔNG VĂN ĐẾN", "- Lưu: VT.", "247/SKHĐT-TIP", 0.5),
    ("Số: 247 /SKHĐT-TIPÔNG VĂN ĐẾN", "- Lưu: VT, TH, TC.", "247/SKHĐT-TIP", 0.5),    # which one: not known
    # not glued: the Lưu line's other unit changes nothing
    ("Số: 247 /SKHĐT-TCT\tHải Dương, ngày 31 tháng 5 năm 2021", "- Lưu: VT, TC.", "247/SKHĐT-TCT", 0.95),
])
def test_a_ky_hieu_glued_to_a_stamp_is_mended_from_the_luu_line(number_line: str, luu: str, number: str,
                                                                   conf: float) -> None:
    from congvan.extractors.numbers import find_number

    view = from_text(HEAD + number_line + "\nV/v Mua sắm tài sản\nNội dung.\nNơi nhận:\tGIÁM ĐỐC\n- Như trên;\n"
                     + luu + "\nHồ Hữu Hải")
    assert find_number(view) == (number, "state", conf)


def test_a_pens_slanted_one_read_as_a_fraction_slash_and_a_colon_read_as_a_letter() -> None:
    from congvan.extractors.numbers import find_number
    from congvan.extractors.view import from_text

    header = "TRƯỜNG ĐẠI HỌC ĐIỆN LỰC\tĐộc lập - Tự do - Hạnh phúc\n{}\tHà Nội, ngày 29 tháng 8 năm 2025\nTHÔNG BÁO"
    assert find_number(from_text(header.format("Sóz2⁄⁄6/TB-ĐHĐL")))[0] == "2116/TB-ĐHĐL"
    assert find_number(from_text(header.format("Số: 2∕5/TB-ĐHĐL")))[0] == "215/TB-ĐHĐL"
    assert find_number(from_text(header.format("Số: 25/TB-ĐHĐL")))[0] == "25/TB-ĐHĐL"


@pytest.mark.parametrize(("line", "code"), [("Số: /22/UBND- KSTTHC", "UBND-KSTTHC"), ("Số:   /2024/NQ-HĐND", "NQ-HĐND"),
                                            ("Số: 125/UBND-KT", "UBND-KT"), ("Số: 12-CV/TU", None),
                                            ("Số: 44", None)])
def test_the_header_code_whatever_became_of_its_digits(line: str, code: str | None) -> None:
    assert header_code(from_text(f"ĐẾN Số: 125\nỦY BAN NHÂN DÂN\n{line}\tAn Giang, ngày 5 tháng 3 năm 2024")) == code
