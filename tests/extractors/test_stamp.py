"""The incoming stamp, from a separate stamp block and from text where it is interleaved."""

from __future__ import annotations

from datetime import date

from congvan.extractors.stamp import find_incoming
from congvan.extractors.view import View, from_text
from congvan.ocr.signatures import MARK
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.units import Office


def test_interleaved_with_the_header() -> None:
    # what real OCR gives when the stamp overlaps the header: one word per line, values apart
    text = ("UBND TỈNH BẮC NINH\nCÔNG VĂN\nĐộc lập - Tự do - Hạnh phúc\nĐẾN\nSố:\n2741\n"
            "Ngày: 12/03/19\nSố: 25/CT-UBND\tBắc Ninh, ngày 08 tháng 3 năm 2019\nChuyển: P.CNTT\nCHỈ THỊ")
    inc, conf = find_incoming(from_text(text), date(2019, 3, 8), "25/CT-UBND")
    assert inc is not None
    assert inc["arrival_number"] == "2741"
    assert inc["arrival_date"] == "2019-03-12"
    assert inc["handling"]["main"] == "P.CNTT"
    assert conf["number"] >= 0.7 and conf["date"] >= 0.7


def test_document_number_is_never_the_arrival_number() -> None:
    text = "ĐẾN\nSố: 25/CT-UBND\tHà Nội, ngày 01 tháng 02 năm 2020\nNgày: 05/02/20"
    inc, _ = find_incoming(from_text(text), date(2020, 2, 1), "25/CT-UBND")
    assert inc is not None and inc["arrival_number"] is None and inc["arrival_date"] == "2020-02-05"


def test_stamp_block_with_handling_lines_and_ocr_noise() -> None:
    stamp = ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nTỈNH HẢI DƯƠNG\nCÔNG VĂN ĐẾN Sô: 2297\nNgày: 22/09/11\n"
             "L ảnh đạo: `»\nChỉ đạo: Giao P.CNTT chủ trì\nXử lchính: P.CNTT\nPhối bợp: TT CNTT")
    view = View(pages=from_text("Số: 332/CT-BTTTT").pages, stamp_text=stamp)
    inc, _ = find_incoming(view, date(2011, 9, 19), "332/CT-BTTTT")
    assert inc is not None
    assert inc["receiver"] == "Sở Thông tin và Truyền thông tỉnh Hải Dương"
    assert (inc["arrival_number"], inc["arrival_date"]) == ("2297", "2011-09-22")
    assert inc["handling"] == {"leader": "[signed]", "direction": "Giao P.CNTT chủ trì", "main": "P.CNTT",
                               "coordination": "TT CNTT"}


def test_arrival_cannot_precede_the_document() -> None:
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 15\nNgày: 02/01/19")
    inc, _ = find_incoming(view, date(2019, 3, 8), None)
    assert inc is not None and inc["arrival_date"] is None


def test_short_date_on_a_december_document_rolls_over() -> None:
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 3\nNgày: 05/01")
    inc, _ = find_incoming(view, date(2019, 12, 28), None)
    assert inc is not None and inc["arrival_date"] == "2020-01-05"


def test_a_year_supplied_to_a_short_date_must_give_a_date_of_arrival() -> None:
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 3\nNgày: 1.5")       # "15.10" with its digits lost
    inc, conf = find_incoming(view, date(2016, 10, 10), None)
    assert inc is not None and inc["arrival_date"] is None             # not 2017-05-01
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 3\nNgày: 15/10")
    inc, conf = find_incoming(view, date(2016, 10, 10), None)
    assert inc is not None and inc["arrival_date"] == "2016-10-15"
    assert conf["date"] < 0.8                                          # the year was not read


def test_no_stamp() -> None:
    assert find_incoming(from_text("Số: 1/UBND\nKẾ HOẠCH ĐẾN NĂM 2030"), None, None) == (None, {})


