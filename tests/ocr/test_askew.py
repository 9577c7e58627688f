"""A mark stamped askew (ocr.askew): its line of letters measured, turned level and read; and on a
page, end to end, the urgency it carries."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.ocr.askew import levelled, text_angle

FONT = "/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf"
DPI = 400


def _arrow_mark(angle: float, text: str = "HỎA TỐC") -> np.ndarray:
    """A banner-shaped stamp (an arrow's outline round a line of capitals), turned by ``angle``."""
    img = Image.new("L", (900, 260), 255)
    draw = ImageDraw.Draw(img)
    draw.polygon([(20, 30), (620, 30), (620, 0), (880, 130), (620, 260 - 1), (620, 230), (20, 230), (110, 130)],
                 outline=0, width=8)
    draw.text((160, 75), text, font=ImageFont.truetype(FONT, 96), fill=0)
    turned = img.rotate(angle, expand=True, fillcolor=255)
    return cv2.threshold(np.asarray(turned), 128, 255, cv2.THRESH_BINARY)[1]


@pytest.mark.parametrize("angle", [35.0, -25.0, 60.0])
def test_the_angle_of_a_line_of_stamped_letters(angle: float) -> None:
    got = text_angle(_arrow_mark(angle), DPI)
    assert got is not None and abs(got - angle) < 4


def test_level_text_and_scattered_marks_are_left_alone() -> None:
    assert text_angle(_arrow_mark(3.0), DPI) is None                  # level enough: read as it stands
    rng = np.random.default_rng(7)
    scatter = np.full((800, 800), 255, np.uint8)
    for x, y in rng.integers(60, 740, size=(12, 2)):
        cv2.circle(scatter, (int(x), int(y)), 20, 0, -1)             # a seal's specks, a pen's dots
    assert text_angle(scatter, DPI) is None
    assert text_angle(np.full((300, 300), 255, np.uint8), DPI) is None


@pytest.mark.tesseract
def test_an_askew_mark_is_read_level_without_its_outline() -> None:
    from congvan.ocr.tesseract import parse_tsv, run_tsv

    mark = _arrow_mark(40.0)
    level = levelled(mark, text_angle(mark, DPI) or 0.0, DPI)
    text = " ".join(w.text for b in parse_tsv(run_tsv(level, DPI, psm=4)) for ln in b.lines for w in ln.words)
    assert "HỎA TỐC" in text
    text = " ".join(w.text for b in parse_tsv(run_tsv(mark, DPI, psm=4)) for ln in b.lines for w in ln.words)
    assert "HỎA TỐC" not in text                                     # as it stands, Tesseract reads no mark


@pytest.mark.tesseract
def test_a_page_with_a_red_hoa_toc_arrow_pressed_askew_is_hoa_toc(tmp_path: Path) -> None:
    from congvan.pipeline.process import process_document

    page = Image.new("RGB", (1654, 2339), "white")              # A4 at 200 dpi
    draw = ImageDraw.Draw(page)
    regular = ImageFont.truetype("/usr/share/fonts/truetype/freefont/FreeSerif.ttf", 36)
    bold = ImageFont.truetype(FONT, 36)
    draw.text((200, 150), "ỦY BAN NHÂN DÂN", font=bold, fill="black")
    draw.text((220, 200), "TỈNH HẢI DƯƠNG", font=bold, fill="black")
    draw.text((820, 150), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=bold, fill="black")
    draw.text((900, 200), "Độc lập - Tự do - Hạnh phúc", font=bold, fill="black")
    draw.text((200, 290), "Số: 125/UBND-VP", font=regular, fill="black")
    draw.text((880, 290), "Hải Dương, ngày 14 tháng 3 năm 2025", font=regular, fill="black")
    draw.text((200, 340), "V/v triển khai chuyển đổi số", font=regular, fill="black")
    draw.text((700, 560), "Kính gửi: Sở Thông tin và Truyền thông.", font=regular, fill="black")
    for k in range(8):
        draw.text((200, 760 + 55 * k), "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị thực hiện nghiêm.",
                  font=regular, fill="black")
    mark = Image.fromarray(cv2.resize(_arrow_mark(38.0), None, fx=0.5, fy=0.5))       # 400 → 200 dpi
    red = Image.new("RGB", mark.size, (205, 30, 40))
    page.paste(red, (150, 420), Image.eval(mark, lambda v: 255 - v))                  # red ink where the mark is
    path = tmp_path / "hoa-toc.png"
    page.save(path, dpi=(200, 200))
    record = process_document(path).record
    assert record is not None
    assert record.document.urgency == "Hỏa tốc"
