from __future__ import annotations

from congvan.extractors.recipients import find_recipients
from congvan.extractors.view import from_text


def test_kinh_gui_then_noi_nhan_in_order_without_duplicates() -> None:
    text = ("V/v tăng cường an toàn thông tin\n"
            "Kính gửi:\t- Sở Thông tin và Truyền thông;\n\t- Các sở, ban, ngành tỉnh.\n"
            "Nội dung.\n"
            "Nơi nhận:\tKT. CHỦ TỊCH\n- Như trên;\tPHÓ CHỦ TỊCH\n- Bộ Thông tin và Truyền thông (để b/c);\n"
            "- Thường trực Tỉnh ủy;\n- Các sở, ban, ngành tỉnh;\n- Lưu: VT, KGVX.\nTrần Văn Minh")
    got, _ = find_recipients(from_text(text))
    assert got == ["Sở Thông tin và Truyền thông", "Các sở, ban, ngành tỉnh", "Bộ Thông tin và Truyền thông",
                   "Thường trực Tỉnh ủy"]


def test_single_kinh_gui_and_ocr_noise() -> None:
    text = ("Kinh gủi: Sở Nội vụ tỉnh Hải Dương\nNội dung.\nNoi nhan:\n~ Như trên;\n"
            "– Văn phòng UBND tỉnh (để biết);\n- Lưu VT, SNV.")
    got, _ = find_recipients(from_text(text))
    assert got == ["Sở Nội vụ tỉnh Hải Dương", "Văn phòng UBND tỉnh"]


def test_kinh_gui_whose_g_ocr_misread() -> None:
    for read in ("Kính pưi:", "Kính sửi:", "Kính qửi:"):
        got, _ = find_recipients(from_text(f"{read} Sở Thòng tin và Truyền thông\nNội dung về kinh phí: 20 triệu."))
        assert got == ["Sở Thông tin và Truyền thông"], read
    assert find_recipients(from_text("Đề nghị cấp kinh phí: 20 triệu đồng."))[0] == []


def test_a_noi_nhan_entry_that_lost_its_dash_is_passed_over_not_the_end_of_the_list() -> None:
    text = ("Nội dung.\nNơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- Như trên;\tKT. CHỦ TỊCH\n25G NỘI VMP =7\tPHÓ CHỦ TỊCH\n"
            "- Ban Tuyên giáo Tỉnh ủy;\n- Lưu: VT, TH.\nNgô Hữu Lan")
    assert find_recipients(from_text(text))[0] == ["Ban Tuyên giáo Tỉnh ủy"]
    # after a Kính gửi line, an undashed line is the body: the dashed items under it are not recipients
    text = "Kính gửi: Sở Nội vụ\nĐề nghị các đơn vị thực hiện:\n- Rà soát hồ sơ;\n- Báo cáo kết quả."
    assert find_recipients(from_text(text))[0] == ["Sở Nội vụ"]


def test_merged_columns_cut_at_semicolon() -> None:
    text = "Nơi nhận: KT. BỘ TRƯỞNG\n- Sở Thông tin và Truyền thông; THỨ TRƯỞNG\n- Viettel Hải Dương;\n- Lưu: VT."
    got, _ = find_recipients(from_text(text))
    assert got == ["Sở Thông tin và Truyền thông", "Viettel Hải Dương"]


def test_no_lists() -> None:
    assert find_recipients(from_text("nothing here"))[0] == []


def test_ocr_marks_put_back_from_the_lexicon() -> None:
    text = "Nơi nhận:\n- Viên thông Hải Dương;\n- Ủy ban nhân dân các huyện, thị xã, thành phổ;\n- Lưu: VI, VP."
    got, _ = find_recipients(from_text(text))
    assert got == ["Viễn thông Hải Dương", "Ủy ban nhân dân các huyện, thị xã, thành phố"]


def test_several_recipients_on_the_kinh_gui_line() -> None:
    got, _ = find_recipients(from_text("Kính gửi: Sở Nội vụ; Sở Tài chính; Công an tỉnh.\nNội dung."))
    assert got == ["Sở Nội vụ", "Sở Tài chính", "Công an tỉnh"]


def test_back_references_are_not_recipients() -> None:
    got, _ = find_recipients(from_text("Nơi nhận:\n- Như Điều 3;\n- Như trên;\n- Như thành phần mời;\n"
                                       "- Bộ TT&TT (b/c);\n- Lưu: VT, KGVX."))
    assert got == ["Bộ TT&TT"]


def test_a_known_body_misspelt_by_ocr_takes_its_spelling() -> None:
    got, _ = find_recipients(from_text("Kính gửi: Sở Thông tia và Fruyền-thông\nNội dung.\nNơi nhận:\n"
                                       "- Sở Noi vu tỉnh Hải Dương;\n- Bộ Thông tin và Truyền thông;\n- Lưu: VT."))
    assert got == ["Sở Thông tin và Truyền thông", "Sở Nội vụ tỉnh Hải Dương", "Bộ Thông tin và Truyền thông"]


