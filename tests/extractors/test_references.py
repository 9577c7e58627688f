from __future__ import annotations

import pytest

from congvan.extractors.extract import extract
from congvan.extractors.references import find_references
from congvan.extractors.view import from_text
from tests.extractors.test_view import FIRST, SECOND


@pytest.mark.parametrize(("text", "ref"), [
    ("Căn cứ Chỉ thị số 17/2008/CT-TTg ngày 05 tháng 6 năm 2008 của Thủ tướng Chính phủ về việc",
     {"number": "17/2008/CT-TTg", "type": "Chỉ thị", "date": "2008-06-05", "issuer": "Thủ tướng Chính phủ"}),
    ("Thực hiện Quyết định số 99-QĐ/TW ngày 03 tháng 10 năm 2017 của Ban Chấp hành Trung ương ban hành",
     {"number": "99-QĐ/TW", "type": "Quyết định", "date": "2017-10-03", "issuer": "Ban Chấp hành Trung ương"}),
    ("Căn cứ Nghị quyết số 01a/NQ-HĐND của Hội đồng nhân dân tỉnh về kế hoạch",
     {"number": "01a/NQ-HĐND", "type": "Nghị quyết", "date": None, "issuer": "Hội đồng nhân dân tỉnh"}),
    ("Quyết định của Bộ Chính trị số 31-QĐ/TW, ngày 01-10-1997",
     {"number": "31-QĐ/TW", "type": "Quyết định", "date": "1997-10-01", "issuer": None}),
    ("Công văn số 2457/UBND-VX ngày 29 tháng 05 năm 2012 của Ủy ban nhân dân tỉnh Bắc Ninh",
     {"number": "2457/UBND-VX", "type": "Công văn", "date": "2012-05-29",
      "issuer": "Ủy ban nhân dân tỉnh Bắc Ninh"}),
    ("Căn cứ Luật Viễn thông số 41/2009/QHI2 ngày 23/11/2009", {"number": "41/2009/QH12", "type": "Luật",
                                                                "date": "2009-11-23", "issuer": None}),
    ("Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị", {"number": "01-KL/TW", "type": "Kết luận",
                                                              "date": "2021-05-18", "issuer": "Bộ Chính trị"}),
    # the number typed into a blank; OCR's letters for digits in the date
    ("Thực hiện Công văn số 1234 /BTTTT-CATTT ngày 3/1/2024 của Bộ TT&TT",
     {"number": "1234/BTTTT-CATTT", "type": "Công văn", "date": "2024-01-03",
      "issuer": "Bộ Thông tin và Truyền thông"}),
    ("Thực hiện Quyết định số 2519/QĐ-UBND ngày l0/12/2O23 của UBND tỉnh Hải Dương",
     {"number": "2519/QĐ-UBND", "type": "Quyết định", "date": "2023-12-10",
      "issuer": "Ủy ban nhân dân tỉnh Hải Dương"}),
    # abbreviations after "của", the body's locality, the office holder who signed it
    ("theo Công văn số 45/STTTT-VP ngày 3/2/2023 của Sở TT&TT tỉnh Hải Dương",
     {"number": "45/STTTT-VP", "type": "Công văn", "date": "2023-02-03",
      "issuer": "Sở Thông tin và Truyền thông tỉnh Hải Dương"}),
    ("Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh về việc",
     {"number": "12/KH-UBND", "type": "Kế hoạch", "date": "2024-01-05", "issuer": "Ủy ban nhân dân tỉnh"}),
    ("Quyết định số 1234/QĐ-UBND ngày 5/6/2023 của Chủ tịch UBND tỉnh Hải Dương",
     {"number": "1234/QĐ-UBND", "type": "Quyết định", "date": "2023-06-05",
      "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Hải Dương"}),
    ("Quyết định số 12/QĐ-BTTTT của Bộ trưởng Bộ Thông tin và Truyền thông ban hành",
     {"number": "12/QĐ-BTTTT", "type": "Quyết định", "date": None,
      "issuer": "Bộ trưởng Bộ Thông tin và Truyền thông"}),
])
def test_citation_forms(text: str, ref: dict) -> None:  # type: ignore[type-arg]
    refs, _ = find_references(from_text(text), None)
    assert refs == [ref]


def test_own_number_and_plain_dates_are_not_citations() -> None:
    text = ("Số: 25/CT-UBND\tBắc Ninh, ngày 04 tháng 9 năm 2017\nCăn cứ Nghị định số 85/2016/NĐ-CP ngày\n"
            "01/7/2016 của Chính phủ; báo cáo trước ngày 21/9/2017.")
    refs, _ = find_references(from_text(text), "25/CT-UBND")
    assert [r["number"] for r in refs] == ["85/2016/NĐ-CP"]
    assert refs[0]["date"] == "2016-07-01"          # the citation wrapped across lines


