"""OCR output (or plain text) → the dispatch record.

The field extractors live in :mod:`congvan.extractors`; this module assembles their results into a
:class:`~congvan.pipeline.core.records.Record` with the source description and the full text.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from congvan.extractors.extract import extract
from congvan.extractors.view import from_ocr, from_text
from congvan.ocr.esign import caption_signatures
from congvan.ocr.types import OcrDocument
from congvan.pipeline.core.errors import InputFileError
from congvan.pipeline.core.records import Record, Source
from congvan.pipeline.core.units import Office


def record_from_ocr(doc: OcrDocument, source_path: str | None = None, office: Office | None = None) -> Record:
    found = extract(from_ocr(doc), office)
    source = Source(path=source_path or doc.path, sha256=doc.sha256, pages=len(doc.pages), kind=doc.kind,
                    digital_signature=digital_signature(doc.signatures, doc.text))
    return Record(source=source, document=found.document, incoming=found.incoming,
                  confidence=found.confidence, text=doc.text)


def record_from_text(text: str, path: str = "-", sha256: str | None = None, office: Office | None = None) -> Record:
    """Text OCR'd elsewhere (pages separated by form feeds) → the record; never raises."""
    text = unicodedata.normalize("NFC", text)
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = extract(from_text(text), office)
    pages = text.count("\f") + 1 if text.strip() else 0
    return Record(source=Source(path=path, sha256=digest, pages=pages, kind="text",
                                digital_signature=digital_signature([], text)), document=found.document,
                  incoming=found.incoming, confidence=found.confidence, text=text)


def digital_signature(in_file: list[dict[str, str | None]], text: str) -> dict[str, str | None] | None:
    """The record's one ``source.digital_signature``: the file's own earliest signature (the signer's,
    before any organisation's counter-signature), else the first caption its pages show (a scan or
    print of a signed document); None when there is neither."""
    if in_file:
        return dict(in_file[0])
    shown = caption_signatures(text)
    return shown[0].to_dict() if shown else None


def read_text_file(path: Path) -> str:
    """A UTF-8 text file (a BOM is dropped); an :class:`InputFileError` saying how to fix it otherwise."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputFileError("no such file", path) from exc
    except (IsADirectoryError, PermissionError) as exc:
        raise InputFileError(f"cannot read ({exc.strerror})", path) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError("not UTF-8 text: convert it first (iconv -t UTF-8)", path) from exc
