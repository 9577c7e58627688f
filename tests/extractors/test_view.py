"""The zones the extractors read, from plain text."""

from __future__ import annotations

from extractors.view import from_text


def test_a_run_of_spaces_is_a_column_gap() -> None:
    view = from_text("SỞ NỘI VỤ        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/SNV-TCBC   Hải Dương, ngày 1/2/2024")
    assert view.pages[0][0].parts == ["SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    # three spaces are still one column (a justified line)
    assert view.pages[0][1].parts == ["Số: 12/SNV-TCBC   Hải Dương, ngày 1/2/2024"]


def test_text_is_nfc_with_new_tone_placement() -> None:
    view = from_text("Ủy ban nhân dân tỉnh Thanh Hoá")
    assert view.pages[0][0].text == "Ủy ban nhân dân tỉnh Thanh Hóa"