def test_misread_labels_fall_back_to_values_that_fit() -> None:
    view = View(pages=[[]], stamp_text="SỞ TT&TT HẢI DƯƠNG\nCÓNG Sẻ 359\nVĂN ĐẾN g3y. 24/08/22")
    inc, conf = find_incoming(view, date(2022, 8, 19), "25/CT-UBND")
    assert inc is not None
    assert (inc["arrival_number"], inc["arrival_date"]) == ("359", "2022-08-24")
    assert conf["number"] < 0.5 and conf["date"] <= 0.5           # found without their labels: check them
    # a date years away from the document is not an arrival date
    far = View(pages=[[]], stamp_text="ĐẾN\nSẻ 12\nxx 24/08/25")
    assert find_incoming(far, date(2022, 8, 19), None)[0]["arrival_date"] is None  # type: ignore[index]


def test_doubled_colon_after_a_misread_label() -> None:
    view = View(pages=[[]], stamp_text="ĐẾN Số: 2481\nĐÈN ]gày::04/10/2019")
    inc, _ = find_incoming(view, date(2019, 9, 30), None)
    assert inc is not None and inc["arrival_date"] == "2019-10-04"


def _handling(lines: str, office: Office | None = None) -> dict[str, str | None]:
    stamp = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nTỈNH HẢI DƯƠNG\nCÔNG VĂN ĐẾN Số: 1003\nNgày: 28/04/11\n" + lines
    inc, _ = find_incoming(View(pages=from_text("Số: 25/CT-UBND").pages, stamp_text=stamp), date(2011, 4, 20),
                           "25/CT-UBND", office)
    assert inc is not None
    return dict(inc["handling"])


def test_a_signature_read_as_junk_on_a_leader_line_is_a_signature() -> None:
    # the strokes of a signature, as Tesseract spells them: glued to the label, digits, brackets
    for line in ("Lãnh đạozsv vfNÑ", "Lãna đa3y 7X", "Lănn đạoÂ A7?", "Lãnh đạo: 5", "Lãnh đạo: /a) NY"):
        assert _handling(line + "\nXử lý chính: P.CNTT")["leader"] == "[signed]", line


def test_a_line_with_only_unread_ink_is_signed() -> None:
    # the OCR stage marks ink after a label that was not read as text (ocr.signatures)
    assert _handling(f"Lãnh đạo: {MARK}\nChỉ đạo:")["leader"] == "[signed]"
    assert _handling(f"Lãnh đạo:\nChỉ đạo: Giao VP chủ trì {MARK}")["direction"] == "Giao VP chủ trì"


def test_words_on_a_leader_line_are_kept() -> None:
    assert _handling("Lãnh đạo: Đ/c Hùng")["leader"] == "Đ/c Hùng"
    assert _handling("Chỉ đạo: P.CNTT", Config().office())["direction"] == "P.CNTT"     # a unit code alone
    assert _handling("Chỉ đạo: Giao P.CNTT chủ trì")["direction"] == "Giao P.CNTT chủ trì"
    assert _handling("Lãnh đạo:\nChỉ đạo:")["leader"] is None          # an empty line is not a signature


def test_a_label_split_by_a_misread_colon() -> None:
    assert _handling("Phố: hợp. VP, TT CNTT")["coordination"] == "VP, TT CNTT"


def test_the_number_after_den_is_the_arrival_number_with_its_label_misread() -> None:
    stamp = "._ 88 THÔNG TIN VÀ TRUYỀN THÔNG\nTỈNH HẢI DƯƠNG\nĐẾN S° 1516\nNgày. 23/06/21\nChuyển: VP"
    inc, conf = find_incoming(View(pages=from_text("Số: 25/CT-UBND").pages, stamp_text=stamp), date(2021, 6, 20),
                              "25/CT-UBND", None)
    assert inc is not None and inc["arrival_number"] == "1516" and conf["number"] >= 0.6
    # no number after ĐẾN at all: a lone number is taken after the ĐẾN label, not the receiver's "88"
    stamp = "._ 88 THÔNG TIN VÀ TRUYỀN THÔNG\nCÔNG VĂN ĐẾN\n1516\nNgày. 23/06/21"
    inc, conf = find_incoming(View(pages=from_text("Số: 25/CT-UBND").pages, stamp_text=stamp), date(2021, 6, 20),
                              "25/CT-UBND", None)
    assert inc is not None and inc["arrival_number"] == "1516" and conf["number"] < 0.6


