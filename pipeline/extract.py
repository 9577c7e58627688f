"""OCR output → the dispatch record.

The field extractors live in :mod:`extractors`; this module assembles their results into a
:class:`~pipeline.records.Record` with the source description and the full text.
"""

from __future__ import annotations

from ocr.types import OcrDocument

from .records import Record, Source


def record_from_ocr(doc: OcrDocument, source_path: str | None = None) -> Record:
    source = Source(path=source_path or doc.path, sha256=doc.sha256, pages=len(doc.pages), kind=doc.kind)
    return Record(source=source, text=doc.text)
