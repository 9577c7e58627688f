"""File → pages. Recognises the format by its bytes, never by the name; refuses bad input clearly.

:func:`probe` opens a file once and returns a :class:`FilePlan`: its pages, which of them carry a
usable text layer and which must be OCR'd. :func:`load_image` renders or decodes one page to an
RGB or grey ``uint8`` array; it runs in the OCR worker processes so that decoding is parallel too.
Nothing is ever written into or next to the input file.
"""

from __future__ import annotations

import hashlib
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import cv2
import numpy as np
from PIL import Image, ImageOps, ImageSequence

from congvan.ocr.textlayer import TextPage, read_text_layer
from congvan.pipeline.core.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    ImageTooLargeError,
    InputFileError,
    NoPagesError,
    UnsupportedFormatError,
)

Format = Literal["pdf", "png", "jpeg", "tiff"]
# the file names a folder walk picks up (the format itself is always sniffed from the bytes)
SUFFIXES = frozenset({".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"})
MAX_PIXELS = 100_000_000          # a larger page is refused as a decompression bomb
PDF_DPI = 300
A4_LONG_INCHES = 11.69


@dataclass(frozen=True)
class PageRef:
    path: str
    fmt: Format
    index: int                    # 0-based page or frame
    dpi: int                      # resolution to render (PDF) or as found (images)


@dataclass
class FilePlan:
    path: str
    sha256: str
    fmt: Format
    pages: int
    to_ocr: list[PageRef] = field(default_factory=list)
    text_pages: dict[int, TextPage] = field(default_factory=dict)


