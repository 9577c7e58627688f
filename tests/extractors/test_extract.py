"""Bad input never raises: a record of nulls with low confidence."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from congvan.pipeline.core.confidence import CHECK_BELOW
from congvan.pipeline.extract import record_from_text

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "pipeline" / "core" / "data" / "record.schema.json")
                    .read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    "", "   \n\f  ", "#$%^&*()_+ 0101 ||| ~~~ ;;;; ....", "\x00\x01\x02 binary-ish \ufffd\ufffd",
    "The quick brown fox jumps over the lazy dog. Minutes of the meeting, 3 March 2020.",
    "Invoice No. 123/ABC dated 5/1/2024, payable within 30 days.",
    "Số: / Ngày: tháng năm Nơi nhận: Kính gửi: ĐẾN Số: Ngày:", "ngày 99 tháng 99 năm 9999 Số: 99999999999/",
])
def test_bad_input_gives_nulls_not_exceptions(text: str) -> None:
    rec = record_from_text(text).to_dict()
    jsonschema.validate(rec, SCHEMA)
    doc = rec["document"]
    assert doc["number"] is None and doc["issuer"] is None and doc["date"] is None
    # nothing is trusted in a text with no dispatch header, not even "no urgency mark" or "no citation"
    assert max(rec["confidence"].values()) <= 0.2


def test_a_document_date_read_again_from_unsure_words_is_shown_as_one_to_check() -> None:
    from datetime import date

    from congvan.extractors.extract import extract
    from congvan.extractors.view import from_text

    view = from_text("UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "Số: 12/UBND-VP\tHải Dương, ngày 12 tháng 8 năm 2023\nV/v tăng cường an toàn thông tin\n")
    assert extract(view).document.date == "2023-08-12"
    assert extract(view).confidence["document.date"] > 0.6
    view.header_words = [("ngày", 0.9), ("12", 0.6), ("tháng", 0.9), ("8", 0.6), ("năm", 0.9), ("2023", 0.95)]
    assert extract(view).confidence["document.date"] < CHECK_BELOW
    assert date(2023, 8, 12).isoformat() == extract(view).document.date


def test_a_number_whose_pen_digits_the_readers_disputed_is_shown_as_one_to_check() -> None:
    from congvan.extractors.extract import extract
    from congvan.extractors.view import from_text

    view = from_text("UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "Số: 12/UBND-VP\tHải Dương, ngày 12 tháng 8 năm 2023\nV/v tăng cường an toàn thông tin\n")
    assert extract(view).confidence["document.number"] >= CHECK_BELOW
    view.header_words = [("Số:", 0.97), ("12/UBND-VP", 0.5), ("ngày", 0.9), ("12", 0.96)]
    got = extract(view)
    assert got.document.number == "12/UBND-VP" and got.confidence["document.number"] < CHECK_BELOW
    assert got.confidence["document.date"] >= CHECK_BELOW        # its own words were read sure


_CITING = ("UBND TỈNH HẢI DƯƠNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Số: 2260 /VP-TH\tHải Dương, ngày 15 tháng 9 năm 2016\nV/v Hướng dẫn công tác thi đua, khen thưởng\n"
           "Thực hiện Nghị định số 91/2017/NĐ-CP ngày 31 tháng 07 năm 2017 của Chính phủ quy định chi tiết.\n")


def test_a_document_dated_before_what_it_cites_has_its_year_read_again_from_the_stamp() -> None:
    from congvan.extractors.extract import extract
    from congvan.extractors.view import View, from_text

    # "2018" read "2016" (6/8): it cites a decree of 2017, and the stamp, read sure, says 18/09/2018
    stamped = View(pages=from_text(_CITING).pages, stamp_text="SỞ TT&TT HẢI DƯƠNG\nĐẾN Số: 2336\nNgày: 18/09/2018")
    got = extract(stamped)
    assert got.document.date == "2018-09-15" and got.confidence["document.date"] == 0.5
    assert got.incoming is not None and got.incoming.arrival_date == "2018-09-18"
    # no stamp to say which year: kept as read, shown as one to check
    got = extract(from_text(_CITING))
    assert got.document.date == "2016-09-15" and got.confidence["document.date"] == 0.5
    # a stamp that leaves no confused year within weeks of it: kept as read
    late = View(pages=from_text(_CITING).pages, stamp_text="SỞ TT&TT HẢI DƯƠNG\nĐẾN Số: 2336\nNgày: 18/09/2020")
    assert extract(late).document.date == "2016-09-15"


def test_year_misread_takes_one_confused_digit_and_only_one_fitting_year() -> None:
    from datetime import date

    from congvan.extractors.stamp_dates import year_misread

    cited = [date(2017, 7, 31)]
    assert year_misread(date(2016, 9, 15), cited, date(2018, 9, 18)) == date(2018, 9, 15)
    assert year_misread(date(2016, 9, 15), cited, None) is None                  # no stamp
    assert year_misread(date(2018, 9, 15), cited, date(2018, 9, 18)) is None     # nothing to mend
    assert year_misread(date(2012, 9, 15), cited, date(2018, 9, 18)) is None     # 2→8 is no confusion
