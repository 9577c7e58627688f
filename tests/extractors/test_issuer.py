"""Issuer from the header, abbreviations expanded and cased as NĐ 30 Phụ lục II writes names."""

from __future__ import annotations

import pytest

from congvan.extractors.issuer import find_issuer, infer_issuer
from congvan.extractors.view import from_text

QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"


@pytest.mark.parametrize(("header", "issuer"), [
    (f"ỦY BAN NHÂN DÂN\t{QH}\nTỈNH BẮC NINH\t{TN}", "Ủy ban nhân dân tỉnh Bắc Ninh"),
    (f"UỶ BAN NHÂN DÂN\t{QH}\nTỈNH BẮC NINH\t{TN}", "Ủy ban nhân dân tỉnh Bắc Ninh"),          # old tone
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nSỞ NỘI VỤ\t{TN}", "Sở Nội vụ tỉnh Hải Dương"),
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nVĂN PHÒNG\t{TN}", "Văn phòng Ủy ban nhân dân tỉnh Hải Dương"),
    (f"BỘ THÔNG TIN VÀ\t{QH}\nTRUYỀN THÔNG\t{TN}", "Bộ Thông tin và Truyền thông"),              # wrapped
    (f"BỘ THÔNG TIN VÀ\t{QH}\nTRUYEN THÔNG\t{TN}", "Bộ Thông tin và Truyền thông"),              # accent lost
    (f"BỘ THÔNG TIN VÀ TRUYỀN THÔNG\t{QH}\nCỤC AN TOÀN THÔNG TIN\t{TN}", "Cục An toàn thông tin"),
    ("TỈNH ỦY HẢI DƯƠNG\tĐẢNG CỘNG SẢN VIỆT NAM\nBAN TUYÊN GIÁO\n*", "Ban Tuyên giáo Tỉnh ủy Hải Dương"),
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nCÔNG AN TỈNH\t{TN}", "Công an tỉnh Hải Dương"),
    (f"UBND TỈNH HẢI DƯƠNG {QH}\nSỞ TT&TT {TN}", "Sở Thông tin và Truyền thông tỉnh Hải Dương"),  # no tabs
    (f"ỦY BAN NHÂN DÂN\t{QH}\nHUYỆN GIA LỘC\t{TN}", "Ủy ban nhân dân huyện Gia Lộc"),
    (f"UBND TỈNH BÀ RỊA - VŨNG TÀU\t{QH}", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
    (f"SỞ GIÁO DỤC VÀ ĐÀO TẠO\t{QH}", "Sở Giáo dục và Đào tạo"),
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nSỞ NÔNG NGHIỆP VÀ PTNT\t{TN}",
     "Sở Nông nghiệp và Phát triển nông thôn tỉnh Hải Dương"),
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nSỞ LĐTBXH\t{TN}", "Sở Lao động - Thương binh và Xã hội tỉnh Hải Dương"),
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nSỞ TN-MT\t{TN}", "Sở Tài nguyên và Môi trường tỉnh Hải Dương"),
    ("TỈNH ỦY HẢI DƯƠNG\tĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHỈ ĐẠO 389/ĐP", "Ban Chỉ đạo 389/ĐP Tỉnh ủy Hải Dương"),
    # "Chỉ đạo", "Chuyển" are stamp labels, but not in a body's name
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nBAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ\t{TN}", "Ban Chỉ đạo chuyển đổi số tỉnh Hải Dương"),
    # "QUẢN", "QUÂN", "CƠ QUAN" fold to "quan" but are no quận; acronyms keep their case
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nBAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP\t{TN}",
     "Ban Quản lý các khu công nghiệp tỉnh Hải Dương"),
    (f"BỘ QUỐC PHÒNG\t{QH}\nBỘ CHỈ HUY QUÂN SỰ\t{TN}\nTỈNH HẢI DƯƠNG", "Bộ Chỉ huy quân sự tỉnh Hải Dương"),
    ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\tĐẢNG CỘNG SẢN VIỆT NAM", "Đảng ủy Khối các cơ quan tỉnh"),
    (f"UBND THÀNH PHỐ HÀ NỘI\t{QH}\nUBND QUẬN CẦU GIẤY\t{TN}", "Ủy ban nhân dân quận Cầu Giấy"),
    (f"BHXH TỈNH HẢI DƯƠNG\t{QH}", "Bảo hiểm xã hội tỉnh Hải Dương"),
    (f"VNPT HẢI DƯƠNG\t{QH}", "VNPT Hải Dương"),
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nĐÀI PT-TH HẢI DƯƠNG\t{TN}", "Đài Phát thanh và Truyền hình Hải Dương"),
    # a boxed mark under the issuer is no part of its name
    (f"ỦY BAN NHÂN DÂN\t{QH}\nTỈNH HẢI DƯƠNG\t{TN}\nHỎA TỐC", "Ủy ban nhân dân tỉnh Hải Dương"),
    (f"UBND TỈNH HẢI DƯƠNG\t{QH}\nSỞ NỘI VỤ\t{TN}\n| MẬT |", "Sở Nội vụ tỉnh Hải Dương"),
])
def test_header(header: str, issuer: str) -> None:
    view = from_text(f"{header}\nSố: 12/UBND-VP\tHà Nội, ngày 01 tháng 02 năm 2020")
    got, conf = find_issuer(view, "12/UBND-VP", "Hà Nội", [])
    assert got == issuer
    assert conf >= 0.8