def test_dong_kinh_gui_adds_its_list() -> None:
    text = ("V/v phối hợp\nKính gửi: Sở Thông tin và Truyền thông\nĐồng kính gửi:\n- Sở Tài chính;\n- Công an tỉnh.\n"
            "Thực hiện Kế hoạch số 12/KH-UBND.")
    got, _ = find_recipients(from_text(text))
    assert got == ["Sở Thông tin và Truyền thông", "Sở Tài chính", "Công an tỉnh"]



def test_kinh_goi_and_a_split_kinh() -> None:
    for line in ("Kính gởi: Sở Nội vụ", "K ính gửi: Sở Nội vụ"):
        assert find_recipients(from_text(f"V/v x\n{line}\nThực hiện"))[0] == ["Sở Nội vụ"]


def test_debris_between_entries_does_not_end_the_list() -> None:
    # a black seal's ring letters read as a line of their own between two entries
    text = ("Nội dung.\nNơi nhận:\tGIÁM ĐỐC\n- Ủy ban nhân dân các huyện;\nẠ Ø ¬\n- Bộ Thông tin và Truyền thông;\n"
            "- Lưu: VT, SNV.\nPhạm Anh Hải")
    got, _ = find_recipients(from_text(text))
    assert got == ["Ủy ban nhân dân các huyện", "Bộ Thông tin và Truyền thông"]


def test_nhu_tren_misread_is_still_no_recipient() -> None:
    from congvan.extractors.recipients import clean_entry

    assert clean_entry("- Như tên h;") is None and clean_entry("- Nhu ren;") is None
    assert clean_entry("- Nhà xuất bản Thông tin và Truyền thông;") is not None


def test_a_first_word_no_body_opens_with_is_read_as_the_one_a_letter_off() -> None:
    # "Sẻ" opens no name, and one letter off it only Sở does; "Bộ" opens names of its own
    text = "Nơi nhận:\n- Sẻ Thông tin và Truyền thông;\n- Bộ Nội vụ;\n- Ba Tuyên giáo Tỉnh ủy;\n- Lưu: VT."
    assert find_recipients(from_text(text))[0] == ["Sở Thông tin và Truyền thông", "Bộ Nội vụ", "Ba Tuyên giáo Tỉnh ủy"]


def test_a_full_stop_between_lower_case_words_of_an_entry_is_its_comma() -> None:
    text = ("Nơi nhận:\n- Ủy ban nhân dân các huyện. thị xã, thành phố;\n- Các sở, ban. ngành tỉnh;\n"
            "- UBND TP. Hải Dương;\n- Lưu: VT.")
    assert find_recipients(from_text(text))[0] == [
        "Ủy ban nhân dân các huyện, thị xã, thành phố", "Các sở, ban, ngành tỉnh", "UBND TP. Hải Dương"]


def test_a_dash_item_spans_lines_and_may_hold_several_bodies() -> None:
    text = ("Nội dung./.\nNơi nhận:\tTL. CHỦ TỊCH\n- CT, PCT UBND tỉnh;\tKT. CHÁNH VĂN PHÒNG\n"
            "- Các Sở: Tài chính, Kế hoạch và Đầu tư,\tPHÓ CHÁNH VĂN PHÒNG\nTài nguyên và Môi trường, Xây dựng,\n"
            "Nội vụ, Tư pháp;\n- Các Công ty: CP Môi trường đô thị;\nĐiện lực Quảng Ngãi;\n"
            "- VPUB: CVP, PCVP , KTN;\n- Công TTĐT tỉnh;\n- Lưu: VT, KTTH.\tNguyễn Phước Bình")
    assert find_recipients(from_text(text))[0] == [
        "CT, PCT UBND tỉnh",
        "Các Sở: Tài chính, Kế hoạch và Đầu tư, Tài nguyên và Môi trường, Xây dựng, Nội vụ, Tư pháp",
        "Các Công ty: CP Môi trường đô thị; Điện lực Quảng Ngãi", "VPUB: CVP, PCVP, KTN", "Cổng TTĐT tỉnh"]


def test_an_undashed_line_that_is_no_words_or_ends_the_list_is_not_an_item_s_rest() -> None:
    text = ("Nơi nhận:\tKT. CHỦ TỊCH\n- Sở Nội vụ;\tPHÓ CHỦ TỊCH\n25G NỘI VMP =7\n- Sở Tư pháp;\n"
            "Nguyễn Văn An\n\nGhi chú cuối trang")
    assert find_recipients(from_text(text))[0] == ["Sở Nội vụ", "Sở Tư pháp"]