def sniff(head: bytes) -> Format | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def probe(path: Path) -> FilePlan:
    """Validate ``path`` and plan its pages. Raises an :class:`InputFileError` subclass on bad input."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
    except FileNotFoundError as exc:
        raise InputFileError("no such file", path) from exc
    except IsADirectoryError as exc:
        raise InputFileError("is a directory, not a file", path) from exc
    except PermissionError as exc:
        raise InputFileError("permission denied", path) from exc
    if size == 0:
        raise EmptyFileError("the file is empty (0 bytes)", path)
    fmt = sniff(head)
    if fmt is None:
        raise UnsupportedFormatError(
            "not a PDF, TIFF, JPEG or PNG file (formats are recognised by content, not by name)", path)
    plan = FilePlan(path=str(path), sha256=sha256_of(path), fmt=fmt, pages=0)
    if fmt == "pdf":
        _probe_pdf(path, plan)
    else:
        _probe_image(path, fmt, plan)
    if plan.pages == 0:
        raise NoPagesError("the document has no pages", path)
    return plan


# PDFium is not thread-safe: no two threads of a process may call it at once, not even on two
# documents (pypdfium2's documentation); the ingest's task threads and the desk's request
# threads probe and render PDFs side by side, and two calls at once crashed the process (SIGSEGV)
PDFIUM = threading.Lock()


def _probe_pdf(path: Path, plan: FilePlan) -> None:
    import pypdfium2 as pdfium

    text_pages = read_text_layer(path)          # raises on encrypted or unparsable files
    plan.pages = len(text_pages)
    if plan.pages == 0:
        return
    with PDFIUM:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            if exc.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
                raise EncryptedPdfError(
                    "the PDF is encrypted with a password: save an unprotected copy and try again", path) from exc
            raise CorruptFileError(f"the PDF is damaged or truncated ({exc}): ask for a new copy or scan it again",
                                   path) from exc
        try:
            sizes = [pdf.get_page_size(i) for i in range(len(pdf))]
            for i in range(len(pdf)):
                _image_sizes_checked(pdf, i, path, pdfium)
        finally:
            pdf.close()
    if len(sizes) != plan.pages:
        raise CorruptFileError(f"the PDF's page tree is damaged ({len(sizes)} vs {plan.pages} pages): "
                               "ask for a new copy or scan it again", path)
    for i, (w_pt, h_pt) in enumerate(sizes):
        tp = text_pages.get(i)
        if tp is not None and tp.usable:
            plan.text_pages[i] = tp
            continue
        dpi = PDF_DPI
        if tp is not None and tp.image_dpi:
            dpi = int(min(PDF_DPI, max(100, tp.image_dpi)))   # never upsample a low-resolution scan
        if (w_pt * dpi / 72) * (h_pt * dpi / 72) > MAX_PIXELS:
            raise ImageTooLargeError(
                f"page {i + 1} is {w_pt / 72:.0f}×{h_pt / 72:.0f} inches: over {MAX_PIXELS // 1_000_000} "
                "megapixels at the OCR resolution", path)
        plan.to_ocr.append(PageRef(str(path), "pdf", i, dpi))


def _image_sizes_checked(pdf: Any, index: int, path: Path, pdfium: Any) -> None:
    """Refuse a page holding an image over :data:`MAX_PIXELS`, from the image's own header (its
    pixel size), before anything decodes it: a few kilobytes of PDF can hold a 24000×24000 image
    that takes gigabytes to decode (a "PDF image bomb")."""
    page = pdf[index]
    try:
        for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
            w, h = image.get_px_size()
            if w * h > MAX_PIXELS:
                raise ImageTooLargeError(
                    f"page {index + 1} holds a {w}×{h}-pixel image, over {MAX_PIXELS // 1_000_000} megapixels: "
                    "it is not read (scan the page again at 300 dpi)", path)
    finally:
        page.close()


def _open_image(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError(f"the image is over {MAX_PIXELS // 1_000_000} megapixels", path) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise CorruptFileError(f"not a readable image ({exc})", path) from exc
    return img


def _dpi_of(img: Image.Image) -> int:
    dpi = img.info.get("dpi")
    if dpi and 100 <= float(dpi[0]) <= 1200:
        return round(float(dpi[0]))
    return max(100, round(max(img.size) / A4_LONG_INCHES))   # no usable metadata: assume an A4 page


def _probe_image(path: Path, fmt: Format, plan: FilePlan) -> None:
    img = _open_image(path)
    with img:
        frames = getattr(img, "n_frames", 1)
        for i in range(frames):
            try:
                img.seek(i)
            except EOFError as exc:
                raise CorruptFileError(f"frame {i + 1} of {frames} is missing (truncated file?)", path) from exc
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise ImageTooLargeError(
                    f"page {i + 1} is {w}×{h} pixels, over {MAX_PIXELS // 1_000_000} megapixels", path)
            plan.to_ocr.append(PageRef(str(path), fmt, i, _dpi_of(img)))
        plan.pages = frames


def _scanned_image(page: Any, pdfium: Any) -> Any:
    """The page's one full-page image, decoded at its own resolution (no rendering), if it is a scan.

    A scanner's PDF is one upright image per page; decoding it directly is 3× faster than
    rendering and never resamples. Anything else (rotated pages, several images, transforms
    that turn or flip) is rendered instead.
    """
    if page.get_rotation() != 0:
        return None
    images = list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=1))
    if len(images) != 1:
        return None
    w_pt, h_pt = page.get_size()
    m = images[0].get_matrix()
    if abs(m.b) > 1e-6 or abs(m.c) > 1e-6 or m.a <= 0 or m.d <= 0:
        return None
    if m.a * m.d < 0.9 * w_pt * h_pt:
        return None
    try:
        return images[0].get_bitmap(render=False)
    except pdfium.PdfiumError:
        return None


def load_image(ref: PageRef) -> np.ndarray:
    """Decode or render one page: RGB (H, W, 3) or grey (H, W) ``uint8``, upright per EXIF."""
    path = Path(ref.path)
    if ref.fmt == "pdf":
        import pypdfium2 as pdfium

        try:
            with PDFIUM:
                pdf = pdfium.PdfDocument(ref.path)
                try:
                    # form widgets drawn too: e-signature systems put the number and the day into
                    # the header's blanks as signature fields' appearances, not as page content
                    pdf.init_forms()
                    page = pdf[ref.index]
                    bitmap = _scanned_image(page, pdfium) or page.render(scale=ref.dpi / 72)
                    arr = bitmap.to_numpy().copy()          # its own memory: the bitmap is PDFium's
                    mode = bitmap.mode
                finally:
                    pdf.close()
        except pdfium.PdfiumError as exc:
            raise CorruptFileError(f"page {ref.index + 1} cannot be rendered ({exc})", path) from exc
        out: np.ndarray
        if mode in ("BGRA", "BGRX"):
            out = cv2.cvtColor(arr, cv2.COLOR_BGRA2RGB)
        elif mode == "BGR":
            out = cv2.cvtColor(arr, cv2.COLOR_BGR2RGB)
        else:
            out = np.ascontiguousarray(arr if arr.ndim == 2 else arr[:, :, 0])
        return out
    img = _open_image(path)
    with img:
        try:
            frame = next(f for i, f in enumerate(ImageSequence.Iterator(img)) if i == ref.index)
            frame = ImageOps.exif_transpose(frame) or frame
            frame.load()
        except (OSError, StopIteration, SyntaxError, ValueError) as exc:
            raise CorruptFileError(f"page {ref.index + 1} cannot be decoded ({exc})", path) from exc
        if frame.mode in ("1", "L", "I;16", "I", "F"):
            return np.asarray(frame.convert("L"))
        return np.asarray(frame.convert("RGB"))
