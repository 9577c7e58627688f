"""The committed sample set: what the issue asks of it, and that the generator reproduces it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageSequence
from pypdf import PdfReader

from tests.conftest import ROOT, SAMPLES


def test_sample_set_shape(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    assert len(manifest) >= 30
    size = sum(p.stat().st_size for p in SAMPLES.iterdir())
    assert size <= 25 * 1024 * 1024
    formats = {m["format"] for m in manifest}
    assert {"pdf", "tiff", "jpeg", "png", "text-pdf"} <= formats
    assert {m["damage"] for m in manifest} >= {"stamp", "skew", "rotation", "noise", "lowdpi", "born-digital"}
    assert {m["pages"] for m in manifest} >= {1, 2, 3}
    assert {m["dpi"] for m in manifest} >= {150, 200, 300}
    stamped = [m for m in manifest if m["stamp"]]
    assert len(stamped) >= len(manifest) // 2
    assert {m["stamp"]["ink"] for m in stamped} == {"red", "purple", "blue"}
    assert any(m["stamp"]["handwritten"] for m in stamped) and any(not m["stamp"]["handwritten"] for m in stamped)
    for m in manifest:
        truth = json.loads((SAMPLES / f"{m['id']}.json").read_text(encoding="utf-8"))
        data = (SAMPLES / m["file"]).read_bytes()
        assert truth["source"]["sha256"] == hashlib.sha256(data).hexdigest()
        assert truth["source"]["pages"] == m["pages"] == truth["text"].count("\f") + 1
        assert (truth["incoming"] is not None) == bool(m["stamp"])
        assert 2011 <= int(truth["document"]["date"][:4]) <= 2025


def _pages(path: Path) -> list[np.ndarray]:
    """The file's pages as grey pixels: a PDF rendered at 100 dpi, an image decoded."""
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(str(path))
        try:
            return [np.asarray(pdf[i].render(scale=100 / 72, grayscale=True).to_pil()) for i in range(len(pdf))]
        finally:
            pdf.close()
    with Image.open(path) as im:
        return [np.asarray(frame.convert("L")) for frame in ImageSequence.Iterator(im)]


