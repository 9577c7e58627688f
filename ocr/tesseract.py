"""The one place that calls Tesseract, and the parser of its TSV output.

:func:`run_tsv` writes nothing but a temporary image (uncompressed PGM/PPM, the cheapest to write
and read) and returns Tesseract's TSV. :func:`parse_tsv` is a pure function from that TSV to
blocks of lines of words; it is tested without Tesseract.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pytesseract

from congvan.ocr.types import Block, Line, Word
from congvan.pipeline.core.errors import MissingDependencyError, OcrEngineError

LANG = "vie"
# OpenMP threads inside one Tesseract fight the other processes on a small machine:
# 3 s a page with the limit, 11-19 s without it (measured on 2 cores). Always one thread.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@lru_cache(maxsize=1)
def check_engine(lang: str = LANG) -> str:
    """Tesseract's version; raises :class:`MissingDependencyError` with the fix when it is missing."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise MissingDependencyError(
            "Tesseract is not installed: run `make setup` or `apt-get install tesseract-ocr tesseract-ocr-vie`")
    langs = set(pytesseract.get_languages(config=""))
    missing = {lang, "osd"} - langs
    if lang in missing:
        raise MissingDependencyError(
            f"Tesseract has no '{lang}' model: run `apt-get install tesseract-ocr-{lang}`")
    return str(pytesseract.get_tesseract_version())


def run_tsv(image: np.ndarray, dpi: int, psm: int = 3, timeout: float = 300.0, lang: str = LANG,
            whitelist: str | None = None) -> str:
    """OCR one image (grey or RGB uint8) and return Tesseract's TSV text.

    ``whitelist`` restricts the characters Tesseract may answer (the LSTM honours it).
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="congvan-") as tmp:
        ext = ".pgm" if image.ndim == 2 else ".ppm"
        path = str(Path(tmp) / f"page{ext}")
        data = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
        if not cv2.imwrite(path, data):
            raise OcrEngineError("could not write the page image for Tesseract")
        try:
            out = pytesseract.image_to_data(
                path, lang=lang, timeout=timeout,
                config=f"--psm {psm} --dpi {int(dpi)}" + (f" -c tessedit_char_whitelist={whitelist}"
                                                          if whitelist else ""),
                output_type=pytesseract.Output.STRING)
        except pytesseract.TesseractNotFoundError as exc:
            raise MissingDependencyError(
                "Tesseract is not installed: run `make setup` or `apt-get install tesseract-ocr`") from exc
        except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
            raise OcrEngineError(f"Tesseract timed out after {timeout:.0f} s") from exc
        except pytesseract.TesseractError as exc:
            raise OcrEngineError(f"Tesseract failed: {exc.message.strip()[:200]}") from exc
    return str(out)


def run_osd(image: np.ndarray, timeout: float = 60.0) -> int | None:
    """Tesseract's orientation detection: degrees to rotate clockwise to make the page upright."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="congvan-") as tmp:
        path = str(Path(tmp) / "page.pgm")
        cv2.imwrite(path, image)
        try:
            osd = pytesseract.image_to_osd(path, config="--psm 0 --dpi 150", timeout=timeout)
        except (pytesseract.TesseractError, RuntimeError):
            return None  # too little text to decide: the caller keeps its own estimate
    for line in str(osd).splitlines():
        if line.startswith("Rotate:"):
            return int(line.split(":")[1]) % 360
    return None


def parse_tsv(tsv: str, min_conf: float = 0.0, offset: tuple[int, int] = (0, 0)) -> list[Block]:
    """Tesseract TSV → blocks → lines → words. Words are NFC; empty words are dropped.

    ``offset`` is added to every box (for crops OCR'd apart from their page).
    """
    blocks: dict[int, dict[tuple[int, int], list[Word]]] = {}
    lines = tsv.splitlines()
    if not lines:
        return []
    header = lines[0].split("\t")
    try:
        col = {name: header.index(name) for name in
               ("level", "block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text")}
    except ValueError as exc:
        raise OcrEngineError(f"unexpected Tesseract TSV header: {lines[0][:80]}") from exc
    dx, dy = offset
    for row in lines[1:]:
        cells = row.split("\t")
        if len(cells) < len(header) or cells[col["level"]] != "5":
            continue
        text = unicodedata.normalize("NFC", cells[col["text"]]).strip()
        if not text:
            continue
        conf = float(cells[col["conf"]])
        if conf < min_conf:
            continue
        x, y = int(cells[col["left"]]) + dx, int(cells[col["top"]]) + dy
        w, h = int(cells[col["width"]]), int(cells[col["height"]])
        key = (int(cells[col["par_num"]]), int(cells[col["line_num"]]))
        blocks.setdefault(int(cells[col["block_num"]]), {}).setdefault(key, []).append(
            Word(text, (x, y, x + w, y + h), max(0.0, conf) / 100.0))
    return [Block([Line(words) for _, words in sorted(lines_.items())]) for _, lines_ in sorted(blocks.items())]
