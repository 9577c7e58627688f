"""``congvan index``, ``search``, ``reindex`` and ``show``: the ledger and the search index.

Registered on the same Typer app as :mod:`pipeline.cli`; :mod:`search` is imported inside each
command, so the rest of the CLI works without the search dependencies loaded.
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from congvan.pipeline.cli.app import app, expand, fail
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import CongvanError, ExitCode, InputFileError

if TYPE_CHECKING:
    from congvan.search.index import Hit
    from congvan.search.store import Store

_BACKENDS = ("sqlite", "elasticsearch")


def _open_store(backend: str | None = None) -> Store:
    from congvan.search.store import Store

    config = Config.from_env()
    if backend:
        if backend not in _BACKENDS:
            raise typer.BadParameter(f"--backend must be one of {', '.join(_BACKENDS)}")
        config = replace(config, backend=backend)
    return Store(config)


@app.command()
def index(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).")],
    jobs: Annotated[int, typer.Option(help="OCR processes; 0 = one per core.")] = -1,
) -> None:
    """OCR and extract files, store their records in the ledger and the search index. Files the
    ledger already holds (same sha256) are skipped; bad files are reported and recorded as failed."""
    from congvan.ocr.engine import OcrOptions
    from congvan.ocr.loader import sha256_of
    from congvan.pipeline.core.errors import IndexUnavailableError
    from congvan.pipeline.process import process_documents

    try:
        store = _open_store()
        store.config.office()                       # a bad units file stops the run before any OCR
    except CongvanError as exc:
        raise fail(exc) from None
    with store:
        paths = list(expand(inputs))
        if not paths:
            raise fail(InputFileError("no PDF, TIFF, JPEG or PNG files found", " ".join(map(str, inputs))))
        todo: list[Path] = []
        skipped = failed = done = 0
        for p in paths:
            try:
                known = store.ledger.get(sha256_of(p)) is not None
            except OSError as exc:
                typer.echo(f"congvan: {p}: cannot read ({exc.strerror})", err=True)
                failed += 1
                continue
            if known:
                skipped += 1
            else:
                todo.append(p)
        options = OcrOptions(jobs=store.config.jobs if jobs < 0 else jobs)
        unavailable: CongvanError | None = None
        for result in process_documents(todo, store.config, options):
            if not result.ok or result.record is None:
                failed += 1
                message = result.errors[0].message if result.errors else "failed"
                typer.echo(f"congvan: {result.path}: {message}", err=True)
                with store.ledger.transaction():
                    store.ledger.put_file(sha256_of(Path(result.path)), result.path, "error", message)
                continue
            try:
                store.add([result.record], flush=unavailable is None)
            except IndexUnavailableError as exc:
                unavailable = exc                       # committed to the ledger; the rest go on
            done += 1
        typer.echo(f"indexed {done}, skipped {skipped} already in the ledger, failed {failed} "
                   f"({store.backend}: {store.index.count() if unavailable is None else '?'} records in the index)")
    if unavailable is not None:
        raise fail(unavailable)
    if failed:
        raise typer.Exit(int(ExitCode.partial_failure))


def _terminal(snippet: str | None) -> str:
    if not snippet:
        return ""
    marked = re.sub(r"<mark>(.*?)</mark>", lambda m: typer.style(m[1], bold=True) if sys.stdout.isatty()
                    else f"«{m[1]}»", snippet)
    return html.unescape(marked)


def _hit_line(hit: Hit) -> str:
    return (f"{hit.id[:12]}  {hit.number or '-':<18} {hit.type or '-':<11} {hit.date or '-':<10}  "
            f"{hit.subject or ''}")


MAX_RESULTS = 10_000    # hits a search pages through at most (Elasticsearch's max_result_window)


def _real_date(value: str) -> bool:
    """``value`` is a YYYY-MM-DD date that exists ("2020-13-45" does not)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words, \"a phrase\", or a number such as 25/CT-UBND. "
                                              "With or without diacritics.")] = "",
    type_: Annotated[str | None, typer.Option("--type", help="Document type, e.g. \"Chỉ thị\".")] = None,
    issuer: Annotated[str | None, typer.Option(help="Issuer, as in the record.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Issued on or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Issued on or before (YYYY-MM-DD).")] = None,
    arrival_from: Annotated[str | None, typer.Option(help="Arrived on or after.")] = None,
    arrival_to: Annotated[str | None, typer.Option(help="Arrived on or before.")] = None,
    unit: Annotated[str | None, typer.Option(help="Handling unit, e.g. P.CNTT.")] = None,
    urgency: Annotated[str | None, typer.Option(help="Khẩn, Thượng khẩn, Hỏa tốc.")] = None,
    confidentiality: Annotated[str | None, typer.Option(help="Mật, Tối mật, Tuyệt mật.")] = None,
    sort: Annotated[str, typer.Option(help="relevance, date (newest first) or date_asc.")] = "relevance",
    page: Annotated[int, typer.Option(min=1, max=MAX_RESULTS)] = 1,
    size: Annotated[int, typer.Option(min=1, max=100)] = 10,
    citing: Annotated[bool, typer.Option("--citing", help="QUERY is a number: list the documents citing it.")]
    = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits and facets as JSON.")] = False,
) -> None:
    """Search the indexed records: ranked hits with highlighted snippets, then facet counts."""
    from congvan.search.index import Query

    if sort not in ("relevance", "date", "date_asc"):
        raise typer.BadParameter("--sort must be relevance, date or date_asc")
    for label, value in (("--from", date_from), ("--to", date_to), ("--arrival-from", arrival_from),
                         ("--arrival-to", arrival_to)):
        if value and not _real_date(value):
            raise typer.BadParameter(f"{label} takes a date on the calendar as YYYY-MM-DD, not {value!r}")
    if page * size > MAX_RESULTS:
        raise typer.BadParameter(f"--page {page} with --size {size} goes past the first {MAX_RESULTS} hits: "
                                 "narrow the search (--from, --type, --issuer …) instead")
    try:
        with _open_store() as store:
            if citing:
                hits = store.index.citing(query)
                total, facets, exact = len(hits), {}, True
            else:
                result = store.index.search(Query(
                    text=query, type=type_, issuer=issuer, date_from=date_from, date_to=date_to,
                    arrival_from=arrival_from, arrival_to=arrival_to, unit=unit, urgency=urgency,
                    confidentiality=confidentiality, sort=sort, page=page, size=size))  # type: ignore[arg-type]
                hits, total, facets, exact = result.hits, result.total, result.facets, result.exact
    except CongvanError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps({"total": total, "exact": exact, "hits": [asdict(h) for h in hits],
                               "facets": {k: [list(kv) for kv in v] for k, v in facets.items()}},
                              ensure_ascii=False, indent=1))
        return
    # beyond the counted matches the total is a lower bound (search.index.CANDIDATES): "1000+"
    typer.echo(f"{total}{'' if exact else '+'} document{'s' if total != 1 else ''}")
    for hit in hits:
        typer.echo(_hit_line(hit))
        if hit.snippet:
            typer.echo(f"{'':14}{_terminal(hit.snippet)}")
    for name, counts in facets.items():
        if counts:
            typer.echo(f"{name}: " + ", ".join(f"{k} ({n})" for k, n in counts[:8]))


