"""Header abbreviations expanded, and the cheap check that skips lines holding none."""

from __future__ import annotations

import pytest

from congvan.extractors.orgs import _ABBR_HINT, HEADER_ABBR, expand_abbreviations
from congvan.extractors.rx import search


@pytest.mark.parametrize("caps", [
    "UBND TỈNH", "HĐND", "TT&TT", "TTTT", "KH & ĐT", "GD&ĐT", "NN&PTNT", "TN&MT", "KH&CN", "LĐ-TB&XH",
    "VH,TT&DL", "GTVT", "NN VÀ PTNT", "PTNT", "LĐTBXH", "LĐ-TB-XH", "TNMT", "TN-MT", "KHCN", "VHTTDL",
    "VH-TT-DL", "GDĐT", "KHĐT", "CNTT&TT", "CNTT", "BHXH", "KBNN", "PT-TH", "TP. HỒ CHÍ MINH", " BND TỈNH HẢI DƯƠNG",
])
def test_every_abbreviation_passes_the_check_and_is_expanded(caps: str) -> None:
    assert _ABBR_HINT.search(caps) and any(search(p, caps) for p, _ in HEADER_ABBR)
    assert expand_abbreviations(caps) != " ".join(caps.split())


def test_a_line_without_abbreviations_is_only_spaced() -> None:
    assert expand_abbreviations("SỞ  THÔNG TIN VÀ TRUYỀN THÔNG ") == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert expand_abbreviations("UBND TỈNH HẢI DƯƠNG") == "ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG"


@pytest.mark.parametrize(("reading", "name"), [
    ("THỦNG TIN ĐIỆN TỦ CHÍNH PHỤ MH", "Cổng Thông tin điện tử Chính phủ"),   # its first word lost
    ("SD THÔNG TIN VÀ TRUYỀN THÔNG", None),          # Sở or Bộ: a letter apart, so neither
    ("UBND TỈNH HẢI DƯƠNG", None),                   # no known body of four words near it
    ("CÔNG VĂN ĐẾN", None),
])
def test_a_known_body_s_name_garbled_past_its_first_word(reading: str, name: str | None) -> None:
    from congvan.extractors.orgs import known_body

    assert known_body(reading) == name
