from __future__ import annotations

import pytest

from extractors.signer import find_signer
from extractors.view import from_text


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