def test_repeated_citation_is_one_entry_with_all_it_says() -> None:
    text = "theo Chỉ thị 05-CT/TW; thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị"
    refs, _ = find_references(from_text(text), None)
    assert refs == [{"number": "05-CT/TW", "type": "Chỉ thị", "date": "2016-05-15", "issuer": "Bộ Chính trị"}]


def test_an_echoed_dj_on_ubnd_is_put_right() -> None:
    got, _ = find_references(from_text("Thực hiện Công văn số 45/UBNĐ-VP ngày 3/2/2023 của UBND tỉnh"), None)
    assert [r["number"] for r in got] == ["45/UBND-VP"]


def test_ocr_letters_in_the_number() -> None:
    refs, _ = find_references(from_text("Căn cứ Chỉ thị số O5/2014/CT-UBND ngày 02/04/2014 của Ủy ban nhân dân tỉnh"),
                              None)
    assert refs[0]["number"] == "05/2014/CT-UBND" and refs[0]["date"] == "2014-04-02"


def test_ocr_echoes_and_split_years_in_cited_numbers() -> None:
    text = ("Căn cứ Nghị định số 25/201 1/NĐ-CP ngày 06/04/2011 của Chính phủ; Căn cứ Quyết định số 99-QĐÐ/TW "
            "ngày 03-10-2017 của Ban Chấp hành Trung ương; Căn cứ Nghị quyết số 01a/NÑQ-HĐND ngày 12/7/2019; "
            "Căn cứ Luật số 49/2010/QHI2.")
    refs, _ = find_references(from_text(text), None)
    assert [r["number"] for r in refs] == ["25/2011/NĐ-CP", "99-QĐ/TW", "01a/NQ-HĐND", "49/2010/QH12"]
    assert refs[0]["date"] == "2011-04-06" and refs[1]["issuer"] == "Ban Chấp hành Trung ương"


def test_a_split_that_is_no_year_is_left_alone() -> None:
    refs, _ = find_references(from_text("Căn cứ Công văn số 12/345 6/UBND."), None)
    assert all(r["number"] != "12/3456/UBND" for r in refs)


def test_a_code_one_letter_off_its_written_issuers_code_is_that_code() -> None:
    from congvan.extractors.references import code_of_issuer

    assert code_of_issuer("17/2008/CT-TTE", "Thủ tướng Chính phủ") == "17/2008/CT-TTg"
    assert code_of_issuer("14/CT-TTeg", "Thủ tướng Chính phủ") == "14/CT-TTg"
    assert code_of_issuer("25/2011/NĐ-CF", "Chính phủ") == "25/2011/NĐ-CP"
    # two letters off, another body's code, or no issuer written: left as read
    assert code_of_issuer("12/QĐ-UBND", "Chính phủ") == "12/QĐ-UBND"
    assert code_of_issuer("17/2008/CT-TTE", None) == "17/2008/CT-TTE"
    assert code_of_issuer("99-QĐ/TVV", "Ban Chấp hành Trung ương") == "99-QĐ/TVV"


def test_a_code_read_with_d_takes_the_dj_it_has_elsewhere_and_a_cut_citation_goes() -> None:
    from congvan.extractors.references import find_references
    from congvan.extractors.view import from_text

    text = ("BỘ CÔNG THƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 2164/TB-ĐHĐL\tHà Nội, ngày 4 tháng 9 năm 2025\n"
            "Căn cứ Kế hoạch số 2033/KH-DHĐL ngày 21/8/2025 của Trường; Nghị quyết số 27/2017/NQ-HĐND\n"
            "ngày 14/7/2017; bãi bỏ Nghị quyết số 27/2017/NQ\n-HĐND như trên; Quyết định số 15/QĐ-DHQG.")
    numbers = [r["number"] for r in find_references(from_text(text), "2164/TB-ĐHĐL")[0]]
    assert numbers == ["2033/KH-ĐHĐL", "27/2017/NQ-HĐND", "15/QĐ-DHQG"]


