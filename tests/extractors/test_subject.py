"""Trích yếu (van-thu.md §5a): after V/v for a công văn, under the TÊN LOẠI heading otherwise."""

from __future__ import annotations

import pytest

from congvan.extractors.subject import find_subject
from congvan.extractors.view import from_text

HEAD = "UBND TỈNH BẮC NINH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 152/QĐ-STTTT\tBắc Ninh, ngày 05 tháng 8 năm 2023\n"


@pytest.mark.parametrize(("body", "kind", "subject"), [
    # a continuation line that starts with a name belongs to the trích yếu
    ("QUYẾT ĐỊNH\nVề việc ban hành Quy chế quản lý, vận hành\nTrung tâm điều hành thông minh tỉnh\n"
     "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nCăn cứ Luật", "Quyết định",
     "Về việc ban hành Quy chế quản lý, vận hành Trung tâm điều hành thông minh tỉnh"),
    ("KẾ HOẠCH\nNâng cấp, vận hành\nCổng thông tin điện tử của tỉnh\nThực hiện Quyết định", "Kế hoạch",
     "Nâng cấp, vận hành Cổng thông tin điện tử của tỉnh"),
    # a body paragraph that opens with a name runs on in lower case: it is not the trích yếu
    ("CHỈ THỊ\nVề tăng cường bảo đảm an toàn thông tin mạng\nCông tác bảo đảm an toàn thông tin trong thời gian\n"
     "qua đã đạt được nhiều kết quả", "Chỉ thị", "Về tăng cường bảo đảm an toàn thông tin mạng"),
    # a long line that starts with a capital is body text
    ("THÔNG BÁO\nKết luận của Giám đốc Sở\nSở Thông tin và Truyền thông thông báo kết luận của Giám đốc Sở tại cuộc "
     "họp giao ban như sau", "Thông báo", "Kết luận của Giám đốc Sở"),
    ("KẾ HOẠCH\nTăng cường quản lý hoạt động xuất bản\n- xuất bản phẩm\nThực hiện Luật", "Kế hoạch",
     "Tăng cường quản lý hoạt động xuất bản xuất bản phẩm"),
    # a lower-case line runs the trích yếu on, even when it opens like a body ("qua", "trong")
    ("KẾ HOẠCH\nTiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính\nqua dịch vụ bưu chính công ích\n"
     "Thực hiện Luật Bưu chính", "Kế hoạch",
     "Tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích"),
    ("KẾ HOẠCH\nTiếp nhận hồ sơ\nQua kiểm tra, Sở nhận thấy", "Kế hoạch", "Tiếp nhận hồ sơ"),
    ("KẾ HOẠCH\nTiếp nhận hồ sơ\ncăn cứ Luật Bưu chính", "Kế hoạch", "Tiếp nhận hồ sơ"),
    # a Party directive names its issuing organ under the heading, before the trích yếu
    ("CHỈ THỊ\ncủa Bộ Chính trị\nvề tổ chức đại hội đảng bộ các cấp\n"
     "Đại hội đảng bộ các cấp là sinh hoạt chính trị quan trọng của toàn Đảng.",
     "Chỉ thị", "Về tổ chức đại hội đảng bộ các cấp"),
])
def test_heading_subject(body: str, kind: str, subject: str) -> None:
    assert find_subject(from_text(HEAD + body), kind)[0] == subject


@pytest.mark.parametrize(("left", "subject"), [
    (["V/v triển khai vận hành", "Trung tâm giám sát an toàn", "thông tin mạng của tỉnh"],
     "Triển khai vận hành Trung tâm giám sát an toàn thông tin mạng của tỉnh"),
    (["V/v góp ý dự thảo", "Nghị định về quản lý", "dịch vụ viễn thông"],
     "Góp ý dự thảo Nghị định về quản lý dịch vụ viễn thông"),
    (["V/v hướng dẫn triển khai", "Đề án 06 năm 2024"], "Hướng dẫn triển khai Đề án 06 năm 2024"),
    (["V/v tuyên truyền kỷ niệm 93 năm", "Ngày thành lập Đảng"], "Tuyên truyền kỷ niệm 93 năm Ngày thành lập Đảng"),
    (["V/v báo cáo số liệu", "Ngày 15/3/2024, Sở Tài chính nhận được"], "Báo cáo số liệu"),
    # single-column OCR: the Quốc hiệu's rows and the place-date line come after the V/v lines
    (["V/v triển khai hồ sơ", "Độc lập - Tự do - Hạnh phúc"], "Triển khai hồ sơ"),
    (["V/v triển khai hồ sơ", "Hải Dương, ngày 11 tháng 3 năm 2024"], "Triển khai hồ sơ"),
    (["V/v triển khai hồ sơ", "Hải Dương, ngày 11/3/2024"], "Triển khai hồ sơ"),
    (["V/v triển khai hồ sơ", "Hải Dương,", "ngày 11 tháng 3 năm 2024"], "Triển khai hồ sơ"),
    (["V/v cảnh báo lỗ hổng bảo mật", "Kính gửi: Sở Thông tin và Truyền thông"], "Cảnh báo lỗ hổng bảo mật"),
    (["V/v báo cáo số liệu", "CÔNG VĂN ĐẾN Số: 25"], "Báo cáo số liệu"),
])
def test_vv_subject(left: list[str], subject: str) -> None:
    text = "SỞ TÀI CHÍNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 301/STC-QLNS\tHải Dương, ngày 1 tháng 2 năm 2022\n"
    assert find_subject(from_text(text + "\n".join(left) + "\nKính gửi: Các sở"), "Công văn")[0] == subject


