"""What the extractors read: the document's text cut into the zones of an official dispatch.

A :class:`View` is built either from an :class:`~ocr.types.OcrDocument` (stamp and ink blocks
known, columns separated by tabs) or from plain text OCR'd elsewhere (stamp lines possibly
interleaved with the header, columns run together). Every extractor works on both.

Keyword matching is done on a *folded* copy of the text (no diacritics, đ→d, lower case) that
keeps every character at the same offset as the original, so a match found in the folded text
slices the original value out unchanged. That is what makes "QUYÊT ĐỊNH", "Noi nhan" and
"Kinh gủi" match while the extracted values keep their real spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from congvan.ocr.esign import CAPTION_LINE
from congvan.ocr.layout import rows_text
from congvan.ocr.types import Alternatives, Block, OcrDocument
from congvan.pipeline.core.vntext import fold, fold_tones

_CONTROLS = {cp: None for cp in (*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x200B, 0x2010), 0xFEFF, 0x2028,
                                  0x2029) if cp not in (0x09, 0x0A, 0x0C)}


@lru_cache(maxsize=16384)
def clean(text: str) -> str:
    """NFC, new tone placement, no control characters but tab/newline/form feed."""
    return fold_tones(unicodedata.normalize("NFC", text)).translate(_CONTROLS)


@dataclass
class Line:
    """One visual row of a page: its column segments (split at tabs) and the whole."""

    page: int
    index: int
    text: str

    @cached_property
    def parts(self) -> list[str]:
        return [p.strip() for p in self.text.split("\t") if p.strip()]

    @cached_property
    def flat(self) -> str:
        return re.sub(r"[ \t]+", " ", self.text).strip()


@dataclass
class View:
    pages: list[list[Line]]
    stamp_text: str | None = None            # the incoming stamp's own OCR, when layout separated it
    ink_text: str = ""                       # other coloured ink (red KHẨN/MẬT marks, name stamps)
    stamp_words: list[tuple[str, float]] = field(default_factory=list)
    # the other values a stamp word's ink may hold, with their shares (ocr.date_readings)
    stamp_alternatives: list[Alternatives] = field(default_factory=list)
    stamp_mixed: bool = False                # the stamp block also holds the print it covers (black stamp)
    header_words: list[tuple[str, float]] = field(default_factory=list)   # page 1's top third, with confidences

    def header(self, limit: int = 18) -> list[Line]:
        """Page 1's first rows: issuer, Quốc hiệu, số/ký hiệu, place and date, type and trích yếu."""
        return self.pages[0][:limit] if self.pages else []

    def main_end(self) -> int:
        """How many pages the document itself has: the pages before the first later one that opens
        another dispatch (:func:`opens_dispatch`: a forwarding letter, a reply or another văn bản
        scanned into the same file). Its citations, signer and Nơi nhận are not this document's."""
        return next((k for k in range(1, len(self.pages)) if opens_dispatch(self.pages[k])), len(self.pages))

    def main_pages(self) -> list[list[Line]]:
        """The document's own pages (:meth:`main_end`), its annexes included."""
        return self.pages[:self.main_end()]

    def last_page(self) -> list[Line]:
        """The document's last page with text: a blank back after the signature holds no signer."""
        own = self.main_pages()
        return next((page for page in reversed(own) if page), own[-1] if own else [])

    def closing_page(self) -> int | None:
        """The page that ends the main text: the first with a Nơi nhận label. The signature and the
        Nơi nhận close a văn bản side by side (NĐ 30/2020, Phụ lục I); the pages after them are its
        annexes, an attached draft or another document of the same file."""
        return next((k for k, page in enumerate(self.main_pages()) for i in range(len(page))
                     if noi_nhan_row(page, i)), None)


# "Nơi nhận:", and what OCR makes of it on a poor page ("Kvi nhận:"): a short word ending in i
# before "nhận", then its colon, at the start of the left column. The label is the two words
# alone: with a word after them ("Nơi nhận hồ sơ: 126 phố …") it is a sentence of the body
RE_NOI_NHAN = re.compile(r"n[o]i\s*nh[a]n\s*(?:[:;.]|$|(?=[-–+•]))|[a-z]{1,2}[il1]\s*nh[a]n\s*[:;.]")


def noi_nhan_label(line: Line) -> re.Match[str] | None:
    """The Nơi nhận label opening ``line``'s left column, matched on the folded, left-stripped column."""
    return RE_NOI_NHAN.match(_left_folded(line))


def _left_folded(line: Line) -> str:
    return fold((line.parts[0] if line.parts else line.flat).lstrip(), aligned=True)


# A label of two short words and its colon that OCR damaged past RE_NOI_NHAN ("ơi HÌiận:")
_DAMAGED_LABEL = re.compile(r"\W{0,2}(?P<words>[a-z]{1,4}\s*[a-z]{2,6})\s*[:;.]")
# "Như trên": the first entry of nearly every Nơi nhận list (the addressees of the Kính gửi)
_NHU_TREN = re.compile(r"\W{0,3}\s*nh[uw]\s*tr[e]n\b")
LABEL_LIKENESS = 65          # rapidfuzz ratio of a damaged label's letters to "noinhan"