def test_debris_before_a_label_is_not_part_of_it() -> None:
    for line in (", Chuyễn. VP", "« Chuyển: VP", "|, Chuyển: VP"):
        assert _handling(line)["main"] == "VP", line


def test_a_garbled_main_label_still_gives_the_unit_it_names() -> None:
    office = Config().office()
    for line, unit in (("Xử chmn' P CNTT", "P.CNTT"), ("\\ Xừ4dý HP: TT CMTT", "TT CNTT"),
                       ("J Xử lựehphi,P KHTC", "P.KHTC")):
        stamp = f"SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nCÔNG VĂN ĐẾN Số: 1003\nNgày: 28/04/11\nLãnh đạo:\n{line}"
        inc, _ = find_incoming(View(pages=from_text("Số: 25/CT-UBND").pages, stamp_text=stamp), date(2011, 4, 20),
                               "25/CT-UBND", office)
        assert inc is not None and inc["handling"]["main"] == unit, line


def test_a_garbled_label_needs_a_unit_after_it() -> None:
    office = Config().office()
    stamp = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nCÔNG VĂN ĐẾN Số: 1003\nNgày: 28/04/11\nXử chmn' Nguyễn Văn An"
    inc, _ = find_incoming(View(pages=from_text("Số: 25/CT-UBND").pages, stamp_text=stamp), date(2011, 4, 20),
                           "25/CT-UBND", office)
    assert inc is not None and inc["handling"]["main"] is None


def test_a_black_stamp_block_is_read_as_text_interleaved_with_the_header() -> None:
    # a bilevel scan: the stamp's crop also holds the header print it was pressed over
    stamp = ("A1 TƯ SG TT&TT HAI DDÖkđập - Tử do - Hạnh\nTIEÔNG VĂN ĐẾN Số: 1320\n/TB-SNV , ngày 12\n"
             "Xử lý chính: P.KHTC\nPhối hợp:")
    view = View(pages=from_text("Số: 247/SKHĐT-TH").pages, stamp_text=stamp, stamp_mixed=True)
    inc, _ = find_incoming(view, date(2021, 5, 31), "247/SKHĐT-TH")
    assert inc is not None and inc["arrival_number"] == "1320" and inc["handling"]["main"] == "P.KHTC"
    assert inc["receiver"] is None                   # the Quốc hiệu beside the stamp is no receiver
    alone = View(pages=[[]], stamp_text="Hải Dương , ngày 12 tháng 6\nđịnh số 64/2007/NĐ-CP\nĐẾN", stamp_mixed=True)
    got, _ = find_incoming(alone, date(2015, 6, 12), None)
    assert got is None or got["arrival_number"] is None     # header digits are no số đến


def test_a_header_read_through_a_black_stamp_is_flagged_for_checking() -> None:
    from congvan.extractors.extract import extract

    header = ("UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc\n"
              "Số: 1281 /TB-SNV\tHải Dương, ngày 12 tháng 6 năm 2015\nTHÔNG BÁO\nNâng cấp Cổng thông tin\nThực hiện")
    plain = extract(from_text(header))
    stamped = extract(View(pages=from_text(header).pages, stamp_text="ĐẾN Số: 1467", stamp_mixed=True))
    assert plain.confidence["document.number"] >= 0.9
    for key in ("document.number", "document.date", "document.subject"):
        assert stamped.confidence[key] < 0.6
    assert stamped.document.number == plain.document.number == "1281/TB-SNV"


def test_a_receiver_that_opens_like_no_body_is_kept_but_flagged() -> None:
    garbled = View(pages=[[]], stamp_text="FỞ THÔNG TN VÀ R.JYFR THÔI\nTÌNH HAI DƯCIG\nĐẾN Số: 12\nNgày: 05/02/20")
    _, conf = find_incoming(garbled, date(2020, 2, 1), None)
    readable = View(pages=[[]], stamp_text="SỞ TÀI CHÍNH\nTỈNH BẮC NINH\nĐẾN Số: 12\nNgày: 05/02/20")
    inc, conf2 = find_incoming(readable, date(2020, 2, 1), None)
    assert conf["receiver"] < 0.6 <= conf2["receiver"]
    assert inc is not None and inc["receiver"] == "Sở Tài chính tỉnh Bắc Ninh"


