"""``congvan ocr``, ``run``, ``extract``, ``eval`` and ``version``: one file or a folder, read
and extracted, printed; nothing is registered."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from congvan.pipeline.cli.app import app, expand, fail, record_of, short_name
from congvan.pipeline.core.confidence import CHECK_BELOW
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import CongvanError, ExitCode, InputFileError


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
    from congvan.ocr.engine import OcrOptions, ocr_file

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
    from congvan.ocr.engine import OcrOptions
    from congvan.pipeline.process import process_documents

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
        name = short_name(result.path, 28)
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



def _show(key: str, value: object, conf: dict[str, float]) -> None:
    c = conf.get(key)
    mark = "" if c is None else f"  [{c:.2f}{' check' if c < CHECK_BELOW else ''}]"
    typer.echo(f"{key:<28} {value if value is not None else '–'}{mark}")




@app.command(name="eval")
def evaluate(
    folder: Annotated[Path, typer.Argument(help="Files with a ground-truth record beside each (NAME.json).")],
    jobs: Annotated[int, typer.Option(help="OCR processes; 0 = one per core.")] = -1,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every field congvan has wrong.")] = False,
    baselines: Annotated[bool, typer.Option("--baselines/--no-baselines",
                                            help="Score raw Tesseract + the same extractors and the null "
                                                 "answer in the same run, beside congvan.")] = True,
) -> None:
    """Per-field accuracy against ground truth, CER of the text, seconds per page, beside the
    baselines: raw Tesseract followed by the same extractors, and the null answer. Scans, PDFs and
    .txt files are evaluated; each needs its NAME.json ground truth beside it."""
    from congvan.ocr.engine import OcrOptions
    from congvan.pipeline.evaluate import evaluate_folder, table

    try:
        config = Config.from_env()
        run = evaluate_folder(folder, config, OcrOptions(jobs=config.jobs if jobs < 0 else jobs), baselines)
    except CongvanError as exc:
        raise fail(exc) from None
    if show_errors:
        for name, key, got, expected in run.errors():
            typer.echo(f"{name}: {key}: got {got!r}, expected {expected!r}")
    ours = run.reports["congvan"]
    typer.echo(f"\n{ours.documents} documents ({ours.pages} scanned pages) in {folder}\n")
    typer.echo(table(run.reports))
    if run.routing_cv is not None:
        typer.echo(f"\nrouting.main, rules + a model trained on the other documents (leave-one-out): "
                   f"{run.routing_cv:.1%} of {run.routed}")
    failures = list(dict.fromkeys(f for report in run.reports.values() for f in report.failures))
    for failure in failures:
        typer.echo(f"congvan: {failure}", err=True)
    if failures:
        raise typer.Exit(int(ExitCode.partial_failure))


@app.command()
def version() -> None:
    """Print the versions of congvan and of the Tesseract it uses, and where its stamp digit model is."""
    from importlib.metadata import version as pkg_version

    from congvan.ocr.tesseract import check_engine

    try:
        tess = check_engine()
    except CongvanError as exc:
        tess = f"unavailable ({exc.message})"
    from congvan.ocr import digit_model

    model = digit_model.model_path()
    digits = str(model) if digit_model.available() else f"missing ({model}: run `make setup`)"
    typer.echo(f"congvan {pkg_version('congvan')}\ntesseract {tess}\nstamp digit model {digits}")

