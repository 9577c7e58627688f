"""The ``congvan`` Typer app and what its command modules share: one line on stderr for an error
(OCRmyPDF's pattern), the folder walk, reading one file into a routed record.

Bad input gives one line on stderr naming the file and the reason, and a non-zero exit code
(see :class:`congvan.pipeline.core.errors.ExitCode`); never a traceback. Batches go on past bad files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import typer

from congvan.ocr.loader import SUFFIXES
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import CongvanError
from congvan.pipeline.core.records import Record

app = typer.Typer(
    add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
    help="congvan: scanned incoming dispatches (công văn đến) → registered, routed, searchable records.",
)


def fail(exc: CongvanError) -> typer.Exit:
    typer.echo(f"congvan: {exc}", err=True)
    return typer.Exit(int(exc.exit_code))


def expand(inputs: list[Path]) -> Iterator[Path]:
    """Files as given; folders walked recursively for supported extensions, in name order."""
    for item in inputs:
        if item.is_dir():
            yield from sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield item


def record_of(file: Path, text: bool, jobs: int = -1) -> Record:
    """The routed record of one file (scan, PDF, or with ``text`` a text file); on failure one
    line on stderr and the error's exit code."""
    from congvan.ocr.engine import OcrOptions
    from congvan.pipeline.extract import read_text_file, record_from_text
    from congvan.pipeline.process import process_document
    from congvan.pipeline.route_model import MODEL_FILE, RouteModel
    from congvan.pipeline.routing import route

    try:
        config = Config.from_env()
        if text:
            office = config.office()
            record = record_from_text(read_text_file(file), path=str(file), office=office)
            record.routing = route(record, office, RouteModel.load(Path(config.home) / MODEL_FILE))
            return record
        result = process_document(file, config, OcrOptions(jobs=config.jobs if jobs < 0 else jobs))
    except CongvanError as exc:
        raise fail(exc) from None
    if not result.ok or result.record is None:
        err = result.errors[0]
        typer.echo(f"congvan: {file}: {err.message}", err=True)
        raise typer.Exit(err.exit_code)
    return result.record


def short_name(path: str, width: int) -> str:
    name = os.path.basename(path)
    return name if len(name) <= width else "…" + name[-(width - 1):]
