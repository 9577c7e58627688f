"""``congvan ingest``, ``watch`` and ``register export``: the Prefect flows and the register.

Prefect is imported inside the commands only. Its console logging is turned down to critical
messages for these commands (the run's logs, failures with their tracebacks included, still
reach the Prefect API and UI), so a run prints the progress bar, the summary and congvan's own
one-line errors, nothing else.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from congvan.pipeline.cli.app import app, fail
from congvan.pipeline.core.cells import csv_field
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import CongvanError, ExitCode, InputFileError

if TYPE_CHECKING:
    from congvan.pipeline.ingest import Outcome

QUIET_PREFECT = {      # a failed run's log (with its traceback) goes to the Prefect API; the console has our lines
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_TASK_RUNS_LEVEL": "CRITICAL",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
}
register_app = typer.Typer(no_args_is_help=True, help="The incoming register (sổ đăng ký văn bản đến).")
app.add_typer(register_app, name="register")


def _quiet_prefect() -> None:
    for key, value in QUIET_PREFECT.items():
        os.environ.setdefault(key, value)


def _check_inbox(inbox: Path) -> None:
    if not inbox.is_dir():
        raise fail(InputFileError("not a folder (give the inbox folder the scans are saved into)", inbox))
    from congvan.search.store import Store

    try:
        config = Config.from_env()
        config.office()
        with Store(config):                      # the ledger opened (and migrated) before any file is taken
            pass
    except CongvanError as exc:
        raise fail(exc) from None


def _recovered(inbox: Path) -> None:
    """Give back to the inbox what an interrupted run (``kill -9``, a power cut) had claimed, and
    say so: the clerk sees those files read again in this run's table."""
    from congvan.pipeline.ingest import recover

    back = recover(inbox.resolve())
    if back:
        typer.echo(f"{len(back)} file(s) left by an interrupted run went back to the inbox and are read again: "
                   + ", ".join(p.name for p in back[:5]) + (" …" if len(back) > 5 else ""))


def _summary(outcomes: list[Outcome], seconds: float) -> int:
    done = [o for o in outcomes if o.status == "registered"]
    failed = [o for o in outcomes if o.status == "failed"]
    kept = [o for o in failed if o.stays]                # not quarantined: back in the inbox
    dup = [o for o in outcomes if o.status == "duplicate"]
    pages = sum(o.pages for o in done)
    typer.echo(f"{'file':<30} {'status':<11} {'số đến':>10}  note")
    for o in sorted(outcomes, key=lambda o: o.file):
        number = f"{o.arrival_number}/{o.year}" if o.arrival_number else "-"
        note = o.error or o.filing_pending or ("differs from the stamp's printed number" if o.clash else "")
        typer.echo(f"{o.file[-30:]:<30} {o.status:<11} {number:>10}  {note}")
    typer.echo(f"{len(done)} registered, {len(dup)} already in the ledger, {len(failed) - len(kept)} quarantined"
               + (f", {len(kept)} left in the inbox" if kept else "")
               + f"; {pages} pages in {seconds:.0f} s ({pages / seconds * 60 if seconds else 0:.1f} pages/min)")
    return len(failed)


@app.command()
def ingest(
    inbox: Annotated[Path, typer.Argument(help="The folder the day's scans are saved into (walked recursively).")],
    jobs: Annotated[int, typer.Option(help="OCR workers; 0 = one per core.")] = -1,
    timeout: Annotated[float, typer.Option(help="Seconds one document may take before it is given up.")] = 900.0,
    pool: Annotated[str | None, typer.Option(help="A Prefect work pool whose workers read the documents (one run "
                                                  "each, on any machine); default CONGVAN_WORK_POOL, else here.")]
    = None,
) -> None:
    """Register, index and file every document in INBOX with the Prefect flow: each new document
    gets its số đến, its record in the ledger and the index, and is moved to archive/YYYY/MM/
    under CONGVAN_HOME; a file that cannot be read goes to quarantine/ with a .error.txt."""
    _check_inbox(inbox)
    _quiet_prefect()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    import congvan.flows.ingest as flow
    from congvan.pipeline.ingest import discover

    _recovered(inbox)
    total = len(discover(inbox))
    start = time.perf_counter()
    pages = 0
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), transient=True) as bar:
        job = bar.add_task("reading", total=total or None, rate="")

        def progress(outcome: Outcome) -> None:
            nonlocal pages
            pages += outcome.pages
            minutes = (time.perf_counter() - start) / 60
            bar.update(job, advance=1, rate=f"{pages / minutes:.1f} pages/min" if minutes else "")

        flow.on_progress = progress
        try:
            outcomes = flow.run_ingest(inbox, jobs if jobs >= 0 else Config.from_env().jobs, timeout, pool=pool)
        except CongvanError as exc:
            raise fail(exc) from None
        finally:
            flow.on_progress = None
    failed = _summary(outcomes, time.perf_counter() - start)
    pending = _pending_index_operations()
    if pending:
        typer.echo(f"congvan: the search index (Elasticsearch) did not take {pending} operation(s); the records "
                   "are in the ledger: run `congvan reindex --pending` when it is back", err=True)
        raise typer.Exit(int(ExitCode.index_unavailable))
    if failed:
        raise typer.Exit(int(ExitCode.partial_failure))