def test_a_unit_line_read_as_a_letter_or_two_is_a_mark_not_a_unit() -> None:
    for junk in ("p", "4m", "P ;"):
        assert _handling(f"Xử lý chính: {junk}\nPhối hợp: 7")["main"] == "[signed]", junk
    got = _handling("Xử lý chính: VP\nPhối hợp: P.CNTT")
    assert got["main"] == "VP" and got["coordination"] == "P.CNTT"


def test_a_value_ocr_was_unsure_of_is_flagged_for_checking() -> None:
    stamp = "ĐẾN\nSố: 2481\nNgày: 21/08/2016"
    sure = View(pages=[[]], stamp_text=stamp, stamp_words=[("Số:", 0.9), ("2481", 0.97), ("21/08/2016", 0.93)])
    _, conf = find_incoming(sure, date(2016, 8, 15), None)
    assert conf["number"] == 0.8 and conf["date"] == 0.8
    unsure = View(pages=[[]], stamp_text=stamp, stamp_words=[("Số:", 0.9), ("2481", 0.5), ("21/08/2016", 0.0)])
    inc, conf = find_incoming(unsure, date(2016, 8, 15), None)
    assert inc is not None and inc["arrival_number"] == "2481" and inc["arrival_date"] == "2016-08-21"
    assert conf["number"] == 0.5 and conf["date"] == 0.3


def test_a_date_of_arrival_months_after_the_document_is_flagged_for_checking() -> None:
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 359\nNgày: 21/08/2016")
    inc, conf = find_incoming(view, date(2016, 2, 15), None)
    assert inc is not None and inc["arrival_date"] == "2016-08-21" and conf["date"] == 0.5


def test_a_year_read_one_digit_off_is_repaired_to_the_one_date_that_fits() -> None:
    # "15" read "45": 2045 is thirty years after the document; 07/02/15 is one edit away
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 247\nNgày: 07/02/45")
    inc, conf = find_incoming(view, date(2015, 2, 3), None)
    assert inc is not None and inc["arrival_date"] == "2015-02-07" and conf["date"] == 0.4
    # no date shortly after the document is one edit from it: kept as read, to be checked
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 247\nNgày: 07/04/17")
    inc, conf = find_incoming(view, date(2015, 2, 3), None)
    assert inc is not None and inc["arrival_date"] == "2017-04-07" and conf["date"] == 0.5


def test_a_late_year_in_interleaved_text_is_kept_as_read() -> None:
    # interleaved with the header, the first "ngày" may be the header's: nothing is repaired
    text = "CÔNG VĂN\nĐẾN\nSố: 247\nNgày: 07/02/45\nSố: 25/CT-UBND\tHà Nội, ngày 03 tháng 02 năm 2015"
    inc, conf = find_incoming(from_text(text), date(2015, 2, 3), "25/CT-UBND")
    assert inc is not None and inc["arrival_date"] == "2045-02-07" and conf["date"] == 0.5


def test_an_unsure_date_is_the_one_of_its_alternatives_the_document_date_allows() -> None:
    # "7/12" read for 27/12/12: of the whole dates its ink may hold, 7/12/12 precedes the
    # document and 27/12/72 is sixty years off; 27/12/12 is the one left
    alternatives = [(("27/12/12", 0.8769), ("27/12/72", 0.1052), ("7/12/12", 0.016))]
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 3207\nNđây: 7/12", stamp_alternatives=alternatives)
    inc, conf = find_incoming(view, date(2012, 12, 20), None)
    assert inc is not None and inc["arrival_date"] == "2012-12-27" and conf["date"] == 0.4
    # a black stamp's mixed text: the alternatives are still the stamp's own ink
    mixed = View(pages=[[]], stamp_text=view.stamp_text, stamp_alternatives=alternatives, stamp_mixed=True)
    assert find_incoming(mixed, date(2012, 12, 20), None)[0]["arrival_date"] == "2012-12-27"  # type: ignore[index]