def test_the_list_is_the_main_text_s_not_an_attached_draft_s() -> None:
    main = ("ỦY BAN NHÂN DÂN\nSố: 9/TTr-UBND\nTỜ TRÌNH\nKính gửi: Hội đồng nhân dân tỉnh\nNội dung.\n"
            "Kvi nhận:\tKT. CHỦ TỊCH\n- Như trên;\tPHÓ CHỦ TỊCH\n- Thường trực Tỉnh ủy;\n- Lưu: VT.\tTrần Hoàng Tuấn")
    draft = ("HỘI ĐỒNG NHÂN DÂN\nDỰ THẢO\nNGHỊ QUYẾT\nNội dung.\nNơi nhận:\tCHỦ TỊCH\n- UBTV Quốc hội;\n"
             "- Lưu: VT.\tBùi Thị Quỳnh Vân")
    view = from_text(main + "\f" + draft)
    assert find_recipients(view)[0] == ["Hội đồng nhân dân tỉnh", "Thường trực Tỉnh ủy"]
    from congvan.extractors.signer import find_signer
    assert find_signer(view)[:2] == ("Trần Hoàng Tuấn", "Phó Chủ tịch")


def test_undashed_kinh_gui_entries_of_one_kind_and_the_body_after_them() -> None:
    text = ("Kính gửi: Cổng thông tin điện tử Quốc gia về Đấu giá tài sản\nCổng thông tin điện tử Sở Y tế Bắc Ninh\n"
            "Căn cứ Luật đấu giá tài sản số 01/2016/QH14;\n")
    assert find_recipients(from_text(text))[0] == ["Cổng thông tin điện tử Quốc gia về Đấu giá tài sản",
                                                   "Cổng thông tin điện tử Sở Y tế Bắc Ninh"]
    text = ("Kính gửi: Sở Nội vụ\nSở Thông tin và Truyền thông nhận được Công văn số 12/SNV-VP ngày 3/1/2024 về việc\n")
    assert find_recipients(from_text(text))[0] == ["Sở Nội vụ"]


def test_a_dash_line_may_name_several_bodies_each_closed_by_its_semicolon() -> None:
    text = ("Nơi nhận:\n- Văn phòng Chính phủ;\n- TT Tỉnh ủy; TT HĐND tỉnh;\n- UBND các huyện; thành phố;\n"
            "- Lưu: VT.")
    got, _ = find_recipients(from_text(text))
    assert got == ["Văn phòng Chính phủ", "TT Tỉnh ủy", "TT HĐND tỉnh", "UBND các huyện"]


def test_nơi_nhận_with_words_after_it_is_a_sentence_of_the_body_not_the_label() -> None:
    text = ("Hạn nộp: từ ngày 12/9/2025 đến hết ngày 28/9/2025.\n"
            "Nơi nhận hồ sơ: 126 phố Xốm, phường Phú Lương, thành phố Hà Nội.\n"
            "Đề nghị sinh viên thực hiện./.\n"
            "Nơi nhận:\tTL. HIỆU TRƯỞNG\n- Các khoa quản lý SV, CVHT;\n- CBL các lớp, SV các khóa;\n- Lưu: VT, CTSV.")
    got, _ = find_recipients(from_text(text))
    assert got == ["Các khoa quản lý SV, CVHT", "CBL các lớp, SV các khóa"]


def test_a_kinh_gui_list_whose_label_a_stamp_covered_is_read_by_its_shape() -> None:
    head = ("THỦ TƯỚNG CHÍNH PHỦ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 464/TTg-CĐS\tHà Nội, ngày 30 tháng 4 năm 2026\n"
            "V/v triển khai các Nghị quyết cắt giảm,\nđơn giản hóa TTHC, ĐKKD\n")
    covered = head + ("¡ ổNG GỒNG THÔNG TIN ĐIỆN TỬ\t- Bộ trưởng, Thủ trưởng cơ quan ngang Bộ; „\n"
                      "- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố.\n"
                      "_ Triển khai Kết luận số 18-KL/TW ngày 02 tháng 4 năm 2026 của Ban Chấp hành\n")
    got, _ = find_recipients(from_text(covered))
    assert got == ["Bộ trưởng, Thủ trưởng cơ quan ngang Bộ", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"]
    body_dash = head + "- Triển khai Kết luận số 18-KL/TW ngày 02 tháng 4 năm 2026 của Ban Chấp hành\nTrung ương"
    assert find_recipients(from_text(body_dash))[0] == []          # a paragraph, not a list


def test_a_speck_before_the_dash_and_a_damaged_label_keep_the_list() -> None:
    """"ơi HÌiận:" before "- Như trên" is the Nơi nhận label; ".- CVP" is an entry, its speck
    left out; a garbled entry between two entries is passed over."""
    text = ("Nơi nhận gửi văn bản đúng hạn.\nơi HÌiận:\tTL. CHỦ TỊCH\n~ Như trên;\tCHÁNH VĂN PHÒNG\n"
            "Ẩ €T; cáo PCT;\n.- CVP, PVP (để b/c);\n- Lưu: VT, KSTTHC.\n\tTrần Thị Thu Hương")
    assert find_recipients(from_text(text))[0] == ["CVP, PVP"]
