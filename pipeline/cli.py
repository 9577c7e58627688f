"""The ``congvan`` command: a thin shell over :mod:`pipeline` (OCRmyPDF's pattern).

Bad input gives one line on stderr naming the file and the reason, and a non-zero exit code
(see :class:`pipeline.errors.ExitCode`); never a traceback. Batches go on past bad files.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from .config import Config
from .errors import CongvanError, ExitCode, InputFileError

app = typer.Typer(
    add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
    help="congvan: scanned incoming dispatches (công văn đến) → registered, routed, searchable records.",
)
SUPPORTED = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}


def fail(exc: CongvanError) -> typer.Exit:
    typer.echo(f"congvan: {exc}", err=True)
    return typer.Exit(int(exc.exit_code))


def expand(inputs: list[Path]) -> Iterator[Path]:
    """Files as given; folders walked recursively for supported extensions, in name order."""
    for item in inputs:
        if item.is_dir():
            yield from sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            yield item


@app.command()
def ocr(
    file: Annotated[Path, typer.Argument(help="A PDF, TIFF, JPEG or PNG file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the OcrDocument (pages, blocks, "
                                                       "lines, words with boxes) as JSON.")] = False,
    jobs: Annotated[int, typer.Option(help="OCR processes; 0 = one per core.")] = -1,
) -> None:
    """OCR one file and print its text, pages separated by a form feed."""
    from ocr.engine import OcrOptions, ocr_file

    try:
        config = Config.from_env()
        doc = ocr_file(file, OcrOptions(jobs=config.jobs if jobs < 0 else jobs))
    except CongvanError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(doc.text + "\n")


@app.command()
def run(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one record per line (JSON Lines).")] = False,
    jobs: Annotated[int, typer.Option(help="OCR processes; 0 = one per core.")] = -1,
) -> None:
    """OCR and extract every file; print a summary table (or JSON Lines). Bad files are reported
    one line each on stderr and the rest go on; the exit code is 10 if any file failed."""
    from ocr.engine import OcrOptions

    from .process import process_documents

    try:
        config = Config.from_env()
    except CongvanError as exc:
        raise fail(exc) from None
    paths = list(expand(inputs))
    if not paths:
        raise fail(InputFileError("no PDF, TIFF, JPEG or PNG files found", " ".join(map(str, inputs))))
    options = OcrOptions(jobs=config.jobs if jobs < 0 else jobs)
    failed = pages = 0
    start = time.perf_counter()
    if not as_json:
        typer.echo(f"{'file':<28} {'pages':>5} {'kind':<8} {'number':<22} {'type':<12} {'date':<10}  issuer")
    for result in process_documents(paths, config, options):
        name = _short(result.path, 28)
        if not result.ok or result.record is None:
            failed += 1
            for err in result.errors:
                typer.echo(f"congvan: {result.path}: {err.message}", err=True)
            continue
        rec = result.record
        pages += rec.source.pages
        if as_json:
            typer.echo(json.dumps(rec.to_dict(), ensure_ascii=False))
            continue
        d = rec.document
        typer.echo(f"{name:<28} {rec.source.pages:>5} {rec.source.kind:<8} {d.number or '–':<22} "
                   f"{(d.type or '–')[:12]:<12} {d.date or '–':<10}  {d.issuer or '–'}")
    elapsed = time.perf_counter() - start
    if not as_json:
        ok = len(paths) - failed
        rate = pages / elapsed * 60 if elapsed else 0.0
        typer.echo(f"\n{ok} of {len(paths)} documents processed, {failed} failed; {pages} pages in "
                   f"{elapsed:.1f} s ({rate:.1f} pages/min, {options.workers} OCR processes)")
    if failed:
        raise typer.Exit(int(ExitCode.partial_failure))


@app.command()
def version() -> None:
    """Print the versions of congvan and of the Tesseract it uses."""
    from importlib.metadata import version as pkg_version

    from ocr.tesseract import check_engine

    try:
        tess = check_engine()
    except CongvanError as exc:
        tess = f"unavailable ({exc.message})"
    typer.echo(f"congvan {pkg_version('congvan')}\ntesseract {tess}")


def _short(path: str, width: int) -> str:
    name = os.path.basename(path)
    return name if len(name) <= width else "…" + name[-(width - 1):]


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