def test_alternatives_that_fit_about_as_well_leave_the_date_null() -> None:
    # 27/12/12 and 21/12/12 both fit a document of 20/12/2012: not ten times apart, no date
    close = [(("27/12/12", 0.6), ("21/12/12", 0.3), ("27/12/72", 0.1))]
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 3207\nNđây: 7/12", stamp_alternatives=close)
    inc, conf = find_incoming(view, date(2012, 12, 20), None)
    assert inc is not None and inc["arrival_date"] is None and conf["date"] == 0.0
    # none fits: no date either (15/5/13 is three years before the document)
    none = [(("15/5/13", 0.7), ("15/5/03", 0.3))]
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 2529\nNgày 1.5.5003", stamp_alternatives=none)
    assert find_incoming(view, date(2016, 10, 9), None)[0]["arrival_date"] is None  # type: ignore[index]
    # a date read whole and in place is not second-guessed by alternatives
    view = View(pages=[[]], stamp_text="ĐẾN\nSố: 3207\nNgày: 21/12/12", stamp_alternatives=[(("27/12/12", 0.99),)])
    assert find_incoming(view, date(2012, 12, 20), None)[0]["arrival_date"] == "2012-12-21"  # type: ignore[index]


def test_coloured_ink_with_a_so_label_and_nothing_read_is_no_stamp() -> None:
    # a red seal or a pen note whose OCR holds a "Số" label: no ĐẾN, nothing read off it
    assert find_incoming(View(pages=[[]], stamp_text="Số:\nQUẢNG NGÃI\n* *"), None, None)[0] is None
    # a stamp with its ĐẾN and nothing legible on it is still a stamp (the clerk fills it in)
    got, _ = find_incoming(View(pages=[[]], stamp_text="CÔNG VĂN ĐẾN\nSố:\nNgày:"), None, None)
    assert got is not None and got["arrival_number"] is None


def test_a_body_line_that_opens_with_den_is_no_stamp() -> None:
    text = ("Chủ tịch UBND tỉnh đã điều động ông A, Giám đốc Sở Tư pháp\n"
            "đến nhận công tác tại Đảng ủy UBND tỉnh kể từ ngày 03/02/2025 tại Quyết\n"
            "định số 165/QĐ-UBND ngày 03/02/2025;")
    assert find_incoming(from_text(text), None, None)[0] is None


def test_other_designs_cv_den_and_an_e_portal_s_den_with_giờ_and_ngày() -> None:
    # a "CV ĐẾN" box read among the page's lines, its frame's edge before it
    text = ("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 07/CT-UBND\tngày 20 tháng 3 năm 2018\n"
            "| CV ĐẾN Số: 2352\n| Ngày: 21/3/2018\nCHỈ THỊ")
    inc, _ = find_incoming(from_text(text), date(2018, 3, 20), "07/CT-UBND")
    assert inc is not None and inc["arrival_number"] == "2352" and inc["arrival_date"] == "2018-03-21"
    # a stamp block whose ĐẾN OCR glued debris to; an e-portal's design opening its values with Giờ/Ngày
    glued = View(pages=[[]], stamp_text="SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nTỈNH HẢI DƯƠNG\nĐẾNÊ# {_r là\nNgày - , €9 2T")
    inc, _ = find_incoming(glued, date(2023, 9, 11), None)
    assert inc is not None and inc["receiver"] == "Sở Thông tin và Truyền thông tỉnh Hải Dương"
    portal = View(pages=[[]], stamp_text="CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nGiờ: 8h30\nNgày: 04/5/2026")
    inc, _ = find_incoming(portal, date(2026, 4, 30), "464/TTg-CĐS")
    assert inc is not None and inc["arrival_date"] == "2026-05-04" and inc["arrival_number"] is None
    # a heading's "ĐẾN NĂM 2030" or a sentence's "Đến nay" in coloured ink is still no stamp
    for words in ("ĐẾN NĂM 2030", "Đến nay, các đơn vị"):
        assert find_incoming(View(pages=[[]], stamp_text=words), date(2023, 9, 11), None)[0] is None


