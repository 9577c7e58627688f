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


def pdf_image_bomb(path: Path, side: int = 24000) -> Path:
    """A one-page PDF of a few tens of kilobytes holding one ``side``×``side`` 1-bit image (blank,
    Flate-compressed): decoding it would take hundreds of megabytes to gigabytes."""
    import zlib

    data = zlib.compress((b"\x00" * (1 + side // 8)) * side, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
            b"/Contents 4 0 R >>"]
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objs.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 1 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns %d /Colors 1 "
                b"/BitsPerComponent 1 >> /Length %d >>\nstream\n" % (side, side, side, len(data)) + data
                + b"\nendstream")
    out, offsets = b"%PDF-1.4\n", []
    for k, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(out)
    return path


def test_a_pdf_image_bomb_is_refused_from_the_image_s_header(tmp_path: Path) -> None:
    """The pixel guard holds for an image inside a PDF, checked before anything decodes it."""
    bomb = pdf_image_bomb(tmp_path / "bomb.pdf")
    assert bomb.stat().st_size < 200_000
    with pytest.raises(ImageTooLargeError, match="24000×24000"):
        probe(bomb)
    small = pdf_image_bomb(tmp_path / "fine.pdf", side=2400)          # a 300-dpi A4-sized scan: read
    assert len(probe(small).to_ocr) == 1


def test_the_cli_refuses_a_pdf_image_bomb_in_one_line_with_bounded_memory(tmp_path: Path) -> None:
    import os
    import resource
    import subprocess
    import sys

    bomb = pdf_image_bomb(tmp_path / "bomb.pdf")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run([sys.executable, "-m", "congvan", "ocr", str(bomb)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "CONGVAN_HOME": str(tmp_path / "home")})
    peak_kb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "bomb.pdf" in proc.stderr and "megapixels" in proc.stderr
    assert peak_kb < 1_500_000, peak_kb                  # the largest child's peak, in KB: well under 1.5 GB


def test_pdfs_probed_and_rendered_from_several_threads_at_once() -> None:
    """PDFium is not thread-safe: the ingest's task threads and the desk's request threads probe
    and render PDFs side by side, each call to it taken in turn (``loader.PDFIUM``)."""
    from concurrent.futures import ThreadPoolExecutor

    pdfs = [sample(n) for n in ("cv031.pdf", "cv032.pdf", "cv000.pdf")]

    def work(k: int) -> tuple[int, tuple[int, ...]]:
        path = pdfs[k % len(pdfs)]
        plan = probe(path)
        image = load_image(PageRef(str(path), "pdf", 0, 100))
        return plan.pages, image.shape

    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(work, range(24)))
    assert got == [work(k) for k in range(24)]            # the same as one at a time
