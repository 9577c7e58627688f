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
from .records import Record

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
    """OCR one file and print its text, pages separated by a form feed.

    A stamp's unit codes are matched against the office's own (the units file), as in
    ``congvan run``."""
    from ocr.engine import OcrOptions, ocr_file

    try:
        config = Config.from_env()
        codes = config.office().unit_codes()
        doc = ocr_file(file, OcrOptions(jobs=config.jobs if jobs < 0 else jobs, unit_codes=codes))
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
        config.office()
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
def extract(
    file: Annotated[Path, typer.Argument(help="A scan or PDF; with --text, a UTF-8 text file.")],
    text: Annotated[bool, typer.Option("--text", help="FILE is text already OCR'd elsewhere "
                                                      "(pages separated by form feeds).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON (the contract's form).")]
    = False,
    jobs: Annotated[int, typer.Option(help="OCR processes; 0 = one per core.")] = -1,
) -> None:
    """Extract the dispatch record from one file: number, type, issuer, date, subject, signer,
    recipients, marks, references, deadlines, the incoming stamp, with a confidence per field."""
    record = record_of(file, text, jobs)
    if as_json:
        typer.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=1))
        return
    data = record.to_dict()
    conf = data["confidence"]
    for key in ("number", "type", "issuer", "place", "date", "subject", "urgency", "confidentiality"):
        _show(f"document.{key}", data["document"][key], conf)
    signer = data["document"]["signer"]
    _show("document.signer", " / ".join(v for v in (signer["authority"], signer["title"], signer["name"]) if v)
          or None, conf)
    _show("document.recipients", "; ".join(data["document"]["recipients"]) or None, conf)
    _show("document.references", "; ".join(r["number"] for r in data["document"]["references"]) or None, conf)
    _show("document.deadlines", "; ".join(f"{d['date']} ({d['text']})" for d in data["document"]["deadlines"])
          or None, conf)
    inc = data["incoming"]
    if inc:
        _show("incoming.arrival_number", inc["arrival_number"], conf)
        _show("incoming.arrival_date", inc["arrival_date"], conf)
        _show("incoming.receiver", inc["receiver"], conf)
        for k, v in inc["handling"].items():
            _show(f"incoming.handling.{k}", v, conf)
    routing = data["routing"]
    _show("routing.main", routing["main"], {"routing.main": routing["confidence"]})
    _show("routing.coordination", ", ".join(routing["coordination"]) or None, {})
    for reason in routing["reasons"]:
        typer.echo(f"{'':29}{reason}")


def record_of(file: Path, text: bool, jobs: int = -1) -> Record:
    """The routed record of one file (scan, PDF, or with ``text`` a text file); on failure one
    line on stderr and the error's exit code."""
    from ocr.engine import OcrOptions

    from .extract import record_from_text
    from .process import process_document
    from .route_model import MODEL_FILE, RouteModel
    from .routing import route

    try:
        config = Config.from_env()
        if text:
            office = config.office()
            record = record_from_text(_read_text(file), path=str(file), office=office)
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


def _show(key: str, value: object, conf: dict[str, float]) -> None:
    c = conf.get(key)
    mark = "" if c is None else f"  [{c:.2f}{' check' if c < 0.6 else ''}]"
    typer.echo(f"{key:<28} {value if value is not None else '–'}{mark}")


def _read_text(path: Path) -> str:
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


