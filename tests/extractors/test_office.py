"""The stamp's receiver and unit codes read against the office's own names, as OCR mangles them."""

from __future__ import annotations

from datetime import date

import pytest

from congvan.extractors.office import match_office, match_unit_code, snap_units
from congvan.extractors.stamp import find_incoming
from congvan.extractors.view import View
from congvan.pipeline.core.units import Office, Unit, load_office

OFFICE = load_office()
HD = "Sở Thông tin và Truyền thông tỉnh Hải Dương"


@pytest.mark.parametrize("reading", [
    "SỞ TT&TT HẢI DƯƠNG", "Sở Thông tin và Truyền thông - tỉnh Hải Dương", "Í sở thông tin và Truyền thông hái dương",
    "Sơttetthridương", "Ớtt&tt hái dương", "SO THONG TIN VA TRUYEN THONG TINH HAI DUONG",
    "Sở Thông tin và Truyền thông . Tỉnm Hãi Dương"])
def test_readings_of_the_office_name(reading: str) -> None:
    name, score = match_office(reading, OFFICE)
    assert name == HD and score >= 0.82


@pytest.mark.parametrize("reading", [
    "Sở Thông tin và Truyền thông tỉnh Bắc Ninh", "Sở Nội vụ tỉnh Hải Dương", "Sở Tài chính Hải Dương",
    "Ủy ban nhân dân tỉnh Hải Dương", "Bộ Thông tin và Truyền thông", "xx", "Itrrtsaisương"])
def test_other_bodies_and_noise_are_not_the_office(reading: str) -> None:
    assert match_office(reading, OFFICE)[0] is None


@pytest.mark.parametrize(("value", "code"), [
    ("P TTBCXB", "P.TTBCXB"), ("p BCV7T", "P.BCVT"), ("T77a", "TTra"), ("P.KHTY", "P.KHTC"), ("Vp", "VP"),
    ("TT CMTT", "TT CNTT"), ("Phòng CNTT", "P.CNTT"), ("P.CNTT", "P.CNTT")])
def test_unit_codes_as_ocr_reads_them(value: str, code: str) -> None:
    assert match_unit_code(value, OFFICE) == code


@pytest.mark.parametrize("value", ["4m", "p", "Nguyễn Văn A", "Ẫ", "[signed]"])
def test_what_is_no_unit_is_kept_as_read(value: str) -> None:
    assert match_unit_code(value, OFFICE) is None
    assert snap_units(value, OFFICE) == value


def test_a_list_of_units() -> None:
    assert snap_units("VP, TT CMTT", OFFICE) == "VP, TT CNTT"
    assert snap_units("VP, TT CMTT", None) == "VP, TT CMTT"


def test_another_office_snaps_to_its_own_codes() -> None:
    other = Office("Sở Nội vụ tỉnh Bắc Ninh", (), (Unit("Phòng Tổ chức, biên chế", ("P.TCBC",)),))
    assert match_unit_code("P TCBC", other) == "P.TCBC"
    assert match_unit_code("P.CNTT", other) is None
    assert match_office("SỞ NỘI VỤ TỈNH BẮC NINH", other)[0] == "Sở Nội vụ tỉnh Bắc Ninh"
    assert match_office("SỞ TT&TT HẢI DƯƠNG", other)[0] is None


def test_stamp_with_the_office_known() -> None:
    view = View(pages=[[]], stamp_text="SƠTTETTHRIDƯƠNG\nĐẾN Số 2944\nNgày 24/12/17\nChuyển: p BCV7T")
    inc, conf = find_incoming(view, date(2017, 12, 20), None, OFFICE)
    assert inc is not None
    assert inc["receiver"] == HD and conf["receiver"] >= 0.82
    assert inc["handling"]["main"] == "P.BCVT"
    bare, _ = find_incoming(view, date(2017, 12, 20), None)
    assert bare is not None and bare["handling"]["main"] == "p BCV7T"


def test_unparseable_arrival_date_read_within_one_confusion() -> None:
    # "10/19/22": month 19 does not exist; 9 for 0 is one of OCR's confusions, and 10/10/22
    # is the only date shortly after the document that close to what was read
    view = View(pages=[[]], stamp_text="ĐẾN Số: 2444\nNgày: 10/19/22")
    inc, conf = find_incoming(view, date(2022, 10, 5), None, OFFICE)
    assert inc is not None and inc["arrival_date"] == "2022-10-10" and conf["date"] <= 0.4


def test_ambiguous_arrival_date_stays_null() -> None:
    # "2.09.3011" is one edit from nothing and two from both 20/09 and 22/09: no answer is honest
    view = View(pages=[[]], stamp_text="ĐẾN Số: 2297\nNgay: 2.09.3011")
    inc, conf = find_incoming(view, date(2011, 9, 19), None, OFFICE)
    assert inc is not None and inc["arrival_date"] is None and conf["date"] == 0.0