def noi_nhan_row(page: list[Line], k: int) -> re.Match[str] | None:
    """The Nơi nhận label opening row ``k`` of ``page``: as :func:`noi_nhan_label` reads it, or a
    label OCR damaged further, two short words like "Nơi nhận" and a colon, taken for it only
    when the next row is the list's usual first entry, "- Như trên"."""
    got = noi_nhan_label(page[k])
    if got is not None or k + 1 >= len(page):
        return got
    damaged = _DAMAGED_LABEL.match(_left_folded(page[k]))
    if damaged is None or not _NHU_TREN.match(_left_folded(page[k + 1])):
        return None
    letters = re.sub(r"\s+", "", damaged["words"])
    return damaged if fuzz.ratio(letters, "noinhan") >= LABEL_LIKENESS else None


# The first rows of a page that opens an issued dispatch: the Quốc hiệu (NĐ 30/2020, Phụ lục I,
# cell 2) or the Party's heading, a "Số:" line with its số and ký hiệu (cell 3), and a date whose
# day and month are written (cell 4)
_QUOC_HIEU_ROW = re.compile(r"cong\s*h[o]a\s*x|doc\s*lap\s*-|dang\s*cong\s*san\s*viet\s*nam")
_SO_ROW = re.compile(r"(?:^|\t)\s*s[o]\s*[:.]?\s*[^\s/]{0,8}\s*/\s*\w")
_DATED_ROW = re.compile(r"ngay\W{0,2}\s*\d{1,2}\s*thang\s*\d{1,2}")     # in words: a citation's is "05/3/2024"
OPENING_ROWS = 8


def opens_dispatch(page: list[Line]) -> bool:
    """Whether ``page``'s first rows hold an issued dispatch's heading: the Quốc hiệu, a Số line and
    a date with its day and month. A continuation page, an annex (its "PHỤ LỤC … Kèm theo …"
    heading) and a table have none of them; a draft attached to a Tờ trình (dự thảo: "ngày …
    tháng … năm 2025", the day and month left blank until it is passed) is part of the submission."""
    folded = [fold(ln.text, aligned=True) for ln in page[:OPENING_ROWS]]
    if not any(_QUOC_HIEU_ROW.search(f) for f in folded):
        return False
    # the date beside the Số line (one row off where OCR split the row), not a Căn cứ's further down
    return any(_SO_ROW.search(f) and any(_DATED_ROW.search(g) for g in folded[max(0, k - 1):k + 2])
               for k, f in enumerate(folded))


def _lines(text: str, page: int) -> list[Line]:
    """The page's non-blank lines, an e-signature mark's caption left out (``ocr.esign.CAPTION_LINE``):
    it is recorded as ``source.digital_signature``, and its signer and time are no header field."""
    out = []
    for i, raw in enumerate(text.split("\n")):
        if raw.strip() and not CAPTION_LINE.search(raw):
            out.append(Line(page, i, raw.rstrip()))
    return out


# Text laid out with spaces (``pdftotext -layout``, Tesseract's preserve_interword_spaces): a run
# of this many spaces between words is a column gap, as a tab is.
COLUMN_GAP = re.compile(r"(?<=\S) {4,}(?=\S)")


def from_text(text: str) -> View:
    text = COLUMN_GAP.sub("\t", clean(text))
    return View(pages=[_lines(p, k) for k, p in enumerate(text.split("\f"))] or [[]])


def from_ocr(doc: OcrDocument) -> View:
    pages = [_lines(clean(p.body_text), k) for k, p in enumerate(doc.pages)] or [[]]
    stamps: list[Block] = [b for p in doc.pages[:1] for b in p.blocks if b.kind in ("stamp", "stamp-print")]
    inks = [b for p in doc.pages for b in p.blocks if b.kind == "ink"]
    stamp_text = "\n\n".join(clean(_block_rows(b)) for b in stamps) or None
    words = [(clean(w.text), w.conf) for b in stamps for ln in b.lines for w in ln.words]
    alternatives = [w.alternatives for b in stamps for ln in b.lines for w in ln.words if w.alternatives]
    first = doc.pages[0] if doc.pages else None
    header = [(clean(w.text), w.conf) for b in (first.blocks if first else []) if b.kind == "text"
              for ln in b.lines for w in ln.words if first and w.bbox[3] < first.height / 3]
    return View(pages=pages, stamp_text=stamp_text, ink_text="\n".join(clean(b.text) for b in inks),
                stamp_words=words, stamp_alternatives=alternatives,
                stamp_mixed=any(b.kind == "stamp-print" for b in stamps), header_words=header)


def _block_rows(block: Block) -> str:
    return rows_text(block.lines)