def _pending_index_operations() -> int:
    from congvan.search.ledger import Ledger

    config = Config.from_env()
    if config.backend != "elasticsearch":
        return 0
    with Ledger(config.ledger) as ledger:
        return ledger.pending_count("elasticsearch")


@app.command()
def watch(
    inbox: Annotated[Path, typer.Argument(help="The folder to watch.")],
    interval: Annotated[int, typer.Option(help="Seconds between two looks at the inbox.")] = 60,
    settle: Annotated[float, typer.Option(help="A file is taken once unchanged this many seconds.")] = 30.0,
    pool: Annotated[str | None, typer.Option(help="A Prefect work pool whose workers read the documents (one run "
                                                  "each, on any machine); default CONGVAN_WORK_POOL, else here.")]
    = None,
) -> None:
    """Ingest INBOX every INTERVAL seconds, taking the files that stopped changing. With a Prefect
    server (PREFECT_API_URL), the flow is served on an interval schedule (flow.serve) and the
    server starts the runs; without one, Prefect's embedded mode cannot schedule, so congvan
    starts a flow run itself at each interval. Stop with Ctrl-C."""
    _check_inbox(inbox)
    _quiet_prefect()
    import congvan.flows.ingest as flow
    from congvan.pipeline.ingest import discover

    root = inbox.resolve()
    if os.environ.get("PREFECT_API_URL"):
        typer.echo(f"serving the ingest flow for {root} every {interval} s on {os.environ['PREFECT_API_URL']}")

        def serve() -> None:                   # returns or raises only when the server is lost: served again
            flow.ingest.serve(name=f"congvan-watch-{root.name}", interval=interval,
                              parameters={"inbox": str(root), "settle_seconds": settle, "pool": pool})

        import threading

        threading.Thread(target=_watch_server, args=(os.environ["PREFECT_API_URL"], interval), daemon=True).start()
        try:
            watch_loop(serve, interval)
        except KeyboardInterrupt:
            typer.echo("stopped")
        return
    typer.echo(f"watching {root} every {interval} s (files unchanged for {settle:.0f} s); Ctrl-C stops")

    def cycle() -> None:
        _recovered(root)
        if discover(root, settle):
            start = time.perf_counter()
            outcomes = flow.run_ingest(root, Config.from_env().jobs, settle_seconds=settle, pool=pool)
            _summary(outcomes, time.perf_counter() - start)

    try:
        watch_loop(cycle, interval)
    except KeyboardInterrupt:
        typer.echo("stopped")


@app.command("prefect-server")
def prefect_server(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the API and UI.")] = 4200,
) -> None:
    """Run Prefect's server for congvan, as a service: its database in CONGVAN_HOME/prefect (or
    PREFECT_HOME), analytics off, the start (and its database migration) under a lock so two
    starts never migrate one database at once. Then run `watch` with
    PREFECT_API_URL=http://HOST:PORT/api: the ingest flow is served on the server's schedule, with
    its runs, logs and artifacts in Prefect's UI at http://HOST:PORT. Stop with Ctrl-C."""
    import signal

    from congvan.flows.prefect_api import start_server

    config = Config.from_env()
    home = Path(os.environ.get("PREFECT_HOME") or Path(config.home).resolve() / "prefect")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_API_HOST": host,
           "PREFECT_SERVER_API_PORT": str(port)}
    try:
        proc = start_server(home, host, port, env)
    except CongvanError as exc:
        raise fail(exc) from None
    typer.echo(f"Prefect's server for congvan is up: PREFECT_API_URL=http://{host}:{port}/api (database in {home})")
    signal.signal(signal.SIGTERM, lambda *_: proc.terminate())       # systemd's stop reaches the server
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        code = proc.wait()
    if code not in (0, -signal.SIGTERM):
        typer.echo(f"congvan: Prefect's server stopped with code {code}", err=True)
        raise typer.Exit(int(ExitCode.workflow))


MAX_BACKOFF = 900      # seconds: the longest wait after failed looks at the inbox


def _watch_server(api_url: str, interval: float) -> None:
    """While the flow is served, look at the Prefect server's health every ``interval`` seconds and
    say when it is lost and when it is back (Prefect's runner waits for it quietly and takes the
    scheduled runs again once it answers: the lines are for the person reading the service's log)."""
    import httpx

    health = Health()
    while True:
        try:
            ok = httpx.get(api_url.rstrip("/") + "/health", timeout=10).status_code == 200
        except httpx.HTTPError:
            ok = False
        line = health.observe(ok, time.monotonic())
        if line:
            typer.echo(f"congvan watch: {time.strftime('%Y-%m-%d %H:%M:%S')} {line}", err=not ok)
        time.sleep(interval)