def _pdf_text(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _without_digest(truth: dict) -> dict:  # type: ignore[type-arg]
    return {**truth, "source": {k: v for k, v in truth["source"].items() if k != "sha256"}}


@pytest.mark.parametrize("index", [1, 31, 36])
def test_generator_is_deterministic(tmp_path: Path, index: int, manifest: list[dict]) -> None:  # type: ignore[type-arg]
    """The generator makes the committed sample again: the same pages, text and truth. Bytes are not
    compared: a PDF's bytes change with the font subsetter of the day (fontTools), not its pages."""
    subprocess.run([sys.executable, str(ROOT / "samples" / "generate.py"), "--out", str(tmp_path),
                    "--only", str(index)], check=True, capture_output=True)
    m = manifest[index]
    made, kept = tmp_path / m["file"], SAMPLES / m["file"]
    truth_made = json.loads((tmp_path / f"{m['id']}.json").read_text(encoding="utf-8"))
    truth_kept = json.loads((SAMPLES / f"{m['id']}.json").read_text(encoding="utf-8"))
    assert _without_digest(truth_made) == _without_digest(truth_kept)
    assert truth_made["source"]["sha256"] == hashlib.sha256(made.read_bytes()).hexdigest()
    pages_made, pages_kept = _pages(made), _pages(kept)
    assert [p.shape for p in pages_made] == [p.shape for p in pages_kept]
    for a, b in zip(pages_made, pages_kept, strict=True):
        assert np.abs(a.astype(np.int16) - b.astype(np.int16)).mean() < 0.5      # the same page, to the eye
    if made.suffix == ".pdf":
        assert _pdf_text(made) == _pdf_text(kept)


def test_the_second_office_shares_no_content_with_the_samples() -> None:
    """The held-out set's office (samples/second_office.py) uses none of the senders, citations,
    topics, signers' given names, recipients or stamp codes of samples/data's (samples/content.py)."""
    sys.path.insert(0, str(ROOT / "samples"))
    import content
    import second_office

    assert not {i.full for i in content.ISSUERS} & {i.full for i in second_office.ISSUERS}
    assert not {c.number for c in content.CITATIONS} & {c.number for c in second_office.CITATIONS}
    assert not {s for t in content.TOPICS for s in t.subjects} & {s for t in second_office.TOPICS for s in t.subjects}
    assert not {t.key for t in content.TOPICS} & {t.key for t in second_office.TOPICS}
    assert not set(content.GIVEN) & set(second_office.GIVEN)
    assert not set(content.RECIPIENT_POOL) & set(second_office.RECIPIENT_POOL)
    assert not set(content.UNIT_STAMP_CODE.values()) & set(second_office.UNIT_STAMP_CODE.values())
    assert not set(content.STAMP_STYLES) & set(second_office.STAMP_STYLES)
    assert content.FONT_FILES["r"] != second_office.FONT_FILES["r"]
    assert content.RECEIVER != second_office.RECEIVER


def test_a_held_out_document_is_rendered_for_the_second_office(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "samples" / "generate.py"), "--out", str(tmp_path), "--office",
                    "binh-dinh", "--seed", "777", "--only", "31"], check=True, capture_output=True)
    truth = json.loads((tmp_path / "cv031.json").read_text(encoding="utf-8"))
    assert "Bình Định" in truth["text"] or "Gia Lai" in truth["text"] or "Hà Nội" in truth["text"]
    fonts = {f for page in PdfReader(str(tmp_path / "cv031.pdf")).pages
             for f in (page["/Resources"]["/Font"].values() if "/Font" in page["/Resources"] else [])}
    assert any("DejaVu" in str(f.get_object()["/BaseFont"]) for f in fonts)
    assert truth["routing"]["main"] in {"Văn phòng Sở", "Thanh tra Sở", "Phòng Bưu chính - Viễn thông",
                                        "Phòng Quản lý Công nghệ thông tin", "Phòng Thông tin, Báo chí và Xuất bản",
                                        "Trung tâm Chuyển đổi số"}


def test_real_paper_s_traits_are_in_the_set(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    """Issue 20: pen-filled header blanks, e-signature captions, blank backs, phone photos, other
    stamp designs, each in some sample, with the truth each implies."""
    from congvan.ocr.esign import caption_signatures
    from congvan.ocr.loader import load_image, probe
    from congvan.ocr.preprocess import is_blank, text_height

    traits = {t for m in manifest for t in m.get("traits", [])}
    assert traits == {"pen-header", "esign", "verso", "photo", "cv-den", "portal"}
    for m in manifest:
        truth = json.loads((SAMPLES / f"{m['id']}.json").read_text(encoding="utf-8"))
        kinds = set(m.get("traits", []))
        if "esign" in kinds:                     # the caption on the page says who signed and when
            sig = truth["source"]["digital_signature"]
            found = caption_signatures(truth["text"].split("\f")[0])
            assert [(s.signer, s.time) for s in found] == [(sig["signer"], sig["time"])]
        else:
            assert "digital_signature" not in truth["source"]
        if "portal" in kinds:                    # the e-portal's design has no số đến
            assert truth["incoming"]["arrival_number"] is None and truth["incoming"]["arrival_date"]
        if "verso" in kinds:                     # every other page a blank back
            assert m["pages"] % 2 == 0 and truth["text"].split("\f")[1::2] == [""] * (m["pages"] // 2)
            back = load_image(probe(SAMPLES / m["file"]).to_ocr[1])
            grey = back if back.ndim == 2 else back.min(axis=2)
            assert is_blank(grey, text_height(grey))
        if "photo" in kinds:                     # a desk round the page: the corners are dark
            image = np.asarray(Image.open(SAMPLES / m["file"]).convert("L"))
            assert max(image[:20, :20].mean(), image[-20:, -20:].mean()) < 130
