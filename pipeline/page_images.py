"""A registered document's pages as images for the desk, found by the record's id and a page
number only (never by a path from a request): the original is where the ledger says it was
filed. Each page is rendered once at a screen resolution, as JPEG, and kept under
``CONGVAN_HOME/pages``: the ingest renders the first pages when it files the original, so that
opening a document does not wait for it; any other page is rendered on its first view.

The ingest also keeps where OCR found each word on those pages (as fractions of the page, so they
fit any rendering), which lets the desk show the clerk where a field was read
(:func:`field_region`). Pages OCR turned or straightened keep none: their boxes would not fit
the page as filed. Both are caches beside the ledger, never the record."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import orjson
from rapidfuzz import fuzz

from congvan.ocr.loader import PageRef, load_image, sniff
from congvan.ocr.types import OcrDocument, OcrPage
from congvan.pipeline.core.errors import CongvanError, InputFileError, NoSuchRecordError
from congvan.pipeline.core.files import write_whole
from congvan.pipeline.core.vntext import fold
from congvan.search.ledger import Ledger

SCREEN_DPI = 110          # a page of A4 at about 910 × 1290 px: read on a screen, zoomed in the browser
MAX_WIDTH = 1400          # a large photo is brought down to this
JPEG_QUALITY = 85
AT_INGEST = 5             # pages rendered when the original is filed (the ones people open)


def cached(home: Path, record_id: str, page: int) -> Path:
    return home / "pages" / f"{record_id}-{page}.jpg"


def _render(original: Path, page: int) -> bytes:
    with original.open("rb") as fh:
        fmt = sniff(fh.read(1024))
    if fmt is None:
        raise InputFileError("the filed original is not a readable document", original.name)
    pixels: np.ndarray = load_image(PageRef(str(original), fmt, page - 1, SCREEN_DPI))
    if pixels.ndim == 3:
        pixels = cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR)
    h, w = pixels.shape[:2]
    if w > MAX_WIDTH:
        pixels = cv2.resize(pixels, (MAX_WIDTH, round(h * MAX_WIDTH / w)), interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise InputFileError("the page could not be encoded", original.name)
    return bytes(data)




def page_jpeg(ledger: Ledger, home: Path, record_id: str, page: int, pages: int) -> bytes:
    """Page ``page`` (1-based) of the record's filed original, as JPEG. The caller has checked
    that the person may see the record; :class:`NoSuchRecordError` when there is no such page or
    the original is not in the archive."""
    if len(record_id) != 64 or not record_id.isalnum() or not 1 <= page <= pages:
        raise NoSuchRecordError("no such page", f"{record_id[:12]} page {page}")
    path = cached(home, record_id, page)
    if path.is_file():
        return path.read_bytes()
    original = ledger.archived(record_id)
    if original is None or not original.is_file():
        raise NoSuchRecordError("the original is not in the archive (filed before congvan 0.4.0 kept its place, "
                                "or moved by hand)", record_id[:12])
    data = _render(original, page)
    write_whole(path, data)
    return data


def render_filed(home: Path, record_id: str, original: Path, pages: int, ocr: OcrDocument | None = None) -> int:
    """Render the first :data:`AT_INGEST` pages of a just-filed original into the cache (and keep
    their OCR word boxes); a page that cannot be rendered is left to its first view. Returns how
    many were rendered."""
    done = 0
    for page in range(1, min(pages, AT_INGEST) + 1):
        with contextlib.suppress(CongvanError, OSError, cv2.error):
            write_whole(cached(home, record_id, page), _render(original, page))
            done += 1
    if ocr is not None:
        for p in ocr.pages[:AT_INGEST]:
            words = page_words(p)
            if words is not None:
                with contextlib.suppress(OSError):
                    write_whole(words_file(home, record_id, p.number), orjson.dumps(words))
    return done


STRAIGHT = 0.5            # degrees of deskew under which OCR's boxes still fit the page as filed


def words_file(home: Path, record_id: str, page: int) -> Path:
    return home / "pages" / f"{record_id}-{page}.words.json"


def page_words(page: OcrPage) -> Words | None:
    """(text, x, y, w, h) of every word OCR read on ``page``, in fractions of the page as filed:
    boxes OCR found on the turned, straightened or resized page are mapped back through the
    page's :attr:`~congvan.ocr.types.OcrPage.to_source`. None when they cannot be (a page OCR
    turned or straightened without saying how: a photo's warped page)."""
    if page.to_source and all(page.source_size):
        back = np.array(page.to_source, dtype=np.float64).reshape(2, 3)
        sw, sh = page.source_size
    elif not page.rotation and abs(page.skew) <= STRAIGHT and page.width and page.height:
        back, (sw, sh) = np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float64), (page.width, page.height)
    else:
        return None
    out = []
    for block in page.blocks:
        for line in block.lines:
            for w in line.words:
                x0, y0, x1, y1 = w.bbox
                corners = back @ np.array([[x0, x1, x0, x1], [y0, y0, y1, y1], [1, 1, 1, 1]], dtype=np.float64)
                left, top = float(corners[0].min()) / sw, float(corners[1].min()) / sh
                out.append((w.text, round(left, 4), round(top, 4), round(float(corners[0].max()) / sw - left, 4),
                            round(float(corners[1].max()) / sh - top, 4)))
    return out


@dataclass(frozen=True)
class Region:
    page: int
    x: float            # fractions of the page
    y: float
    w: float
    h: float


REGION_WORDS = 8         # a value is looked for by its first words
REGION_MATCH = 80        # rapidfuzz ratio of the folded words for a place to count as the value's


Words = list[tuple[str, float, float, float, float]]


def kept_words(home: Path, record_id: str, pages: int) -> dict[int, Words]:
    """The word boxes the ingest kept for the record's first pages, by page (none: none kept)."""
    out: dict[int, Words] = {}
    for page in range(1, min(pages, AT_INGEST) + 1):
        path = words_file(home, record_id, page)
        if path.is_file():
            out[page] = [(str(t), float(x), float(y), float(w), float(h)) for t, x, y, w, h in orjson.loads(
                path.read_bytes())]
    return out


def field_region(words_by_page: dict[int, Words], value: str) -> Region | None:
    """Where on the pages OCR read ``value`` (its first :data:`REGION_WORDS` words, matched folded
    and fuzzily against consecutive words of :func:`kept_words`); None when not found."""
    wanted = fold(value, lower=True).split()[:REGION_WORDS]
    if not wanted:
        return None
    target = " ".join(wanted)
    best: tuple[float, Region] | None = None
    for page, words in sorted(words_by_page.items()):
        folded = [fold(t, lower=True) for t, *_ in words]
        # OCR may split or join words, and the value may end on the next page: a few lengths each way
        lengths = range(max(1, len(wanted) - 2), len(wanted) + 3)
        for n, i in ((size, start) for size in lengths for start in range(len(words) - size + 1)):
            score = fuzz.ratio(" ".join(folded[i:i + n]), target)
            if score >= REGION_MATCH and (best is None or score > best[0]):
                span = words[i:i + n]
                x0, y0 = min(w[1] for w in span), min(w[2] for w in span)
                x1, y1 = max(w[1] + w[3] for w in span), max(w[2] + w[4] for w in span)
                best = (score, Region(page, x0, y0, x1 - x0, y1 - y0))
    return best[1] if best else None
