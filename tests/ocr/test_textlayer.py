"""Telling a usable PDF text layer from garbage."""

from __future__ import annotations

from congvan.ocr.textlayer import garbage_reason

GOOD = ("ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "Số: 25/CT-UBND Hải Dương, ngày 05 tháng 01 năm 2020")


def test_real_vietnamese_is_usable() -> None:
    assert garbage_reason(GOOD) is None


def test_ascii_english_is_usable() -> None:
    assert garbage_reason("This is a perfectly ordinary English text layer of a born-digital PDF.") is None


def test_empty_layer() -> None:
    assert garbage_reason("   \n ") == "no text layer"


def test_cid_glyph_ids() -> None:
    assert "cid" in (garbage_reason("(cid:12)(cid:45)(cid:78) (cid:3)(cid:44) (cid:90)(cid:91) abc def ghi") or "")


def test_tcvn3_legacy_encoding() -> None:
    tcvn3 = "Uû ban nh©n d©n tØnh H¶i D­¬ng Céng hßa x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc"
    assert "legacy" in (garbage_reason(tcvn3) or "")


def test_vni_legacy_encoding() -> None:
    vni = "UÛY BAN NHAÂN DAÂN TÆNH HAÛI DÖÔNG Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam Ñoäc laäp Töï do"
    assert "legacy" in (garbage_reason(vni) or "")
