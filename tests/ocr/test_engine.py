"""The real Tesseract, end to end, on sample files."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.ocr.engine import OcrOptions, ocr_file, ocr_files
from congvan.pipeline.core.errors import CongvanError, EmptyFileError
from congvan.pipeline.core.vntext import fold
from congvan.pipeline.extract import record_from_ocr
from congvan.pipeline.metrics import cer
from tests.conftest import sample, truth

pytestmark = pytest.mark.tesseract


def test_real_tesseract_reaches_cer_target() -> None:
    doc = ocr_file(sample("cv005.png"), OcrOptions(jobs=1))
    body = "\f".join(p.body_text for p in doc.pages)
    assert cer(truth("cv005")["text"], body) <= 0.03
    assert doc.kind == "scan" and doc.pages[0].source == "ocr"
    assert doc.sha256 == truth("cv005")["source"]["sha256"]


def test_stamp_is_its_own_block() -> None:
    doc = ocr_file(sample("cv005.png"), OcrOptions(jobs=1))
    stamps = [b for p in doc.pages for b in p.blocks if b.kind == "stamp"]
    assert stamps, "the CÔNG VĂN ĐẾN stamp should come back as a stamp block"
    text = " ".join(b.text for b in stamps).upper()
    assert "SỐ" in text or "NGÀY" in text or "ĐẾN" in text
    # and it is not in the printed body
    assert "Lãnh đạo" not in doc.pages[0].body_text


def test_lines_under_a_black_stamp_frame_are_read() -> None:
    # cv030: a bilevel G4 scan, the black stamp's frame crosses the number, date and heading
    doc = ocr_file(sample("cv030.tif"), OcrOptions(jobs=1))
    body = doc.pages[0].body_text
    assert "1281" in body and "64/2007/NĐ-CP" in body
    # and the signer's title under the black seal: Tesseract took seal and title for a picture
    assert "ĐỐC" in body
    assert record_from_ocr(doc).document.signer.title == "Giám đốc"


def test_a_black_stamp_is_read_as_its_own_block() -> None:
    # cv024: a bilevel scan, no colour to find the stamp by; it is found by its CÔNG VĂN ĐẾN
    doc = ocr_file(sample("cv024.tif"), OcrOptions(jobs=1))
    stamps = [b for b in doc.pages[0].blocks if b.kind == "stamp-print"]
    assert len(stamps) == 1 and "xu ly chinh" in fold(stamps[0].text).lower()
    assert not any(b.kind == "stamp-print" for p in doc.pages[1:] for b in p.blocks)


def test_text_layer_pdf_is_read_not_ocred() -> None:
    doc = ocr_file(sample("cv031.pdf"), OcrOptions(jobs=1))
    assert doc.kind == "text-pdf"
    assert cer(truth("cv031")["text"], doc.text) <= 0.01


def test_batch_goes_on_past_bad_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    results = list(ocr_files([empty, sample("cv031.pdf"), sample("cv027.png")], OcrOptions(jobs=2)))
    assert [p.name for p, _ in results] == ["empty.png", "cv031.pdf", "cv027.png"]
    assert isinstance(results[0][1], EmptyFileError)
    assert not isinstance(results[1][1], CongvanError) and not isinstance(results[2][1], CongvanError)


def test_multipage_pages_in_order() -> None:
    doc = ocr_file(sample("cv003.tif"), OcrOptions(jobs=2))
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.text.count("\f") == 1


def test_osd_answers_in_clockwise_degrees_to_apply() -> None:
    """The tie-breaker's convention matches prepare()'s: degrees to turn clockwise to be upright."""
    import cv2

    from congvan.ocr.loader import load_image, probe
    from congvan.ocr.preprocess import separate_ink, turn
    from congvan.ocr.tesseract import run_osd

    grey, _ = separate_ink(load_image(probe(sample("cv005.png")).to_ocr[0]))
    small = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    for clockwise in (90, 180):
        assert run_osd(turn(small, clockwise)) == (360 - clockwise) % 360


@pytest.mark.tesseract
def test_a_boxed_mark_the_canvas_call_dropped_is_read_alone() -> None:
    import cv2
    import numpy as np

    from congvan.ocr.engine import _unread_marks
    from congvan.ocr.ink import InkCanvas, InkRegion
    from congvan.ocr.types import Block, Line, Word

    image = np.full((300, 600), 255, np.uint8)
    cv2.rectangle(image, (20, 60), (500, 200), 0, 6)
    cv2.putText(image, "HOA TOC", (60, 160), cv2.FONT_HERSHEY_SIMPLEX, 2.4, 0, 7)
    canvas = InkCanvas(image, [(0, 300, InkRegion((0, 0, 150, 75), "ink", "red"))], zoom=4.0, pad=10, boxed=(0,))
    got = _unread_marks(canvas, [], 400, OcrOptions())
    assert "TOC" in " ".join(w.text for b in got for ln in b.lines for w in ln.words).upper()
    read = [Block([Line([Word("HỎA", (60, 100, 250, 160), 0.9)])])]
    assert _unread_marks(canvas, read, 400, OcrOptions()) == []        # read already: no second call


def test_reading_quality_weighs_confidences_by_letters() -> None:
    from congvan.ocr.engine import reading_quality
    from congvan.ocr.types import Line, Word

    lines = [Line([Word("CÔNG", (0, 0, 10, 10), 0.9), Word("—", (0, 0, 10, 10), 0.0), Word("1", (0, 0, 10, 10), 0.4)])]
    assert reading_quality(lines) == pytest.approx((4 * 0.9 + 0.4) / 5)
    assert reading_quality([]) == 0.0


@pytest.mark.tesseract
def test_a_stamp_read_poorly_is_read_in_its_faint_rendering_when_that_is_surer() -> None:
    import cv2
    import numpy as np

    from congvan.ocr.engine import _faint_where_surer
    from congvan.ocr.ink import InkCanvas, InkRegion
    from congvan.ocr.tesseract import parse_tsv, run_tsv

    faint = np.full((260, 1000), 255, np.uint8)
    cv2.putText(faint, "CONG VAN DEN So: 1252", (30, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    cv2.putText(faint, "Ngay: 08/06/15", (430, 190), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    dotted = np.full_like(faint, 255)
    spots = (faint < 128) & (np.indices(faint.shape).sum(axis=0) % 5 == 0)
    dotted[spots] = 0                                # the strict ink mask kept a pale print's spots
    slots = [(0, 260, InkRegion((0, 0, 250, 65), "stamp", "red"))]
    canvas = InkCanvas(dotted.copy(), slots, zoom=4.0, pad=10, faint=faint)
    parsed = parse_tsv(run_tsv(canvas.image, 400, psm=4, timeout=60))
    out = _faint_where_surer(canvas, parsed, 400, OcrOptions())
    text = " ".join(w.text for b in out for ln in b.lines for w in ln.words)
    assert "1252" in text and "08/06/15" in text
    assert (canvas.image == faint).all()             # values are cut from the faint rendering now
    sure = InkCanvas(faint.copy(), slots, zoom=4.0, pad=10, faint=dotted)
    read = parse_tsv(run_tsv(sure.image, 400, psm=4, timeout=60))
    assert _faint_where_surer(sure, read, 400, OcrOptions()) == read     # read well: left alone


@pytest.mark.tesseract
def test_a_stamp_read_without_its_ngay_line_is_read_alone_for_it() -> None:
    import cv2
    import numpy as np

    from congvan.ocr.engine import _dropped_date_lines
    from congvan.ocr.ink import InkCanvas, InkRegion
    from congvan.ocr.types import Block, Line, Word

    image = np.full((300, 1000), 255, np.uint8)
    cv2.putText(image, "CONG VAN DEN So: 1252", (30, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    cv2.putText(image, "Ngay: 08/06/15", (430, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    cv2.putText(image, "Chuyen:", (30, 240), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    canvas = InkCanvas(image, [(0, 300, InkRegion((0, 0, 250, 75), "stamp", "red"))], zoom=4.0, pad=10)
    so = Line([Word("CONG", (30, 45, 150, 80), 0.9), Word("VAN", (165, 45, 260, 80), 0.9),
               Word("DEN", (275, 45, 370, 80), 0.9), Word("So:", (385, 45, 460, 80), 0.9),
               Word("1252", (480, 45, 600, 80), 0.9)])
    chuyen = Line([Word("Chuyen:", (30, 205, 200, 240), 0.9)])
    # the canvas call left the indented Ngày line out (Tesseract's layout analysis does, beside another slot)
    out = _dropped_date_lines(canvas, [Block([so, chuyen])], 400, OcrOptions())
    added = [ln.text for b in out[1:] for ln in b.lines]
    assert len(out) == 2 and len(added) == 1 and "08/06/15" in added[0]
    # read with its Ngày line, or without a số label at all: left alone, no second call
    ngay = Line([Word("Ngay:", (430, 125, 560, 160), 0.9), Word("08/06/15", (575, 125, 800, 160), 0.9)])
    assert _dropped_date_lines(canvas, [Block([so, ngay, chuyen])], 400, OcrOptions()) == [Block([so, ngay, chuyen])]
    assert _dropped_date_lines(canvas, [Block([chuyen])], 400, OcrOptions()) == [Block([chuyen])]


def _form_with_drawn_blanks(path: Path) -> None:
    """A born-digital form whose number and day are drawn into the blanks as pictures, as an
    e-signature system puts them in: no text for them in the layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    def picture(text: str) -> Image.Image:
        img = Image.new("RGB", (120, 60), "white")
        ImageDraw.Draw(img).text((8, 4), text, font=ImageFont.truetype(
            "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf", 44), fill="black")
        return img

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("serif", fname="/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    pdf.set_font("serif", size=13)
    pdf.text(25, 20, "ỦY BAN NHÂN DÂN")
    pdf.text(95, 20, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    pdf.text(25, 26, "TỈNH QUẢNG NGÃI")
    pdf.text(110, 26, "Độc lập - Tự do - Hạnh phúc")
    pdf.text(25, 38, "Số:")
    pdf.text(52, 38, "/TB-UBND")
    pdf.text(95, 38, "Quảng Ngãi, ngày")
    pdf.text(150, 38, "tháng 01 năm 2025")
    pdf.image(picture("11"), x=36, y=32.5, w=14)
    pdf.image(picture("08"), x=136, y=32.5, w=14)
    pdf.text(90, 52, "THÔNG BÁO")
    for k in range(12):
        pdf.text(25, 64 + 7 * k, "Ủy ban nhân dân tỉnh thông báo kết luận của Phó Chủ tịch tại cuộc họp.")
    pdf.output(str(path))


def test_a_text_layer_s_blank_number_and_day_are_read_from_the_rendered_page(tmp_path: Path) -> None:
    from congvan.ocr import digit_model

    if not digit_model.available():
        pytest.skip("the digit model is not installed: run `make setup`")
    path = tmp_path / "form.pdf"
    _form_with_drawn_blanks(path)
    doc = ocr_file(path, OcrOptions(jobs=1))
    assert doc.pages[0].source == "text-layer"
    text = doc.pages[0].body_text
    assert "Số: 11/TB-UBND" in text and "ngày 08 tháng 01 năm 2025" in text
    assert "11/TB-UBND" not in ocr_file(path, OcrOptions(jobs=1, header_blanks=False)).pages[0].body_text


def test_do_no_harm_keeps_bare_tesseracts_reading_of_an_enlarged_page_it_is_surer_of(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The decision of ``_no_harm`` (Tesseract faked: its real behaviour is measured by
    bench/real.py): an enlarged page read unsure is read as decoded, and the surer reading wins;
    a page read sure, or not enlarged, costs no second call."""
    import numpy as np

    from congvan.ocr import engine
    from congvan.ocr.loader import PageRef
    from congvan.ocr.preprocess import untouched
    from congvan.ocr.types import Block, Line, Word

    def read(conf: float) -> list[Block]:
        return [Block([Line([Word("chữ", (0, 0, 10, 10), conf)])])]

    calls: list[int] = []
    bare_conf = [0.66]

    def fake_tsv(image: np.ndarray, dpi: int, **kw: object) -> str:
        calls.append(dpi)
        return "bare"

    monkeypatch.setattr(engine, "run_tsv", fake_tsv)
    monkeypatch.setattr(engine, "parse_tsv", lambda tsv, *a, **kw: read(bare_conf[0]))
    image = np.full((200, 100), 255, np.uint8)
    ref = PageRef("p.png", "png", 0, 100)
    enlarged = untouched(image, 250, inked=False)              # a Prepared at 2.5 × the page's dpi
    prep, blocks = engine._no_harm(image, ref, enlarged, read(0.56), engine.OcrOptions())
    assert calls == [100] and prep.dpi == 100 and prep.body.shape == image.shape
    assert engine.mean_confidence(blocks) == pytest.approx(0.66)
    bare_conf[0] = 0.57                                        # not ahead by the margin: ours kept
    prep, blocks = engine._no_harm(image, ref, enlarged, read(0.56), engine.OcrOptions())
    assert prep is enlarged and engine.mean_confidence(blocks) == pytest.approx(0.56)
    calls.clear()
    engine._no_harm(image, ref, enlarged, read(0.93), engine.OcrOptions())           # read sure
    engine._no_harm(image, ref, untouched(image, 100, False), read(0.56), engine.OcrOptions())  # not enlarged
    assert calls == []