@pytest.mark.parametrize(("text", "number"), [
    # a ký hiệu broken at the line's end, or with OCR's gap or an echoed hyphen after its hyphen
    ("gửi Sở Tư pháp thẩm định tại Báo cáo số 312/BC-\nSTP ngày 27/11/2024. Trên cơ sở", "312/BC-STP"),
    ("tại Tờ trình số 38/TTr-\nSGDĐT ngày 03/01/2025; và ý kiến", "38/TTr-SGDĐT"),
    ("Thông báo số 185/TB- VPCP ngày 14/04/2026 của Văn phòng", "185/TB-VPCP"),
    ("các Quyết định số: 1743/QĐ- -BGTVT ngày 31/12/2024", "1743/QĐ-BGTVT"),
    # a Party number with a gap after its hyphen; an echoed slash
    ("thực hiện nghiêm Quy định số 08- QĐ/TW ngày 25/10/2018 của", "08-QĐ/TW"),
    ("Căn cứ Quyết định số 5959//QĐ-BVT ngày 21/9/2021 của Giám đốc", "5959/QĐ-BVT"),
    # a body's code with a letter echoed
    ("theo Công văn số 174/HĐĐND-VHXH ngày 11/10/2024", "174/HĐND-VHXH"),
    ("theo Công văn số 52/ĐĐBQH-VP ngày 11/10/2024", "52/ĐĐBQH-VP"),     # a code of its own
    # "Số:" after a type name cites that document, even at a line's start
    ("giao tại Chỉ thị\nSố: 16/CT-TTg ngày 20/5/2024 của Thủ tướng Chính phủ", "16/CT-TTg"),
])
def test_numbers_ocr_and_the_line_broke(text: str, number: str) -> None:
    assert [r["number"] for r in find_references(from_text(text), None)[0]] == [number]


@pytest.mark.parametrize("text", [
    "Quyết định số 12/QĐ-\nngày 3/1/2024",          # the next line is a sentence's word, not a code
    "theo Công văn số 12/QĐ-UBND\nSở Nội vụ chủ trì",
])
def test_a_word_after_a_line_break_is_not_a_code(text: str) -> None:
    numbers = [r["number"] for r in find_references(from_text(text), None)[0]]
    assert all("Sở" not in n and "ngày" not in n for n in numbers)


def test_a_citation_read_twice_one_letter_apart_is_one_with_what_both_say() -> None:
    text = ("Căn cứ Công văn số 1899/SGDĐT-CTrTT ngày 24/7/2020 về việc; các đơn vị thực hiện Công văn\n"
            "số 1899/SGDĐT-CTTTT của Sở Giáo dục; Quyết định số 1743/QĐ-BGTVT, 1744/QĐ-BGTYVT ngày\n"
            "31/12/2024; Quyết định số 1744/QĐ-BGTVT; Nghị định số 12/2019/NĐ-CP và số 12/2018/NĐ-CP.")
    refs = find_references(from_text(text), None)[0]
    assert [r["number"] for r in refs] == ["1899/SGDĐT-CTrTT", "1743/QĐ-BGTVT", "1744/QĐ-BGTVT",
                                           "12/2019/NĐ-CP", "12/2018/NĐ-CP"]
    assert refs[0]["date"] == "2020-07-24" and refs[2]["date"] == "2024-12-31"


def test_the_own_number_read_in_part_on_its_line_is_no_citation() -> None:
    from congvan.extractors.references import find_references
    from congvan.extractors.view import from_text

    text = ("BỘ CÔNG THƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "TRƯỜNG ĐẠI HỌC ĐIỆN LỰC\tĐộc lập - Tự do - Hạnh phúc\n"
            "Sóz2⁄⁄6/TB-ĐHĐL\tHà Nội, ngày 29 tháng 8 năm 2025\nTHÔNG BÁO\n"
            "Về việc nộp hồ sơ miễn, giảm học phí, hỗ trợ kinh phí học tập\n"
            "học kỳ I năm học 2025-2026 cho sinh viên khóa D20\n"
            "Thực hiện Nghị định 81/2021/NĐ-CP ngày 27 tháng 8 năm 2021 và Thông báo số 116/TB-ĐHĐL.")
    got = [r["number"] for r in find_references(from_text(text), "2116/TB-ĐHĐL")[0]]
    assert got == ["81/2021/NĐ-CP", "116/TB-ĐHĐL"]                  # cited in the body: kept


def test_a_later_dispatchs_citations_are_not_the_documents() -> None:
    refs, _ = find_references(from_text(FIRST + "\f" + SECOND), "125/UBND-KT")
    assert [r["number"] for r in refs] == ["63/2010/NĐ-CP"]


def test_the_own_number_cited_by_a_later_dispatch() -> None:
    """The header's pen digits lost ("Số: /22/UBND- KT"): a later letter in the file citing the
    same ký hiệu on the same day gives the number; on another day, or none, it stays unread."""
    lost = FIRST.replace("Số: 125/UBND-KT", "Số: /22/UBND- KT")
    got = extract(from_text(lost + "\f" + SECOND))
    assert got.document.number == "125/UBND-KT" and got.confidence["document.number"] < 0.6
    assert [r.number for r in got.document.references] == ["63/2010/NĐ-CP"]
    assert extract(from_text(lost + "\f" + SECOND.replace("ngày 05/3/2024", "ngày 15/3/2024"))).document.number is None
    assert extract(from_text(lost)).document.number is None
