"""Page images and word boxes for the desk: rendered once, found by id and page only; a field's
place on the page found from the OCR boxes the ingest kept (folded, fuzzy), or not at all."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from congvan.ocr.types import Block, Line, OcrDocument, OcrPage, Word
from congvan.pipeline.core.errors import NoSuchRecordError
from congvan.pipeline.page_images import field_region, kept_words, page_jpeg, page_words, render_filed, words_file
from congvan.search.ledger import Ledger

RID = "ab" * 32


def ocr_page(rotation: int = 0, skew: float = 0.0) -> OcrPage:
    def line(y: int, *texts: str) -> Line:
        return Line([Word(t, (100 + 120 * k, y, 200 + 120 * k, y + 30), 0.9) for k, t in enumerate(texts)])
    return OcrPage(number=1, width=1000, height=1400, dpi=150, source="ocr", rotation=rotation, skew=skew,
                   blocks=[Block([line(100, "UBND", "TỈNH", "HẢI", "DƯƠNG"), line(160, "Số:", "18/CT-UBND"),
                                  line(400, "V/v", "tăng", "cường", "an", "toàn", "thông", "tin")])])


def test_word_boxes_are_fractions_of_the_page_and_none_for_a_turned_page() -> None:
    words = page_words(ocr_page())
    assert words is not None and words[0] == ("UBND", 0.1, 0.0714, 0.1, 0.0214)
    assert page_words(ocr_page(rotation=90)) is None          # turned, and not said how: no boxes
    assert page_words(ocr_page(skew=2.0)) is None


def test_word_boxes_of_a_turned_resized_page_are_mapped_back_to_the_page_as_filed() -> None:
    """A page filed on its side (2000 × 1000) that OCR turned a quarter and read at half its size:
    a word's box comes back where the word is on the filed page."""
    turned = ocr_page(rotation=90)
    # page frame (x, y) at half size, turned clockwise: source x = 2·y, source y = 1000 - 2·x
    turned.to_source = (0.0, 2.0, 0.0, -2.0, 0.0, 1000.0)
    turned.source_size = (2000, 1000)
    words = page_words(turned)
    assert words is not None
    text, x, y, w, h = words[0]                                # "UBND" at (100..200, 100..130) on the page
    assert text == "UBND"
    assert (x, y, w, h) == pytest.approx((200 / 2000, 600 / 1000, 60 / 2000, 200 / 1000))


def test_a_field_is_found_by_its_words_folded_and_fuzzy(tmp_path: Path) -> None:
    original = tmp_path / "scan.png"
    cv2.imwrite(str(original), np.full((1400, 1000, 3), 255, np.uint8))
    assert render_filed(tmp_path, RID, original, 1, OcrDocument(path=str(original), sha256=RID,
                                                                 pages=[ocr_page()])) == 1
    assert words_file(tmp_path, RID, 1).is_file()
    words = kept_words(tmp_path, RID, 1)
    subject = field_region(words, "Tăng cường an toàn thông tin mạng")    # OCR read "tăng cường …"
    assert subject is not None and subject.page == 1
    assert subject.y == pytest.approx(400 / 1400, abs=1e-3) and subject.x == pytest.approx(0.22, abs=1e-3)
    number = field_region(words, "18/CT-UBND")
    assert number is not None and number.y == pytest.approx(160 / 1400, abs=1e-3)
    assert field_region(words, "Quyết định phê duyệt quy hoạch") is None
    assert kept_words(tmp_path, "cd" * 32, 1) == {}                           # no boxes kept: no region


def test_page_images_only_by_id_and_page_of_a_filed_original(tmp_path: Path) -> None:
    original = tmp_path / "scan.png"
    cv2.imwrite(str(original), np.full((3508, 2480, 3), 200, np.uint8))
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        with pytest.raises(NoSuchRecordError):
            page_jpeg(ledger, tmp_path, "../../etc/passwd", 1, 1)
        with pytest.raises(NoSuchRecordError):
            page_jpeg(ledger, tmp_path, RID, 2, 1)                  # past the last page
        with pytest.raises(NoSuchRecordError):
            page_jpeg(ledger, tmp_path, RID, 1, 1)                  # not filed
        with ledger.transaction():
            ledger.put_file(RID, "scan.png", "filed")
            ledger.set_archived(RID, original)
        data = page_jpeg(ledger, tmp_path, RID, 1, 1)
    assert data[:3] == b"\xff\xd8\xff"
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert img.shape[1] <= 1400
