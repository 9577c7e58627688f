from __future__ import annotations

import pytest

from congvan.extractors.signer import find_signer
from congvan.extractors.view import from_text


@pytest.mark.parametrize(("block", "name", "title", "authority"), [
    ("Nơi nhận:\tT/M BAN THƯỜNG VỤ\n- Như trên,\tPHÓ BÍ THƯ THƯỜNG TRỰC\n- Lưu VP.\nLê Văn Hiệu",
     "Lê Văn Hiệu", "Phó Bí thư Thường trực", "TM."),
    ("Nơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- Như trên;\tKT. CHỦ TỊCH\n- Lưu: VT.\tPHÓ CHỦ TỊCH\nTrần Văn Minh",
     "Trần Văn Minh", "Phó Chủ tịch", "KT."),
    ("Nơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- Như trên;\tCHỦ TỊCH\n- Lưu: VT.\nNguyễn Thị Hòa", "Nguyễn Thị Hòa",
     "Chủ tịch", "TM."),
    ("Nơi nhận:\tKT. BỘ TRƯỞNG\n- Sở Thông tin và Truyền thông;\tTHỨ TRƯỞNG\n- Lưu: VT, BTTTT.\nBùi Thanh Bình",
     "Bùi Thanh Bình", "Thứ trưởng", "KT."),
    ("Nơi nhận:\tT/M BAN THƯỜNG VỤ\n- Như trên;\tPHÓ BÍ THƯ\nĐỗ Đức Giang", "Đỗ Đức Giang", "Phó Bí thư", "TM."),
    ("Nơi nhận:\tTL. BỘ TRƯỞNG\n- Lưu: VT.\tCHÁNH VĂN PHÒNG\nLý Thị Lan", "Lý Thị Lan", "Chánh Văn phòng", "TL."),
    ("Nơi nhận:\tGIÁM ĐỐC\n- Như trên;\n- Lưu: VT.\nNGUYỄN VĂN AN", "Nguyễn Văn An", "Giám đốc", None),
    ("Nơi nhận:\tKT. BỘ TRƯỞNG\n- Như trên;\tTHỨ TRƯỞNG\n- Lưu: VT, A05.\tThượng tướng Lương Tam Quang",
     "Lương Tam Quang", "Thứ trưởng", "KT."),
    ("Nơi nhận:\tGIÁM ĐỐC\n- Như thành phần mời;\n- Lưu: VT.\t(Đã ký)\nHoàng Thị Ý", "Hoàng Thị Ý", "Giám đốc", None),
    # columns run together (another OCR's text): the signer column is the caps tail of each line
    ("Nơi nhận: KT. CHỦ TỊCH\n- Như trên; PHÓ CHỦ TỊCH\n- Lưu: VT, KGVX.\nPhạm Quang Hải", "Phạm Quang Hải",
     "Phó Chủ tịch", "KT."),
])
def test_signer_block(block: str, name: str, title: str, authority: str | None) -> None:
    got_name, got_title, got_auth, _, conf = find_signer(from_text("Kính gửi: Sở Nội vụ\n\nNội dung.\n" + block))
    assert (got_name, got_title, got_auth) == (name, title, authority)
    assert conf >= 0.8


def test_no_signer_block() -> None:
    name, title, authority, _, conf = find_signer(from_text("Just a few words of text."))
    assert (name, title, authority) == (None, None, None) and conf == 0.0


def test_columns_laid_out_with_spaces() -> None:
    # text from pdftotext -layout or Tesseract's preserve_interword_spaces: runs of spaces, no tabs
    text = ("Nơi nhận:                                  KT. BỘ TRƯỞNG\n"
            "- Như trên;                                THỨ TRƯỞNG\n"
            "- Bộ trưởng (để b/c);\n"
            "- Lưu: VT, CATTT.                          Phạm Đức Long\n")
    name, title, authority, _, _ = find_signer(from_text(text))
    assert (name, title, authority) == ("Phạm Đức Long", "Thứ trưởng", "KT.")



@pytest.mark.parametrize("written", ["TS. Nguyễn Văn An", "PGS.TS. Nguyễn Văn An", "ThS Nguyễn Văn An"])
def test_an_academic_degree_is_no_part_of_the_name(written: str) -> None:
    view = from_text(f"Nơi nhận:\tKT. GIÁM ĐỐC\n- Như trên;\tPHÓ GIÁM ĐỐC\n- Lưu: VT.\n\t{written}")
    assert find_signer(view)[0] == "Nguyễn Văn An"