def test_a_coloured_block_with_no_stamp_word_leaves_the_page_lines_to_look_in() -> None:
    """The ink pass kept a seal's letters but lost the stamp's ĐẾN, which OCR read with the text."""
    page = from_text("UBND TỈNH A\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 28/UBND-VP\tA, ngày 26 tháng 3 năm 2021\n"
                     "| ĐẾN Số: 731 |\nNgày: 29/3/2021\nKính gửi: Sở Nội vụ").pages
    incoming, _ = find_incoming(View(pages=page, stamp_text="= ỦY BAN NHÂN DÂN MH |\nN0:"), date(2021, 3, 26),
                                "28/UBND-VP")
    assert incoming is not None and incoming["arrival_number"] == "731" and incoming["arrival_date"] == "2021-03-29"
    seal_only, _ = find_incoming(View(pages=from_text("Số: 28/UBND-VP\nKính gửi: Sở Nội vụ").pages,
                                      stamp_text="= ỦY BAN NHÂN DÂN MH |"), date(2021, 3, 26), "28/UBND-VP")
    assert seal_only is None                                     # no stamp anywhere: none invented


def test_in_interleaved_text_a_handling_value_needs_its_label() -> None:
    """A stamp read among the page's lines: a body line ending in a unit's field ("Chính phủ về ứng
    dụng công nghệ thông tin") is no garbled handling label; a labelled line still is."""
    office = Config().office()
    text = ("Số: 1281/TB-SNV\tHải Dương, ngày 12 tháng 6 năm 2015\nĐẾN Số: 1467\nNgày: 15/6/2015\n"
            "THÔNG BÁO\nThực hiện Nghị định số 64/2007/NĐ-CP của\nChính phủ về ứng dụng công nghệ thông tin")
    incoming, _ = find_incoming(View(pages=from_text(text).pages), date(2015, 6, 12), "1281/TB-SNV", office)
    assert incoming is not None and incoming["arrival_number"] == "1467"
    assert incoming["handling"]["main"] is None
    labelled, _ = find_incoming(View(pages=from_text(text.replace("THÔNG BÁO", "Chuyển: P.CNTT")).pages),
                                date(2015, 6, 12), "1281/TB-SNV", office)
    assert labelled is not None and labelled["handling"]["main"] == "P.CNTT"


def test_a_stamp_s_receiver_garbled_is_the_known_body_nearest_and_checked() -> None:
    view = View(pages=from_text("Số: 28/2021/NĐ-CP").pages,
                stamp_text="= THỦNG TIN ĐIỆN TỦ CHÍNH PHỤ MH |\nĐẾN Giờ: 9h\nNgày: 29/3/2021")
    incoming, conf = find_incoming(view, date(2021, 3, 26), "28/2021/NĐ-CP")
    assert incoming is not None and incoming["receiver"] == "Cổng Thông tin điện tử Chính phủ"
    assert conf["receiver"] < 0.6                                   # snapped, not read: the clerk checks it


_PORTAL = ("CHÍNH PHỦ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\tĐộc lập - Tự do - Hạnh phúc\n"
           "Số: 28/2021/NĐ-CP\tHà Nội, ngày 26 tháng 3 năm 2021\n{receiver}\n' NÊN Gỗ:,.C....... :\n"
           "| ĐẾN Giờ: 9h15 Ngày: 29/3/2021 |\tNGHỊ ĐỊNH\nQuy định cơ chế quản lý tài chính\n")


def test_a_stamp_read_with_the_text_has_a_known_body_s_garbled_name_above_its_den() -> None:
    view = from_text(_PORTAL.format(receiver="ˆ QÔNG THÔNG TN BIỆN TỦ CRNHMÙ |"))
    incoming, conf = find_incoming(view, date(2021, 3, 26), "28/2021/NĐ-CP", None, "Chính phủ")
    assert incoming is not None and incoming["receiver"] == "Cổng Thông tin điện tử Chính phủ"
    assert conf["receiver"] < 0.6
    # the document's own issuer standing there is not the receiver; nor is an unknown line
    own = find_incoming(view, date(2021, 3, 26), "28/2021/NĐ-CP", None, "Cổng Thông tin điện tử Chính phủ")[0]
    assert own is not None and own["receiver"] is None
    plain = from_text(_PORTAL.format(receiver="Quy định cơ chế quản lý"))
    got = find_incoming(plain, date(2021, 3, 26), "28/2021/NĐ-CP", None, "Chính phủ")[0]
    assert got is not None and got["receiver"] is None