@app.command(name="eval")
def evaluate(
    folder: Annotated[Path, typer.Argument(help="Files with a ground-truth record beside each (NAME.json).")],
    jobs: Annotated[int, typer.Option(help="OCR processes; 0 = one per core.")] = -1,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every wrong field.")] = False,
) -> None:
    """Per-field accuracy of the extractor against ground truth, CER of the text, seconds per page.
    Scans, PDFs and .txt files are evaluated; each needs its NAME.json ground truth beside it."""
    from ocr.engine import OcrOptions

    from .evaluate import FIELDS, Report, cross_validated_routing, get_field, score_field
    from .extract import record_from_text
    from .process import process_documents
    from .routing import route

    if not folder.is_dir():
        raise fail(InputFileError("not a folder", folder))
    pairs = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in SUPPORTED | {".txt"}
             and p.with_suffix(".json").exists()]
    if not pairs:
        raise fail(InputFileError("no files with a ground-truth .json beside them", folder))
    manifest: dict[str, bool | None] = {}
    if (folder / "manifest.json").exists():
        for m in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
            manifest[m["file"]] = m["stamp"]["handwritten"] if m.get("stamp") else None
    try:
        config = Config.from_env()
        office = config.office()
    except CongvanError as exc:
        raise fail(exc) from None
    report = Report()
    start = time.perf_counter()
    results: list[tuple[Path, dict, str | None]] = []  # type: ignore[type-arg]
    for p in [p for p in pairs if p.suffix.lower() == ".txt"]:
        text_record = record_from_text(_read_text(p), path=str(p), office=office)
        text_record.routing = route(text_record, office)
        results.append((p, text_record.to_dict(), None))
    scans = [p for p in pairs if p.suffix.lower() != ".txt"]
    for result in process_documents(scans, config, OcrOptions(jobs=config.jobs if jobs < 0 else jobs),
                                    learned_routing=False):     # rules alone: what a fresh install does
        path = Path(result.path)
        if not result.ok or result.record is None or result.ocr is None:
            report.failures.append(f"{path.name}: {result.errors[0].message if result.errors else 'failed'}")
            continue
        report.pages += len(result.ocr.pages)
        results.append((path, result.record.to_dict(), "\f".join(pg.body_text for pg in result.ocr.pages)))
    report.seconds = time.perf_counter() - start
    for path, got, printed in results:
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        report.add(got, truth, manifest.get(path.name), printed)
        if show_errors:
            for name in FIELDS:
                s = score_field(name, got, truth)
                if s is not None and s < 1.0:
                    typer.echo(f"{path.name}: {name}: got {get_field(got, name)!r}, "
                               f"expected {get_field(truth, name)!r}")
    typer.echo(f"\n{report.documents} documents ({report.pages} scanned pages) in {folder}\n")
    typer.echo(report.table())
    truths = [json.loads(path.with_suffix(".json").read_text(encoding="utf-8")) for path, _, _ in results]
    cv = cross_validated_routing([Record.from_dict(got) for _, got, _ in results], truths, office)
    if cv is not None:
        typer.echo(f"| routing.main, rules + model trained on the other documents (leave-one-out) | "
                   f"{sum(1 for t in truths if (t.get('routing') or {}).get('main'))} | {cv:.1%} |")
    for failure in report.failures:
        typer.echo(f"congvan: {failure}", err=True)
    if report.failures:
        raise typer.Exit(int(ExitCode.partial_failure))


@app.command()
def version() -> None:
    """Print the versions of congvan and of the Tesseract it uses, and where its stamp digit model is."""
    from importlib.metadata import version as pkg_version

    from ocr.tesseract import check_engine

    try:
        tess = check_engine()
    except CongvanError as exc:
        tess = f"unavailable ({exc.message})"
    from ocr import digit_model

    model = digit_model.model_path()
    digits = str(model) if digit_model.available() else f"missing ({model}: run `make setup`)"
    typer.echo(f"congvan {pkg_version('congvan')}\ntesseract {tess}\nstamp digit model {digits}")


def _short(path: str, width: int) -> str:
    name = os.path.basename(path)
    return name if len(name) <= width else "…" + name[-(width - 1):]


from . import cli_flows, cli_route, cli_search  # noqa: E402,F401  - register their commands on app


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    # run as `python -m pipeline.cli`: use the imported module, where cli_search registered its commands
    from pipeline.cli import main as registered_main

    registered_main()