@pytest.mark.parametrize(("block", "title", "authority"), [
    # a black seal's ring across the title (G4 scans): the T of KT. read as Ĩ, letters lost
    ("Nơi nhận:\tKĩ. @G ÁM ĐỐC\n- Như trên;\tHÓ {MĐỐC\n- Lưu: VT.\nHồ Hữu Hải", "Phó Giám đốc", "KT."),
    ("Nơi nhận:\tKI. CHỦ TỊCH\n- Như trên;\tPHÓ CHỦ TỊCH\n- Lưu: VT.\nHồ Hữu Hải", "Phó Chủ tịch", "KT."),
    ("Nơi nhận:\tGIẾM ĐỐC\n- Như trên;\n- Lưu: VT.\nPhạm Anh Hải", "Giám đốc", None),
])
def test_a_title_snapped_or_inferred_is_flagged_for_checking(block: str, title: str, authority: str) -> None:
    _, got_title, got_auth, _, conf = find_signer(from_text("Nội dung.\n" + block))
    assert (got_title, got_auth) == (title, authority)
    as_read = "PHÓ CHỦ TỊCH" in block
    assert conf == (0.9 if as_read else 0.75)


def test_a_deputy_is_not_read_from_debris_but_inferred_from_kt_to_be_checked() -> None:
    # under KT. a caps line that is not "Phó" + the head's title, even garbled, is no title; the
    # KT. line names the head, and its deputy signs (NĐ 30 Điều 13): the deputy's title, at 0.5
    _, title, authority, _, conf = find_signer(from_text("Nội dung.\nNơi nhận:\tKT. GIÁM ĐỐC\n- Như trên;\tHTX\n"
                                                         "- Lưu: VT.\nHồ Hữu Hải"))
    assert (title, authority, conf) == ("Phó Giám đốc", "KT.", 0.5)
    # the title line lost under the seal and signature ("6 B", "Kê" read there)
    block = "Nơi nhận:\tTM. UỶ BAN NHÂN DÂN\n- Sở Tài chính;\tKT. CHU TỊCH\n- Lưu: VT, VX.\t6 B\n\tKê\nĐặng Thị Lan"
    assert find_signer(from_text("Nội dung.\n" + block))[1:3] == ("Phó Chủ tịch", "KT.")
    block = "Nơi nhận:\tKT. BỘ TRƯỞNG\n- Như trên;\n- Lưu: VT.\nBùi Thanh Bình"
    assert find_signer(from_text("Nội dung.\n" + block))[1] == "Thứ trưởng"
    # TL. and TUQ. name the head too, but which unit's head signs is not said: no title
    for prefix in ("TL.", "TUQ."):
        block = f"Nơi nhận:\t{prefix} BỘ TRƯỞNG\n- Như trên;\n- Lưu: VT.\nLý Thị Lan"
        assert find_signer(from_text("Nội dung.\n" + block))[1:3] == (None, prefix)


def test_the_signer_is_on_the_last_page_with_a_signer_block_not_on_an_annex() -> None:
    from congvan.extractors.signer import find_signer
    from congvan.extractors.view import from_text

    text = ("Nơi nhận:\tKT. HIỆU TRƯỞNG\n- Như trên;\tPHÓ HIỆU TRƯỞNG\n- Lưu: VT, ĐT.\n\tNguyễn Văn An\f"
            "Phụ lục 1\nLỊCH HỌC CÁC LỚP\nTT\tLớp\tPhòng\n1\tD20-01\tA101\n2\tD20-02\tA102")
    name, title, authority, _, _ = find_signer(from_text(text))
    assert (name, title, authority) == ("Nguyễn Văn An", "Phó Hiệu trưởng", "KT.")


@pytest.mark.parametrize(("caps", "title"), [
    ("TRƯỞNG PHÒNG CTSV", "Trưởng phòng CTSV"),                         # a known title, then its unit
    ("__ PHÓ TRƯỞNG PHÒNG PHỤ TRÁCH", "Phó Trưởng phòng phụ trách"),   # a rule's debris before it
    ("CHỦ TỊCH UBND TỈNH", "Chủ tịch UBND tỉnh"),
])
def test_a_known_title_with_more_after_it(caps: str, title: str) -> None:
    from congvan.extractors.signer import title_case
    assert title_case(caps) == title


def test_the_title_may_stand_above_the_noi_nhan_row() -> None:
    from congvan.extractors.signer import find_signer
    text = ("Kính trình Hội đồng nhân dân tỉnh xem xét, quyết định./.\nCHỦ TỊCH\nNơi nhận:\n- Như trên;\n"
            "- TT Tỉnh ủy;\n- VP Đoàn ĐBQH và HĐND tỉnh;\tNguyễn Hoàng Giang\n- Lưu: VT, NC.")
    assert find_signer(from_text(text))[:2] == ("Nguyễn Hoàng Giang", "Chủ tịch")
    # a long body line in capitals above the label is not the title
    text = ("ĐỀ NGHỊ CÁC CƠ QUAN, ĐƠN VỊ THỰC HIỆN NGHIÊM TÚC NỘI DUNG TRÊN\nNơi nhận:\n- Như trên;\n"
            "- Lưu: VT.\tNguyễn Văn An")
    assert find_signer(from_text(text))[1] is None


