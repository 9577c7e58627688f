"""Scans a clerk uploads from the browser, put into the inbox the ingest flow reads.

A file is checked by its content (PDF, TIFF, JPEG or PNG: :func:`congvan.ocr.loader.sniff`),
never by its name or its declared type, and by its size; it is written under a generated name
(the day, a random part, the suffix of its real format) as a hidden part file first, then renamed,
so the flow never claims half a file. The name the clerk's file had is kept only for display.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from congvan.ocr.loader import sniff
from congvan.pipeline.core.errors import InputFileError, UnsupportedFormatError

SUFFIX = {"pdf": ".pdf", "tiff": ".tif", "jpeg": ".jpg", "png": ".png"}
DEFAULT_MAX_MB = 50


def max_bytes() -> int:
    """``CONGVAN_UPLOAD_MAX_MB`` (default 50) in bytes."""
    raw = os.environ.get("CONGVAN_UPLOAD_MAX_MB") or str(DEFAULT_MAX_MB)
    return int(float(raw) * 1024 * 1024)


@dataclass(frozen=True)
class Upload:
    shown_name: str          # what the clerk's file was called (display only)
    stored: Path             # where it waits in the inbox


def accept(stream: BinaryIO, shown_name: str, inbox: Path, limit: int | None = None) -> Upload:
    """Copy an uploaded file into ``inbox``; :class:`InputFileError` (nothing left behind) when it is
    empty, too large, or not one of the four formats."""
    limit = max_bytes() if limit is None else limit
    shown = os.path.basename(shown_name.replace("\\", "/"))[:200] or "tệp"
    head = stream.read(1024)
    if not head:
        raise InputFileError("the file is empty (0 bytes)", shown)
    fmt = sniff(head)
    if fmt is None:
        raise UnsupportedFormatError("not a PDF, TIFF, JPEG or PNG file (checked by its content)", shown)
    too_large = InputFileError(f"larger than the {limit / (1024 * 1024):g} MB an upload may be "
                               "(CONGVAN_UPLOAD_MAX_MB)", shown)
    if len(head) > limit:
        raise too_large
    inbox.mkdir(parents=True, exist_ok=True)
    name = f"web-{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}{SUFFIX[fmt]}"
    part = inbox / f".{name}.part"
    size = len(head)
    try:
        with part.open("xb") as out:
            out.write(head)
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise too_large
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        target = inbox / name
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    return Upload(shown, target)
