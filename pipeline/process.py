"""``process_document(path) -> Result``: one file through OCR and extraction, errors as data.

A batch never stops on a bad file: each :class:`Result` carries a status and structured errors
(docling's pattern). Only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from congvan.ocr.engine import OcrOptions, ocr_files
from congvan.ocr.types import OcrDocument
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import CongvanError
from congvan.pipeline.core.records import Record
from congvan.pipeline.extract import record_from_ocr
from congvan.pipeline.route_model import MODEL_FILE, RouteModel
from congvan.pipeline.routing import route


@dataclass(frozen=True)
class ErrorInfo:
    reason: str          # machine-readable slug: "empty-file", "encrypted-pdf", …
    message: str         # one line for a person, naming the fix where there is one
    exit_code: int

    @classmethod
    def of(cls, exc: CongvanError) -> ErrorInfo:
        return cls(exc.reason, exc.message, int(exc.exit_code))


@dataclass
class Result:
    path: str
    status: Literal["ok", "error"]
    record: Record | None = None
    ocr: OcrDocument | None = None
    errors: list[ErrorInfo] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def process_documents(paths: Iterable[Path], config: Config | None = None,
                      options: OcrOptions | None = None, learned_routing: bool = True) -> Iterator[Result]:
    """Process many files with one OCR pool; yields one :class:`Result` per file, in order."""
    config = config or Config.from_env()
    options = options or OcrOptions(jobs=config.jobs)
    office = config.office()                     # a bad units file stops the run before any OCR
    if not options.unit_codes:
        options = replace(options, unit_codes=office.unit_codes())
    model = RouteModel.load(Path(config.home) / MODEL_FILE) if learned_routing else None
    start = time.perf_counter()
    for path, got in ocr_files(paths, options):
        if isinstance(got, CongvanError):
            yield Result(str(path), "error", errors=[ErrorInfo.of(got)], seconds=time.perf_counter() - start)
        else:
            record = record_from_ocr(got, source_path=str(path), office=office)
            record.routing = route(record, office, model)
            yield Result(str(path), "ok", record=record, ocr=got, seconds=time.perf_counter() - start)
        start = time.perf_counter()


def process_document(path: Path | str, config: Config | None = None,
                     options: OcrOptions | None = None) -> Result:
    """One file: OCR → extract. Never raises for bad input; see :attr:`Result.errors`."""
    (result,) = process_documents([Path(path)], config, options)
    return result