def test_a_surname_s_marks_are_put_back_when_its_letters_name_one_surname() -> None:
    from congvan.extractors.signer import mended_name
    assert mended_name("Định Hữu Nghĩa") == "Đinh Hữu Nghĩa"           # "Định" is no surname
    assert mended_name("Trần Hoàng Tuần") == "Trần Hoàng Tuần"        # given names are left as read
    assert mended_name("Hạ Bá Chân") == "Hạ Bá Chân"                   # a known surname as read
    assert mended_name("Lê Văn Hòa") == "Lê Văn Hòa"                   # "Hoa" and "Hòa": both names, as read
    assert mended_name("Lê Văn Hoà") == "Lê Văn Hoà"


def test_without_a_noi_nhan_the_first_page_with_a_prefixed_block_is_the_document_s() -> None:
    from congvan.extractors.signer import find_signer
    first = ("QUYẾT ĐỊNH\nĐiều 3: Các ông thi hành Quyết định này.\n\tT/M UBND TỈNH\n- Như điều 3\tXK/T CHỦ TỊCH\n"
             "- Lưu VT\tPHÓ CHỦ TỊCH\n\tNông Văn Nghiệp")
    attached = "PHIẾU TRÌNH DUYỆT\nNội dung.\n\tTM. ỦY BAN NHÂN DÂN\n\tCHỦ TỊCH\n\tTrần Văn Minh"
    assert find_signer(from_text(first + "\f" + attached))[:3] == ("Nông Văn Nghiệp", "Phó Chủ tịch", "KT.")


def test_a_title_word_ocr_split_before_its_marked_vowel_is_joined() -> None:
    from congvan.extractors.signer import title_case

    assert title_case("TR ƯỞNG PHÒNG CTSV") == "Trưởng phòng CTSV"
    assert title_case("PH Ó CHỦ TỊCH") == "Phó Chủ tịch"
    assert title_case("CHỦ TỊCH UBND") == "Chủ tịch UBND"           # an abbreviation is left alone


def test_the_authority_with_no_space_after_its_dot() -> None:
    text = ("đề nghị các đơn vị thực hiện./.\nTL.HIỆU TRƯỞNG\nNơi nhận:\tTRƯỞNG PHÒNG ĐÀO TẠO\n- Phòng: KHTC, CTSV;\n"
            "- Lưu: VT, ĐT.\n\tTrịnh Văn Toàn")
    name, title, authority, _, _ = find_signer(from_text(text))
    assert (name, authority) == ("Trịnh Văn Toàn", "TL.") and title is not None and title.startswith("Trưởng phòng")


@pytest.mark.parametrize(("caps", "title"), [
    ("74K&ƯỚNG ?HÒNG ĐÀO TẠO", "Trưởng phòng đào tạo"),       # a seal's ink over "TRƯỞNG PHÒNG"
    ("PH0 CHU T!CH", "Phó Chủ tịch"),
    ("*HÓ GIÁM Đ0C", "Phó Giám đốc"),
])
def test_a_title_a_seal_damaged_is_mended_from_its_first_words(caps: str, title: str) -> None:
    from congvan.extractors.signer import title_case
    assert title_case(caps) == title


@pytest.mark.parametrize("debris", ["ĐẠIH., }", "Ñ ĐIỆN”", "qƯỜNG", "ĐÀ LẠT 7&",
                                    "ì›:YỦ TƯỚNG"])       # Hiệu trưởng or Thủ tướng: as near, so neither
def test_a_seal_s_ring_read_into_the_block_is_no_title(debris: str) -> None:
    from congvan.extractors.signer import title_case
    assert title_case(debris) is None


def test_a_surname_ocr_broke_after_its_capital_is_joined() -> None:
    text = ("Đề nghị các đơn vị thực hiện./.\nTL.HIỆU TRƯỞNG\nNơi nhận:\t74K&ƯỚNG ?HÒNG ĐÀO TẠO\n"
            "- Phòng: KHTC, CTSV;\n- Lưu: VT, ĐT.\nT, 1rịnh Văn Toàn")
    assert find_signer(from_text(text))[:3] == ("Trịnh Văn Toàn", "Trưởng phòng đào tạo", "TL.")
    # two pieces that make no surname stay apart (and are no name)
    text = "Đề nghị thực hiện./.\nGIÁM ĐỐC\nNơi nhận:\n- Lưu: VT.\nX, 1ong Văn Toàn"
    assert find_signer(from_text(text))[0] is None


@pytest.mark.parametrize("junk", ["VĂN PHI ÒNG", "CHỦ TI CH", "GIÁM ĐÔC"])
def test_a_title_broken_apart_is_no_name(junk: str) -> None:
    """Caps letters that are a title's words read apart are not a name, though "Văn", "Chu", … are
    surnames; a caps name stays a name."""
    from congvan.extractors.signer import _title_letters

    assert _title_letters(junk)
    assert not _title_letters("VĂN ĐÌNH PHONG") and not _title_letters("CHU VĂN AN")
    text = ("Nơi nhận:\tTL. CHỦ TỊCH\n- Như trên;\tCHÁNH VĂN PHÒNG\n- Lưu: VT.\n\tTrần Thị Thu Hương\n"
            f"\tL.CHỦ TỊCH\n\t{junk}")
    assert find_signer(from_text(text))[0] == "Trần Thị Thu Hương"
