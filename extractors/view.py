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
from functools import lru_cache

from ocr.types import Block, OcrDocument
from pipeline.vntext import fold_tones

_EXTRA_FOLD = {"ð": "d", "Ð": "d", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _EXTRA_FOLD:
        return _EXTRA_FOLD[ch]
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return (base[:1] or ch).lower()


def folded(text: str) -> str:
    """Lower case, no diacritics, **same length** as ``text`` (one character for one)."""
    return "".join(_fold_char(c) for c in text)


def clean(text: str) -> str:
    """NFC, new tone placement, no control characters but tab/newline/form feed."""
    text = fold_tones(unicodedata.normalize("NFC", text))
    return "".join(c for c in text if c in "\t\n\f" or unicodedata.category(c)[0] != "C")


@dataclass
class Line:
    """One visual row of a page: its column segments (split at tabs) and the whole."""

    page: int
    index: int
    text: str

    @property
    def parts(self) -> list[str]:
        return [p.strip() for p in self.text.split("\t") if p.strip()]

    @property
    def flat(self) -> str:
        return re.sub(r"[ \t]+", " ", self.text).strip()


@dataclass
class View:
    pages: list[list[Line]]
    stamp_text: str | None = None            # the incoming stamp's own OCR, when layout separated it
    ink_text: str = ""                       # other coloured ink (red KHẨN/MẬT marks, name stamps)
    stamp_words: list[tuple[str, float]] = field(default_factory=list)
    layout: bool = False

    @property
    def lines(self) -> list[Line]:
        return [ln for page in self.pages for ln in page]

    @property
    def text(self) -> str:
        return "\f".join("\n".join(ln.text for ln in page) for page in self.pages)

    def header(self, limit: int = 18) -> list[Line]:
        """Page 1's first rows: issuer, Quốc hiệu, số/ký hiệu, place and date, type and trích yếu."""
        return self.pages[0][:limit] if self.pages else []

    def last_page(self) -> list[Line]:
        return self.pages[-1] if self.pages else []


def _lines(text: str, page: int) -> list[Line]:
    out = []
    for i, raw in enumerate(text.split("\n")):
        if raw.strip():
            out.append(Line(page, i, raw.rstrip()))
    return out


def from_text(text: str) -> View:
    text = clean(text)
    return View(pages=[_lines(p, k) for k, p in enumerate(text.split("\f"))] or [[]])


def from_ocr(doc: OcrDocument) -> View:
    pages = [_lines(clean(p.body_text), k) for k, p in enumerate(doc.pages)] or [[]]
    stamps: list[Block] = [b for p in doc.pages[:1] for b in p.blocks if b.kind == "stamp"]
    inks = [b for p in doc.pages for b in p.blocks if b.kind == "ink"]
    stamp_text = "\n\n".join(clean(_block_rows(b)) for b in stamps) or None
    words = [(clean(w.text), w.conf) for b in stamps for ln in b.lines for w in ln.words]
    return View(pages=pages, stamp_text=stamp_text, ink_text="\n".join(clean(b.text) for b in inks),
                stamp_words=words, layout=True)


def _block_rows(block: Block) -> str:
    from ocr.layout import rows_text

    return rows_text(block.lines)