class Health:
    """What ``watch`` says of its Prefect server: one line when it stops answering, again every
    :data:`MAX_BACKOFF` seconds while it does not, and one when it is healthy again."""

    def __init__(self) -> None:
        self.down_since: float | None = None
        self.said: float = 0.0

    def observe(self, ok: bool, now: float) -> str | None:
        if ok:
            if self.down_since is None:
                return None
            lost, self.down_since = now - self.down_since, None
            return f"Prefect's server answers again after {lost:.0f} s: healthy again"
        if self.down_since is None:
            self.down_since = self.said = now
            return "Prefect's server does not answer: scheduled runs wait until it is back (is its service running?)"
        if now - self.said >= MAX_BACKOFF:
            self.said = now
            return f"Prefect's server still does not answer ({now - self.down_since:.0f} s)"
        return None


def watch_loop(cycle: Callable[[], None], interval: float, sleep: Callable[[float], None] = time.sleep,
               looks: int | None = None) -> None:
    """Run ``cycle`` every ``interval`` seconds for ever (or ``looks`` times). ``watch`` is a
    service: a look that fails — Prefect's server not starting, the ledger locked, any error — is
    one line on stderr with the time and the reason, then a wait that doubles with each failure in
    a row (up to :data:`MAX_BACKOFF`), and the next look; the first good look after failures says
    the watch is healthy again. Files stay in the inbox until a look takes them: nothing is lost."""
    failures = 0
    done = 0
    while looks is None or done < looks:
        done += 1
        try:
            cycle()
        except Exception as exc:                       # the service's boundary: one look never ends it
            failures += 1
            reason = exc.message if isinstance(exc, CongvanError) else f"{type(exc).__name__}: {exc}"
            wait = min(interval * 2 ** (failures - 1), MAX_BACKOFF)
            typer.echo(f"congvan watch: {time.strftime('%Y-%m-%d %H:%M:%S')} looking at the inbox failed "
                       f"({failures} in a row): {reason}; next look in {wait:.0f} s", err=True)
            sleep(wait)
            continue
        if failures:
            typer.echo(f"congvan watch: {time.strftime('%Y-%m-%d %H:%M:%S')} healthy again after {failures} "
                       "failed look(s)")
            failures = 0
        sleep(interval)


@app.command()
def doctor(
    repair: Annotated[bool, typer.Option("--repair", help="Rebuild the index; note archived originals as filed.")]
    = False,
) -> None:
    """Check that the ledger, the archive and the search index agree: every registered document
    filed and its original in the archive, every archived file in the ledger, the index in step.
    Prints one line per finding (exit 10 when there is any); --repair mends what needs no person:
    it rebuilds the index and notes as filed (and where) an original that is in the archive."""
    from congvan.pipeline.ingest import check, display_name, note_filed
    from congvan.search.store import Store

    config = Config.from_env()
    try:
        with Store(config) as store:
            found = check(store, Path(config.home))
            if repair and any(f.kind in ("index", "not-noted", "place-unknown") for f in found):
                for finding in found:
                    if finding.kind in ("not-noted", "place-unknown"):
                        note_filed(store, finding)
                        typer.echo(f"noted as filed in {display_name(str(finding.archived))}: {finding.what}")
                if any(f.kind == "index" for f in found):
                    n = store.reindex()
                    typer.echo(f"reindexed {n} record(s) into {store.backend}")
                found = check(store, Path(config.home))
    except CongvanError as exc:
        raise fail(exc) from None
    for f in found:
        typer.echo(f"{f.kind:<16} {f.what}: {f.detail}")
    typer.echo("ledger, archive and index agree" if not found else f"{len(found)} finding(s)")
    if found:
        raise typer.Exit(int(ExitCode.partial_failure))


@register_app.command("export")
def register_export(
    year: Annotated[int, typer.Option(help="Calendar year of the register.")],
    out: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    format_: Annotated[str, typer.Option("--format", help="xlsx or csv (UTF-8 with BOM, opens in Excel).")]
    = "xlsx",
    office: Annotated[str | None, typer.Option(help="Whose register, in a deployment serving several offices "
                                                    "(default: CONGVAN_OFFICE).")] = None,
) -> None:
    """Write one year's incoming register with its standard columns, for printing and signing."""
    if format_ not in ("xlsx", "csv"):
        raise typer.BadParameter("--format must be xlsx or csv")
    from congvan.pipeline.desk.register import HEADERS, register_table, write_xlsx
    from congvan.search.store import Store

    try:
        config = Config.from_env()
        with Store(config) as store:
            rows = register_table(store.ledger, f"{year:04d}-01-01", f"{year:04d}-12-31",
                                  office=config.office_code if office is None else office)
    except CongvanError as exc:
        raise fail(exc) from None
    if format_ == "csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADERS)
            writer.writerows([[csv_field(v) for v in row] for row in rows])
    else:
        out.write_bytes(write_xlsx(rows, f"SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM {year}", f"Sổ đến {year}"))
    typer.echo(f"{len(rows)} entries of {year} written to {out}")
