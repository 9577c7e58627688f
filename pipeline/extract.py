"""OCR output (or plain text) → the dispatch record.

The field extractors live in :mod:`extractors`; this module assembles their results into a
:class:`~pipeline.records.Record` with the source description and the full text.
"""

from __future__ import annotations

import hashlib
import unicodedata

from extractors.extract import extract
from extractors.view import from_ocr, from_text
from ocr.types import OcrDocument

from .records import Record, Source
from .units import Office


def record_from_ocr(doc: OcrDocument, source_path: str | None = None, office: Office | None = None) -> Record:
    found = extract(from_ocr(doc), office)
    source = Source(path=source_path or doc.path, sha256=doc.sha256, pages=len(doc.pages), kind=doc.kind)
    return Record(source=source, document=found.document, incoming=found.incoming,
                  confidence=found.confidence, text=doc.text)


def record_from_text(text: str, path: str = "-", sha256: str | None = None, office: Office | None = None) -> Record:
    """Text OCR'd elsewhere (pages separated by form feeds) → the record; never raises."""
    text = unicodedata.normalize("NFC", text)
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = extract(from_text(text), office)
    pages = text.count("\f") + 1 if text.strip() else 0
    return Record(source=Source(path=path, sha256=digest, pages=pages, kind="text"), document=found.document,
                  incoming=found.incoming, confidence=found.confidence, text=text)
