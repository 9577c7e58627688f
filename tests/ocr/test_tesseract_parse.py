"""The TSV parser, without Tesseract."""

from __future__ import annotations

import pytest

from congvan.ocr.tesseract import parse_tsv
from congvan.pipeline.core.errors import OcrEngineError

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def row(level: int, block: int, par: int, line: int, word: int, box: tuple[int, int, int, int],
        conf: float, text: str) -> str:
    return "\t".join(map(str, (level, 1, block, par, line, word, *box, conf, text)))


def test_words_grouped_into_blocks_and_lines() -> None:
    tsv = "\n".join([
        HEADER,
        row(1, 0, 0, 0, 0, (0, 0, 100, 100), -1, ""),
        row(5, 1, 1, 1, 1, (10, 10, 40, 20), 95.5, "Số:"),
        row(5, 1, 1, 1, 2, (55, 10, 80, 20), 91.0, "25/CT-UBND"),
        row(5, 1, 1, 2, 1, (10, 40, 40, 20), 88.0, "Bắc"),
        row(5, 2, 1, 1, 1, (500, 10, 40, 20), 90.0, "CỘNG"),
        row(5, 2, 1, 1, 2, (545, 10, 40, 20), 12.0, "   "),
    ])
    blocks = parse_tsv(tsv)
    assert [b.text for b in blocks] == ["Số: 25/CT-UBND\nBắc", "CỘNG"]
    first = blocks[0].lines[0].words[0]
    assert first.bbox == (10, 10, 50, 30)
    assert first.conf == pytest.approx(0.955)


def test_text_is_nfc_and_offset_applies() -> None:
    decomposed = "Quye\u0302\u0301t"          # "Quyết" in NFD
    blocks = parse_tsv("\n".join([HEADER, row(5, 1, 1, 1, 1, (0, 0, 10, 10), 90, decomposed)]), offset=(5, 7))
    word = blocks[0].lines[0].words[0]
    assert word.text == "Quyết"
    assert word.bbox == (5, 7, 15, 17)


def test_min_conf_drops_words() -> None:
    tsv = "\n".join([HEADER, row(5, 1, 1, 1, 1, (0, 0, 1, 1), 10, "x"), row(5, 1, 1, 1, 2, (2, 0, 1, 1), 80, "y")])
    assert parse_tsv(tsv, min_conf=50)[0].text == "y"


def test_empty_and_bad_header() -> None:
    assert parse_tsv("") == []
    assert parse_tsv(HEADER) == []
    with pytest.raises(OcrEngineError):
        parse_tsv("not\ta\ttsv\n1\t2\t3")
