from __future__ import annotations

from datetime import date

import pytest

from congvan.extractors.dates import expand_year, find_place_date, parse_long_date
from congvan.extractors.view import from_text


@pytest.mark.parametrize(("line", "place", "when"), [
    ("Bắc Ninh, ngày 05 tháng 01 năm 2020", "Bắc Ninh", date(2020, 1, 5)),
    ("Hải Dương, ngày 1 tháng 8 năm 2016", "Hải Dương", date(2016, 8, 1)),           # no leading zeros
    ("Hai Duong, ngay 3 thang 4 nam 2O17", "Hải Dương", date(2017, 4, 3)),  # accents lost (gazetteer), O for 0
    ("SỞ NỘI VỤ Bắc Ninh, ngàу 0l tháng O9 năm 2O17", "Bắc Ninh", date(2017, 9, 1)),  # Cyrillic у, header spill
    ("Hải Dương, ngày 5 tháng 01 năm 20 23", "Hải Dương", date(2023, 1, 5)),             # the year split by OCR
    ("Hải Dương, ngày 5 tháng 1 nărn 2024", "Hải Dương", date(2024, 1, 5)),               # m read as rn
    ("Hải Dương, ngày 5 thárig 1 năm 2024", "Hải Dương", date(2024, 1, 5)),               # n read as ri
    ("TP Hồ Chí Minh, ngày 3 tháng 4 năm 2024", "Thành phố Hồ Chí Minh", date(2024, 4, 3)),
    ("TP.Hồ Chí Minh, ngày 3 tháng 4 năm 2024", "Thành phố Hồ Chí Minh", date(2024, 4, 3)),
    ("Số: 25/CT-UBND\tBà Rịa - Vũng Tàu, ngày 12 tháng 3 năm 2019", "Bà Rịa - Vũng Tàu", date(2019, 3, 12)),
    ("Số: 332/CT-BTTTT __ Hà Nội, ngày 19 tháng 9 năm 2011", "Hà Nội", date(2011, 9, 19)),
    ("TP. Hồ Chí Minh, ngày 5 tháng 6 năm 2019", "Thành phố Hồ Chí Minh", date(2019, 6, 5)),
    ("Thừa Thiên Huế, ng ày 20 tháng 10 năm 2018", "Thừa Thiên Huế", date(2018, 10, 20)),
])
def test_place_and_date(line: str, place: str, when: date) -> None:
    got_place, got_date, conf = find_place_date(from_text(f"ỦY BAN NHÂN DÂN\n{line}"))
    assert (got_place, got_date) == (place, when)
    assert conf >= 0.9


def test_impossible_date_is_refused_not_guessed() -> None:
    place, when, conf = find_place_date(from_text("Hà Nội, ngày 31 tháng 2 năm 2020"))
    assert place == "Hà Nội" and when is None and conf < 0.5


def test_unfilled_template_is_missing() -> None:
    assert parse_long_date("Hà Nội, ngày … tháng … năm …")[0] is None
    assert find_place_date(from_text("Hà Nội, ngày    tháng    năm 2020"))[1] is None


def test_two_digit_year_never_before_the_document() -> None:
    assert expand_year(19, date(2019, 3, 8)) == 2019
    assert expand_year(99, date(1999, 12, 30)) == 1999
    assert expand_year(1, date(2000, 12, 30)) == 2001


def test_single_column_ocr_puts_the_date_after_the_vv_lines() -> None:
    text = ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG\nCỤC AN TOÀN THÔNG TIN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 1552/CATTT-NCSC\nV/v cảnh báo lỗ hổng bảo mật ảnh hưởng cao\n"
            "và nghiêm trọng trong các sản phẩm Microsoft\nHà Nội, ngày 14 tháng 7 năm 2021\nKính gửi:")
    assert find_place_date(from_text(text))[:2] == ("Hà Nội", date(2021, 7, 14))


def test_a_date_whose_place_and_ngay_were_lost_is_read_less_sure() -> None:
    view = from_text("UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "Số: 247 /SKHĐT-TH VĂN |/790777171T0) 31 tháng 5 năm 2021\nV/v mua sắm tài sản")
    assert find_place_date(view) == (None, date(2021, 5, 31), 0.5)
    body = from_text("UBND TỈNH HẢI DƯƠNG\nKính gửi: Sở Nội vụ\nLuật số 41 ngày 23 tháng 11 năm 2009")
    assert find_place_date(body) == (None, None, 0.0)


@pytest.mark.parametrize(("issuer", "place"), [
    ("Sở Nội vụ tỉnh Hải Dương", "Hải Dương"), ("Ủy ban nhân dân huyện Gia Lộc", "Gia Lộc"),
    ("Ban Tuyên giáo Tỉnh ủy Bắc Ninh", "Bắc Ninh"), ("Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("Bộ Thông tin và Truyền thông", None), ("Công an tỉnh", None), (None, None),
])
def test_a_local_bodys_place_is_its_own_unit(issuer: str | None, place: str | None) -> None:
    from congvan.extractors.dates import place_of_issuer

    assert place_of_issuer(issuer) == place


def test_an_unreadable_place_is_the_issuers_unit_and_flagged() -> None:
    from congvan.extractors.extract import extract

    view = from_text("UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc\n"
                     "Số: 1281 /TB-SNV TẠM HÀ “DƯƠNG ÁP ĐNô:\t, ngày 12 tháng 6 năm 2015\nTHÔNG BÁO\nNâng cấp")
    got = extract(view)
    assert (got.document.place, got.document.date) == ("Hải Dương", "2015-06-12")
    assert got.confidence["document.place"] <= 0.5


@pytest.mark.parametrize(("line", "expected"), [
    ("Số: 12/SYT-VP\tHải Dương, ngày 15/3/2024", ("Hải Dương", date(2024, 3, 15))),      # numeric, as written
    ("Số: 12/SYT-VP\tHải Dương, ngàyl0 tháng3 năm2024", ("Hải Dương", date(2024, 3, 10))),  # words run together
    ("Ngày 08/8/2023, Microsoft đã phát hành bản vá", (None, None)),                       # a body's opening
])
def test_place_date_forms_seen_in_real_mail(line: str, expected: tuple[str | None, date | None]) -> None:
    view = from_text(f"SỞ Y TẾ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{line}\nV/v abc")
    assert find_place_date(view)[:2] == expected


def test_a_date_after_a_cited_ký_hiệu_is_that_documents_not_the_headers() -> None:
    from congvan.extractors.dates import place_date_row
    from congvan.extractors.view import from_text

    garbled = from_text("CỤNG IIĐA XÃ MỚI\nĐộc lập - fv lh phú\nnh ti,\tLÄ6 (hông 4 năm 2020\n"
                        "N0-CP ngày (9 tháng 4 năm 2020\nKính gửi: Chủ tịch UBND các xã")
    assert place_date_row(garbled) is None
    own = from_text("SỞ NỘI VỤ\nSố: 1281/TB-SNV ngày 12 tháng 6 năm 2015\nTHÔNG BÁO")
    assert place_date_row(own) == 1                  # the header's own number line run into its date
