"""Born-digital PDF pages: read the text layer with pdfplumber, and tell a good layer from garbage.

A layer is not used (the page is OCR'd instead) when it is empty, made of ``(cid:NN)`` glyph ids,
written in a legacy 8-bit Vietnamese encoding (TCVN3/.VnTime shows as "Céng hßa", VNI as
"Coäng hoøa"), or lies over a full-page scan (an earlier tool's invisible OCR layer).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from congvan.ocr.types import Word
from congvan.pipeline.core.errors import CorruptFileError, EncryptedPdfError

SCALE = 300 / 72                 # PDF points → pixels in the 300-dpi page frame
MIN_CHARS = 25
# Letters of Vietnamese (precomposed, NFC) and plain ASCII; anything else in a word is suspicious.
_VN_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz")
_VN_LETTERS |= {c.upper() for c in _VN_LETTERS}
_WORDISH = re.compile(r"\S+")


@dataclass
class TextPage:
    index: int
    words: list[Word] = field(default_factory=list)
    chars: int = 0
    image_dpi: float | None = None         # resolution of a full-page image, if there is one
    reason: str | None = None              # why the layer is not usable; None when it is

    @property
    def usable(self) -> bool:
        return self.reason is None


def garbage_reason(text: str) -> str | None:
    """Why ``text`` cannot be a real Vietnamese/ASCII text layer, or ``None`` if it looks fine."""
    text = unicodedata.normalize("NFC", text)
    if len(text.strip()) < MIN_CHARS:
        return "no text layer"
    if text.count("(cid:") >= 3:
        return "glyph ids without a character map (cid)"
    words = [w for w in _WORDISH.findall(text) if any(c.isalpha() for c in w)]
    if not words:
        return "no words"
    odd = sum(1 for w in words if any(c.isalpha() and c not in _VN_LETTERS for c in w))
    if odd / len(words) > 0.08:
        return "legacy 8-bit encoding (TCVN3/VNI) or foreign script"
    return None


def read_text_layer(path: Path) -> dict[int, TextPage]:
    """Every page's text layer and its verdict. Raises on encrypted or unreadable PDFs."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    pages: dict[int, TextPage] = {}
    try:
        with pdfplumber.open(str(path)) as pdf:
            for i, page in enumerate(pdf.pages):
                tp = TextPage(index=i)
                area = float(page.width * page.height) or 1.0
                for im in page.images:
                    w_pt = float(im["x1"] - im["x0"])
                    h_pt = float(im["bottom"] - im["top"])
                    if w_pt * h_pt > 0.6 * area and im.get("srcsize"):
                        tp.image_dpi = float(im["srcsize"][0]) / (w_pt / 72)
                raw = page.extract_words(keep_blank_chars=False, use_text_flow=False)
                text = " ".join(str(w["text"]) for w in raw)
                tp.chars = len(text)
                tp.reason = garbage_reason(text)
                if tp.reason is None and tp.image_dpi is not None:
                    tp.reason = "text over a full-page scan (an earlier OCR layer)"
                if tp.reason is None:
                    tp.words = [Word(unicodedata.normalize("NFC", str(w["text"])),
                                     (int(float(w["x0"]) * SCALE), int(float(w["top"]) * SCALE),
                                      int(float(w["x1"]) * SCALE), int(float(w["bottom"]) * SCALE)), 1.0)
                                for w in raw]
                pages[i] = tp
    except (PDFPasswordIncorrect, PdfminerException, PDFSyntaxError) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(exc, PDFPasswordIncorrect) or isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedPdfError(
                "the PDF is encrypted with a password: save an unprotected copy and try again", path) from exc
        raise CorruptFileError(f"the PDF is damaged or truncated ({cause}): ask for a new copy or scan it again",
                               path) from exc
    return pages
