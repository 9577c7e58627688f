"""The stamp's handling lines: labels OCR garbled, labels lost, unit codes mangled (van-thu.md:
main ← Xử lý chính, else Chuyển; coordination ← Phối hợp)."""

from __future__ import annotations

from datetime import date

import pytest

from congvan.extractors.extract import extract
from congvan.extractors.stamp import find_incoming
from congvan.extractors.stamp_handling import PLACED, READ, WEAK, HandlingReader, unlabelled_units
from congvan.extractors.view import View
from congvan.pipeline.core.units import load_office

OFFICE = load_office()
HEAD = "SỞ TT&TT HẢI DƯƠNG\nCÔNG VĂN ĐẾN Số: 2872\nNgày: 31/12/22\n"


def _main(stamp: str) -> tuple[str | None, float]:
    inc, conf = find_incoming(View(pages=[[]], stamp_text=stamp), date(2022, 12, 28), None, OFFICE)
    assert inc is not None
    return inc["handling"]["main"], conf["main"]


@pytest.mark.parametrize("line", ["Chuyển: TT CNTT", "Chuyển TT CMTT", ", Chuyển. TT CNTT"])
def test_the_law_stamps_chuyen_line(line: str) -> None:
    assert _main(HEAD + line) == ("TT CNTT", READ)


@pytest.mark.parametrize("line", ["Chu/ếm TT CNTT", "ĐEN Chu/ếm TT CNTT", "ĐẾN Chu/ếm TT CNTT", "CÒNG Chu/ếm TT CNTT",
                                  "VĂN Chu/ếm TT CNTT", "Chuvếm: TT CNTT"])
def test_a_chuyen_label_garbled_before_unit_codes(line: str) -> None:
    assert _main(HEAD + line) == ("TT CNTT", WEAK)


@pytest.mark.parametrize("line", [": 18HuJế' P.KHTC", "C*uuẩ>. P.KHTC", "ĩ ị P KHTC"])
def test_a_line_of_units_whose_label_is_lost_is_the_main_unit(line: str) -> None:
    assert _main(HEAD + line) == ("P.KHTC", PLACED)


def test_the_lost_label_does_not_win_over_a_read_one() -> None:
    assert _main(HEAD + "Xử lý chính: VP\n: 18HuJế' P.KHTC") == ("VP", READ)
    assert _main(HEAD + ": 18HuJế' P.KHTC\nXử lý chính: VP") == ("P.KHTC", PLACED)


@pytest.mark.parametrize("tail", [
    "Phối hợp: VP\n: 18HuJế' P.KHTC",                 # under Phối hợp: a coordinating unit, or a second line of it
    "Số và ký hiệu HS:\n: 18HuJế' P.KHTC",             # under the file line: no handling line
    "Lưu hồ sơ số:\nxx P.KHTC",
])
def test_no_main_unit_is_placed_below_the_handling_lines(tail: str) -> None:
    assert _main(HEAD + tail) == (None, 0.0)


def test_without_the_office_nothing_is_placed() -> None:
    inc, conf = find_incoming(View(pages=[[]], stamp_text=HEAD + ": 18HuJế' P.KHTC"), date(2022, 12, 28), None)
    assert inc is not None and inc["handling"]["main"] is None and conf["main"] == 0.0


@pytest.mark.parametrize(("line", "units"), [
    (": 18HuJế' P.KHTC", "P.KHTC"), ("xx yy VP, TT CMTT", "VP, TT CNTT"),
    ("VP P.KHTC", None),               # a code before the codes: no label was lost there
    ("Hùng tham mưu", None), ("18HuJế'", None), ("P.KHTC", None)])   # no word before it: no label lost
def test_unlabelled_units(line: str, units: str | None) -> None:
    assert unlabelled_units(line, OFFICE) == units
    assert unlabelled_units(line, None) is None


def test_a_value_after_a_read_label_near_one_code_only_is_that_code() -> None:
    assert _main(HEAD + "xử ÿ-chmh::P.°ÑTŸ") == ("P.CNTT", WEAK)          # near, not matched: to check
    assert _main(HEAD + "Xử lý chính: 77 né")[0] == "77 né"     # as near TT CNTT as TTra: kept as read
    assert _main(HEAD + "Xử lý chính: đ/c Hùng")[0] == "đ/c Hùng"


def test_the_reader_keeps_the_first_value_of_a_field() -> None:
    reader = HandlingReader({}, OFFICE)
    assert reader.labelled("Xử lý chính: VP") and reader.labelled("Xử lý chính: P.KHTC")
    assert not reader.labelled("random words")
    assert reader.result() == ({"leader": None, "direction": None, "main": "VP", "coordination": None}, READ)


def test_the_record_carries_the_main_units_confidence() -> None:
    record = extract(View(pages=[[]], stamp_text=HEAD + ": 18HuJế' P.KHTC"), office=OFFICE)
    assert record.incoming is not None and record.incoming.handling.main == "P.KHTC"
    assert record.confidence["incoming.handling.main"] == PLACED