def test_unreadable_header_is_inferred_with_low_confidence() -> None:
    view = from_text("~~ .. ,,\nSố: 25/CT-UBND\tBắc Ninh, ngày 04 tháng 9 năm 2017\nCHỈ THỊ")
    got, conf = find_issuer(view, "25/CT-UBND", "Bắc Ninh", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    assert got == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert conf <= 0.6


def test_authority_line_of_a_decision() -> None:
    view = from_text("Số: 47/QĐ-UBND\nQUYẾT ĐỊNH\nBan hành quy chế\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nCăn cứ")
    got, conf = infer_issuer(view, "47/QĐ-UBND", "Bắc Ninh", [])
    assert got == "Ủy ban nhân dân tỉnh Bắc Ninh" and conf <= 0.6


def test_the_block_ends_at_a_number_line_too_garbled_to_parse() -> None:
    # a one-page letter: header(12) reaches the Nơi nhận; nothing below the number is the issuer's
    view = from_text(f"UBND TỈNH HẢI DƯƠNG\t{QH}\nSỞ Y TẾ\t{TN}\nS~: 1l5 /SYT-NVY\tHải Dương, ngày 2 tháng 3 năm 2024\n"
                     "V/v phòng chống dịch\nKinh gủi: Sở Thông tin và Truyền thông\nNơi nhận:\n- Luu: VT, NVY.")
    assert find_issuer(view, None, "Hải Dương", [])[0] == "Sở Y tế tỉnh Hải Dương"


def test_the_block_ends_at_a_ky_hieu_whose_digits_were_garbled() -> None:
    view = from_text(f"BỘ CÔNG THƯƠNG\t{QH}\nTRƯỜNG ĐẠI HỌC ĐIỆN LỰC\t{TN}\nSóz2⁄⁄6/TB-ĐHĐL\tHà Nội, ngày 9 tháng 8 "
                     "năm 2025\nTHÔNG BÁO\nvề việc nộp hồ sơ")
    issuer = find_issuer(view, None, "Hà Nội", [])[0]           # (a proper name's capitals aside)
    assert issuer is not None and issuer.casefold() == "trường đại học điện lực"


def test_nothing_to_go_on_is_null() -> None:
    assert find_issuer(from_text("lorem ipsum"), None, None, []) == (None, 0.0)


def test_interleaved_stamp_label_is_not_part_of_the_issuer() -> None:
    view = from_text("TỈNH ỦY BẮC NINH ĐẢNG CỘNG SẢN VIỆT NAM\nBAN TUYÊN GIÁO\n*\nCÔNG VĂN\n"
                     "Số 215-HD/BTGTU Bắc Ninh, ngày 14 tháng 8 năm 2018\nĐẾN")
    assert find_issuer(view, "215-HD/BTGTU", "Bắc Ninh", [])[0] == "Ban Tuyên giáo Tỉnh ủy Bắc Ninh"


@pytest.mark.parametrize("label", ["CONG VAN DEN So: 2741", "ĐẾN Số: 2741", "CÔNG  Số: 359"])
def test_a_stamps_receiver_on_its_own_line_is_not_the_issuer(label: str) -> None:
    view = from_text(f"UBND TINH HAI DUONG\t{QH}\nSO TAI CHINH\t{TN}\nSO TT&TT HAI DUONG\n{label}\n"
                     "Số: 301/STC-QLNS\tHai Duong, ngay 5 thang 3 nam 2024")
    assert find_issuer(view, "301/STC-QLNS", "Hải Dương", [])[0] == "Sở Tài chính tỉnh Hải Dương"


def test_a_stamp_read_before_the_header_is_not_the_issuer() -> None:
    # text OCR'd elsewhere: the stamp (pressed above the header) comes first, its "Số:" too
    view = from_text("SỞ TT&TT HẢI DƯƠNG\nCÔNG VĂN ĐẾN Số: 87\nNgày: 9/1/24\nXử lý chính: P.CNTT\n"
                     f"SỞ NỘI VỤ\t{QH}\nSố: 12/SNV-VP\tHải Dương, ngày 5 tháng 1 năm 2024")
    assert find_issuer(view, "12/SNV-VP", "Hải Dương", [])[0] == "Sở Nội vụ"


def test_a_stamps_receiver_run_into_the_issuer_line_is_cut() -> None:
    view = from_text(f"UBND TỈNH HẢI DƯƠNG\t{QH}\nSỞ KẾ HOẠCH VÀ ĐẦU TƯ SƠ TT&TT HAI DƯÖNđập - Tự do - Hạnh phúc\n"
                     "Số: 247 /SKHĐT-TH\tHải Dương, ngày 31 tháng 5 năm 2021")
    assert find_issuer(view, "247/SKHĐT-TH", "Hải Dương", [])[0] == "Sở Kế hoạch và Đầu tư tỉnh Hải Dương"


def test_a_name_cut_short_is_completed_from_the_ky_hieu() -> None:
    view = from_text(f"UBND TỈNH HẢI DƯƠNG\t{QH}\nSỞ NỘI. ___\t{TN}\n"
                     "Số: 1281 /TB-SNV\tHải Dương, ngày 12 tháng 6 năm 2015")
    assert find_issuer(view, "1281/TB-SNV", "Hải Dương", []) == ("Sở Nội vụ tỉnh Hải Dương", 0.7)
    # the ký hiệu names another body: the header is left as read
    other = from_text(f"UBND TỈNH HẢI DƯƠNG\t{QH}\nSỞ NỘI\t{TN}\nSố: 12/STC-QLNS\tHải Dương, ngày 1 tháng 6 năm 2015")
    assert find_issuer(other, "12/STC-QLNS", "Hải Dương", [])[0] == "Sở Nội tỉnh Hải Dương"


def test_a_ky_hieu_alone_names_no_issuer() -> None:
    """The header cut off: "…/NĐ-CP" is Chính phủ's code, but a value not on the page is null."""
    view = from_text("Số: 28/2021/NĐ-CP\tHà Nội, ngày 26 tháng 3 năm 2021\nNGHỊ ĐỊNH\nQuy định cơ chế")
    assert find_issuer(view, "28/2021/NĐ-CP", "Hà Nội", []) == (None, 0.0)


def test_a_body_is_not_the_parent_of_a_body_of_its_own_kind() -> None:
    from congvan.extractors.issuer import compose
    # a black stamp's receiver read between the parent and the issuer
    assert compose(["UBND TỈNH HẢI DƯƠNG", "SỞ THÔNG TIN VÀ TRUYỀN", "SỞ NỘI VỤ"]) == ("SỞ NỘI VỤ",
                                                                                    "ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG")
    assert compose(["BỘ CÔNG THƯƠNG", "TRƯỜNG ĐẠI HỌC ĐIỆN LỰC"]) == ("TRƯỜNG ĐẠI HỌC ĐIỆN LỰC", "BỘ CÔNG THƯƠNG")


def test_a_hospital_under_its_department_takes_the_place_its_parent_names() -> None:
    from congvan.extractors.issuer import compose, full_name

    issuer, parent = compose(["SỞ Y TẾ BẮC NINH", "BỆNH VIỆN ĐA KHOATỈNH"])      # the level word glued on
    assert (issuer, parent) == ("BỆNH VIỆN ĐA KHOATỈNH", "SỞ Y TẾ BẮC NINH")     # two bodies, not one name
    assert full_name(issuer, parent, "Bắc Ninh") == "Bệnh viện Đa khoa tỉnh Bắc Ninh"
    assert full_name(issuer, parent, "Hà Nội") == "Bệnh viện Đa khoa tỉnh"        # a place the parent does not name


def test_a_division_takes_its_parents_whole_name_unless_the_parent_is_a_local_government() -> None:
    from congvan.extractors.issuer import compose, full_name

    assert full_name(*compose(["CÔNG AN TP ĐÀ NẴNG", "PHÒNG AN NINH CHÍNH TRỊ NỘI BỘ"])) == \
        "Phòng An ninh chính trị nội bộ Công an thành phố Đà Nẵng"
    assert full_name(*compose(["UBND HUYỆN TĨNH GIA", "PHÒNG TƯ PHÁP"])) == "Phòng Tư pháp huyện Tĩnh Gia"
