"""Bad input: every case gets its own error, naming the file; nothing is written next to it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from congvan.ocr.loader import PageRef, load_image, probe, sniff
from congvan.pipeline.core.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    ImageTooLargeError,
    NoPagesError,
    UnsupportedFormatError,
)
from tests.conftest import sample


def test_sniff_by_content() -> None:
    assert sniff(b"%PDF-1.7\n") == "pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "png"
    assert sniff(b"\xff\xd8\xff\xe0") == "jpeg"
    assert sniff(b"II*\x00") == "tiff"
    assert sniff(b"MM\x00*") == "tiff"
    assert sniff(b"GIF89a") is None


def test_zero_byte(tmp_path: Path) -> None:
    f = tmp_path / "scan.pdf"
    f.write_bytes(b"")
    with pytest.raises(EmptyFileError) as info:
        probe(f)
    assert str(f) in str(info.value)


def test_truncated_pdf(tmp_path: Path) -> None:
    f = tmp_path / "cut.pdf"
    f.write_bytes(sample("cv000.pdf").read_bytes()[:4000])
    with pytest.raises(CorruptFileError):
        probe(f)


def test_garbage_after_pdf_header(tmp_path: Path) -> None:
    f = tmp_path / "junk.pdf"
    f.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    with pytest.raises(CorruptFileError):
        probe(f)


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(sample("cv031.pdf")).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    f = tmp_path / "locked.pdf"
    with f.open("wb") as out:
        writer.write(out)
    with pytest.raises(EncryptedPdfError) as info:
        probe(f)
    assert "password" in info.value.message


def test_pdf_without_pages(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    f = tmp_path / "empty-doc.pdf"
    with f.open("wb") as out:
        PdfWriter().write(out)
    with pytest.raises(NoPagesError):
        probe(f)


def test_unsupported_type(tmp_path: Path) -> None:
    f = tmp_path / "scan.gif"
    Image.new("RGB", (20, 20)).save(f, "GIF")
    with pytest.raises(UnsupportedFormatError):
        probe(f)
    g = tmp_path / "letter.pdf"       # the name says PDF, the bytes say text
    g.write_text("Kính gửi: Sở Thông tin và Truyền thông", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError):
        probe(g)


def test_decompression_bomb(tmp_path: Path) -> None:
    f = tmp_path / "huge.png"
    Image.new("1", (12_000, 9_000), 1).save(f, "PNG")        # 108 megapixels, a few KB on disk
    with pytest.raises(ImageTooLargeError) as info:
        probe(f)
    assert "megapixels" in info.value.message


def test_truncated_image(tmp_path: Path) -> None:
    f = tmp_path / "half.jpg"
    f.write_bytes(sample("cv002.jpg").read_bytes()[:30_000])
    plan = probe(f)                     # the header is fine; decoding finds the damage
    with pytest.raises(CorruptFileError):
        load_image(plan.to_ocr[0])


def test_multipage_tiff_and_exif(tmp_path: Path) -> None:
    plan = probe(sample("cv003.tif"))
    assert plan.pages == 2 and [r.index for r in plan.to_ocr] == [0, 1]
    img = Image.new("RGB", (300, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6                      # "rotate 90° clockwise to view"
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    f = tmp_path / "phone.jpg"
    f.write_bytes(buf.getvalue())
    arr = load_image(PageRef(str(f), "jpeg", 0, 300))
    assert arr.shape[:2] == (300, 200)


def test_text_pdf_pages_need_no_ocr() -> None:
    plan = probe(sample("cv031.pdf"))
    assert plan.to_ocr == [] and list(plan.text_pages) == [0]
    scan = probe(sample("cv000.pdf"))
    assert [r.index for r in scan.to_ocr] == [0] and not scan.text_pages


def test_probe_writes_nothing(tmp_path: Path) -> None:
    f = tmp_path / "in.pdf"
    f.write_bytes(sample("cv000.pdf").read_bytes())
    before = f.stat().st_mtime_ns
    probe(f)
    load_image(probe(f).to_ocr[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.pdf"]
    assert f.stat().st_mtime_ns == before