def test_a_garbled_kinh_gui_is_not_a_continuation() -> None:
    text = ("SỞ TÀI CHÍNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 301/STC-QLNS\tHải Dương, ngày 1 tháng 2 năm 2022\n"
            "V/v ngăn chặn tin nhắn rác\nKính pưi: Sở Thông tin và Truyền thông\nThực hiện")
    assert find_subject(from_text(text), "Công văn")[0] == "Ngăn chặn tin nhắn rác"


@pytest.mark.parametrize(("heading", "kind", "subject", "conf"), [
    ("THÔNG BÁO", "Thông báo", "Kết quả kiểm tra", 0.85),
    # a stamp over the heading's first word: what is left of it, and the type from the ký hiệu
    ("„., BÁO", "Thông báo", "Kết quả kiểm tra", 0.6),
    ("ĐỊNH", "Quyết định", "Kết quả kiểm tra", 0.6),
    # part of another type's name, or a word too short to tell, is no heading
    ("BÁO", "Kế hoạch", None, 0.0),
    ("VĂN", "Công văn", None, 0.0),
    ("TƯ", "Thông tư", None, 0.0),
])
def test_a_heading_partly_read_still_opens_the_subject(heading: str, kind: str, subject: str | None,
                                                      conf: float) -> None:
    text = HEAD + f"{heading}\nKết quả kiểm tra\nThực hiện Kế hoạch số 12/KH-UBND"
    assert find_subject(from_text(text), kind) == (subject, conf)


@pytest.mark.parametrize("vv", ["V/V", "VIv", "V|v", "V.v", "W/v", "V/y", "Vv", "V/ v", "V/v:"])
def test_vv_as_ocr_writes_it(vv: str) -> None:
    text = ("SỞ TÀI CHÍNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 301/STC-QLNS\tHải Dương, ngày 1 tháng 2 năm 2022\n"
            f"{vv} góp ý dự thảo\nKính gửi: Các sở")
    assert find_subject(from_text(text), "Công văn")[0] == "Góp ý dự thảo"


def test_vv_run_onto_the_number_line() -> None:
    text = ("SỞ TÀI CHÍNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 301/STC-QLNS V/v góp ý dự thảo\tHải Dương, ngày 1 tháng 2 năm 2022\nKính gửi: Các sở")
    assert find_subject(from_text(text), "Công văn")[0] == "Góp ý dự thảo"


def test_a_roman_numbered_heading_is_no_vv() -> None:
    text = ("SỞ TÀI CHÍNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 301/STC-QLNS\tHải Dương, ngày 1 tháng 2 năm 2022\n"
            "VI. Tổ chức thực hiện\nKính gửi: Các sở")
    assert find_subject(from_text(text), "Công văn")[0] is None


def test_the_marks_ocr_confused_in_known_phrases_are_put_back() -> None:
    view = from_text("Số: 12/UBND-VP\tHải Dương, ngày 1 tháng 8 năm 2023\n"
                     "V/v nâng cấp Công thông tin điện tử và hạ tầng viên thông\nKính gửi: Sở Nội vụ")
    assert find_subject(view, "Công văn")[0] == "Nâng cấp Cổng thông tin điện tử và hạ tầng viễn thông"
    # letters that differ are left as read
    view = from_text("Số: 12/UBND-VP\tHải Dương, ngày 1 tháng 8 năm 2023\n"
                     "V/v Công tác thông tin đối ngoại\nKính gửi: Sở Nội vụ")
    assert find_subject(view, "Công văn")[0] == "Công tác thông tin đối ngoại"


def test_a_full_stop_between_lower_case_words_is_the_trich_yeus_comma() -> None:
    text = HEAD + "KẾ HOẠCH\nNâng cấp. vận hành Cổng thông tin điện tử của tỉnh\nThực hiện Quyết định"
    assert find_subject(from_text(text), "Kế hoạch")[0] == "Nâng cấp, vận hành Cổng thông tin điện tử của tỉnh"
    text = HEAD + "KẾ HOẠCH\nTuyên truyền, phổ biến pháp luật v.v. trên địa bàn\nThực hiện Quyết định"
    assert find_subject(from_text(text), "Kế hoạch")[0] == "Tuyên truyền, phổ biến pháp luật v.v. trên địa bàn"


