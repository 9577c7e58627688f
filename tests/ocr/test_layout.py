"""Rows and columns rebuilt from boxes, and the OcrDocument's JSON round trip."""

from __future__ import annotations

from congvan.ocr.layout import rows_text, words_to_lines
from congvan.ocr.types import Block, Line, OcrDocument, OcrPage, Word


def w(text: str, x: int, y: int, width: int = 60, h: int = 30) -> Word:
    return Word(text, (x, y, x + width, y + h), 0.9)


def test_columns_on_one_row_are_joined_by_a_tab() -> None:
    left = Line([w("Số:", 100, 500), w("25/CT-UBND", 170, 502)])
    right = Line([w("Bắc", 1300, 505), w("Ninh,", 1370, 505)])
    below = Line([w("CHỈ", 900, 600)])
    assert rows_text([below, right, left]) == "Số: 25/CT-UBND\tBắc Ninh,\nCHỈ"


def test_a_line_running_across_both_columns_gets_a_tab_at_the_gap() -> None:
    line = Line([w("UBND", 100, 100), w("TỈNH", 170, 100), w("CỘNG", 1200, 100), w("HÒA", 1270, 100)])
    assert rows_text([line]) == "UBND TỈNH\tCỘNG HÒA"


def test_text_layer_words_become_lines() -> None:
    words = [w("Nơi", 100, 2000), w("nhận:", 165, 2001), w("KT.", 1400, 2000), w("CHỦ", 1465, 2000),
             w("-", 100, 2040), w("Như", 130, 2040), w("trên;", 195, 2041)]
    lines = words_to_lines(words)
    assert [ln.text for ln in lines] == ["Nơi nhận:", "KT. CHỦ", "- Như trên;"]
    assert rows_text(lines) == "Nơi nhận:\tKT. CHỦ\n- Như trên;"


def test_ocr_document_round_trips_through_json() -> None:
    page = OcrPage(number=1, width=1654, height=2339, dpi=200, source="ocr",
                   blocks=[Block([Line([w("Số:", 1, 2)])]), Block([Line([w("ĐẾN", 5, 6)])], "stamp")],
                   body_text="Số:", ink_text="ĐẾN", rotation=90, skew=-1.25)
    doc = OcrDocument(path="a.pdf", sha256="0" * 64, pages=[page])
    again = OcrDocument.from_dict(doc.to_dict())
    assert again.to_dict() == doc.to_dict()
    assert again.text == "Số:\n\nĐẾN" and again.kind == "scan"


def test_a_words_alternatives_round_trip_through_json() -> None:
    value = Word("7/12", (300, 60, 400, 90), 0.7, (("27/12/12", 0.8769), ("27/12/72", 0.1052)))
    page = OcrPage(number=1, width=1654, height=2339, dpi=200, source="ocr",
                   blocks=[Block([Line([w("Ngày:", 5, 60), value])], "stamp")], body_text="")
    data = OcrDocument(path="a.pdf", sha256="0" * 64, pages=[page]).to_dict()
    assert data["pages"][0]["blocks"][0]["lines"][0]["words"][1]["alternatives"] == [["27/12/12", 0.8769],
                                                                                     ["27/12/72", 0.1052]]
    assert "alternatives" not in data["pages"][0]["blocks"][0]["lines"][0]["words"][0]
    again = OcrDocument.from_dict(data)
    assert again.pages[0].blocks[0].lines[0].words[1] == value