@app.command()
def reindex(
    backend: Annotated[str | None, typer.Option(help="sqlite or elasticsearch (default: CONGVAN_BACKEND).")]
    = None,
    pending: Annotated[bool, typer.Option("--pending", help="Only apply the operations waiting in the outbox.")]
    = False,
) -> None:
    """Rebuild the search index from the ledger (Elasticsearch: a new index, then an atomic alias
    swap, so searches keep working), or with --pending apply what an outage left in the outbox."""
    try:
        with _open_store(backend) as store:
            if pending:
                n = store.flush()
                typer.echo(f"applied {n} pending operation{'s' if n != 1 else ''} to {store.backend}")
            else:
                n = store.reindex()
                typer.echo(f"reindexed {n} record{'s' if n != 1 else ''} into {store.backend}")
    except CongvanError as exc:
        raise fail(exc) from None


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A record id (sha256) or its first 6+ characters.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole record as JSON.")] = False,
) -> None:
    """One record from the ledger: its fields, the documents it cites and the documents citing it."""
    try:
        with _open_store() as store:
            rid = record_id if len(record_id) == 64 else store.ledger.find_id(record_id)
            record = store.ledger.get(rid) if rid else None
            if record is None or rid is None:
                raise fail(InputFileError("no such record in the ledger (give the id or its first 6+ characters)",
                                          record_id))
            cited_by = store.index.citing(record.document.number) if record.document.number else []
            cites = [(ref.number, store.ledger.with_number(ref.number)) for ref in record.document.references]
            corrections = store.ledger.corrections(rid)
    except CongvanError as exc:
        raise fail(exc) from None
    data: dict[str, Any] = record.to_dict()
    if as_json:
        data["id"] = rid
        data["cited_by"] = [h.id for h in cited_by]
        data["corrections"] = corrections
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    d = data["document"]
    typer.echo(f"{rid}\n{d['type'] or '-'} {d['number'] or '(no number)'} — {d['issuer'] or '-'}, "
               f"{d['place'] or '-'}, {d['date'] or '-'}")
    typer.echo(f"subject: {d['subject'] or '-'}")
    inc = data["incoming"]
    if inc:
        typer.echo(f"số đến: {inc['arrival_number'] or '-'}  ngày đến: {inc['arrival_date'] or '-'}  "
                   f"chuyển: {inc['handling']['main'] or '-'}")
    typer.echo(f"file: {data['source']['path']}")
    for number, known in cites:
        typer.echo(f"cites: {number}" + (f"  (in the ledger: {', '.join(k[:12] for k in known)})" if known else ""))
    for hit in cited_by:
        typer.echo(f"cited by: {hit.number or '-'} {hit.type or ''} {hit.date or ''}  ({hit.id[:12]})")
    for c in corrections:
        typer.echo(f"corrected: {c['field']} {c['before']} → {c['after']} by {c['who']} at {c['at']}")