@pytest.mark.parametrize(("body", "kind", "subject"), [
    # a row of ink debris between the trích yếu's lines ("Z", a stamp's edge) does not end it
    ("KẾ HOẠCH\nTriển khai giám sát, phòng chống mã độc và ứng cứu sự\nZ\ncố an toàn thông tin mạng\n"
     "Thực hiện Nghị định", "Kế hoạch",
     "Triển khai giám sát, phòng chống mã độc và ứng cứu sự cố an toàn thông tin mạng"),
])
def test_a_speck_line_inside_the_subject_is_skipped(body: str, kind: str, subject: str) -> None:
    assert find_subject(from_text(HEAD + body), kind)[0] == subject


def test_a_speck_line_inside_a_vv_subject_is_skipped() -> None:
    text = ("UBND TỈNH BẮC NINH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 12/STTTT-VP\tBắc Ninh, ngày 5 tháng 8 năm 2023\n"
            "V/v đẩy mạnh cải cách hành chính và\n'\nkiểm soát thủ tục hành chính\nKính gửi: Các sở")
    assert find_subject(from_text(text), None)[0] == "Đẩy mạnh cải cách hành chính và kiểm soát thủ tục hành chính"


def test_a_lower_case_vv_opens_the_subject_too() -> None:
    text = ("CÔNG AN TP ĐÀ NẴNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 115 /CV-PA83\tĐà Nẵng, ngày 26 tháng 4 năm 2018\n"
            "v/v thông báo hoạt động của tà đạo\nKính gửi: Sở Giáo dục và Đào tạo")
    assert find_subject(from_text(text), None)[0] == "Thông báo hoạt động của tà đạo"


@pytest.mark.parametrize(("lines", "expected"), [
    # a capitalised line between the trích yếu's first line and a body opening is the trích yếu going on
    (["Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp nghe", "báo cáo về công tác cổ phần hóa Công ty TNHH",
      "MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ trong", "thời gian qua và nhiệm vụ trọng tâm",
      "Ngày 03/01/2025, Phó Chủ tịch UBND tỉnh chủ trì họp nghe", "báo cáo về tình hình thực hiện"],
     "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp nghe báo cáo về công tác cổ phần hóa Công ty TNHH "
     "MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ trong thời gian qua và nhiệm vụ trọng tâm"),
    (["Về việc tăng cường các biện pháp bảo đảm đón Tết Nguyên đán", "Nhâm Dần năm 2022 đầm ấm, an toàn",
      "trên địa bàn tỉnh", "Thực hiện Chỉ thị số 11-CT/TW ngày 08/12/2021 của Ban Bí thư về", "việc tổ chức Tết"],
     "Về việc tăng cường các biện pháp bảo đảm đón Tết Nguyên đán Nhâm Dần năm 2022 đầm ấm, an toàn "
     "trên địa bàn tỉnh"),
    # a label under the trích yếu ("Số và ký hiệu HS:", a stamp's) is not part of it
    (["Nâng cấp, vận hành Cổng thông tin điện tử", "Số và ký hiệu HS:", "Thực hiện Nghị định số 64/2007/NĐ-CP"],
     "Nâng cấp, vận hành Cổng thông tin điện tử"),
    # with no body opening found below, a capitalised line followed by lower case is the body's first line
    (["Về công tác phòng chống lụt bão", "Ủy ban nhân dân tỉnh nhận được báo cáo của các", "huyện về tình hình"],
     "Về công tác phòng chống lụt bão"),
])
def test_a_heading_subject_runs_to_the_body_opening(lines: list[str], expected: str) -> None:
    text = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 16/CT-UBND\tngày 27 tháng 12 năm 2021\nCHỈ THỊ\n"
    assert find_subject(from_text(text + "\n".join(lines)), "Chỉ thị")[0] == expected


def test_về_việc_written_out_under_the_number_is_a_công_văns_trích_yếu() -> None:
    from congvan.extractors.numbers import find_type, has_vv

    letter = from_text("ỦY BAN NHÂN DÂN\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                       "TỈNH PHÚ THỌ\tĐộc lập - Tự do - Hạnh phúc\n"
                       "Số: 4532/UBND-KSTTHC\tPhú Thọ, ngày 07 tháng 12 năm 2011\nVề việc xây dựng kế hoạch rà\n"
                       "soát quy định, thủ tục hành chính.\nKính gửi: Các sở, ban, ngành")
    assert has_vv(letter) and find_type(letter, "4532/UBND-KSTTHC", None)[0] == "Công văn"
    assert find_subject(letter, "Công văn")[0] == "Xây dựng kế hoạch rà soát quy định, thủ tục hành chính"
    decision = from_text("ỦY BAN NHÂN DÂN\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH PHÚ THỌ\n"
                         "Số: 12/QĐ-UBND\tPhú Thọ, ngày 07 tháng 12 năm 2011\nQUYẾT ĐỊNH\n"
                         "Về việc phê duyệt kế hoạch\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH")
    assert not has_vv(decision)                      # under its heading: the decision's own trích yếu
