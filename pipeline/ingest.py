"""The day's mail, one file at a time, with nothing lost: claim → read → commit → archive.

The functional core of ``flows/``: plain functions, no Prefect. A file is claimed by an atomic
rename into ``<inbox>/.congvan-work/<worker>/``, so two ingests (or two machines sharing the
inbox) never take the same file. It is read (OCR → extract), then committed in one ledger
transaction with its index entry (or outbox entry) and its số đến; only then is it moved to
``<home>/archive/YYYY/MM/``. A file that cannot be read, or whose pages hold no readable text
at all (it is not registered with an empty record), goes to ``<home>/quarantine/`` with a
``NAME.error.txt`` beside it. Files are moved, never modified or deleted. After a crash (even
``kill -9``), claimed files of workers that are no longer running go back to the inbox, and a
file whose record was already committed is only archived, not registered again.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import socket
import stat
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from congvan.ocr.engine import OcrOptions
from congvan.ocr.loader import SUFFIXES, sha256_of
from congvan.ocr.types import OcrDocument
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import LedgerWriteError
from congvan.pipeline.page_images import render_filed
from congvan.pipeline.process import process_document

if TYPE_CHECKING:
    from congvan.search.store import Store

WORK = ".congvan-work"


@dataclass(frozen=True)
class Outcome:
    file: str                      # the name the file had in the inbox
    status: Literal["registered", "duplicate", "failed"]
    record_id: str | None = None
    arrival_number: int | None = None
    year: int | None = None
    clash: bool = False
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None
    transient: bool = False        # the failure may pass on a retry (engine, timeout)
    moved_to: str | None = None
    # registered, but the original could not be filed yet (the archive unwritable, full): it
    # stays claimed, goes back to the inbox on the next run and is filed then, not registered again
    filing_pending: str | None = None
    # failed for a reason outside the document (the ledger could not be written): not quarantined,
    # it stays in the inbox and is read again on the next run
    stays: bool = False


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def discover(inbox: Path, settle_seconds: float = 0.0) -> list[Path]:
    """Entries with a supported suffix under ``inbox`` (recursive, name order), not hidden, not in
    the work area; with ``settle_seconds``, only those unchanged that long (a scanner may still be
    writing). A folder reached through a symbolic link is not entered. The entries that are no
    regular file (a link, a FIFO, a device) are listed too: :func:`not_regular` says why each
    is refused, and the caller quarantines it without opening it."""
    now = time.time()
    found = []
    for folder, dirs, files in os.walk(inbox, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            info = os.lstat(path)
            if settle_seconds and stat.S_ISREG(info.st_mode) and now - info.st_mtime < settle_seconds:
                continue
            found.append(path)
    return sorted(found)


def display_name(name: str) -> str:
    """An inbox entry's name as a person and the ledger see it: a name that is not UTF-8 (a
    scanner set to another locale; Python keeps its bytes as surrogates) with each stray byte
    shown as "�", so it can be written anywhere; the file itself keeps its own name."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def not_regular(path: Path) -> str | None:
    """Why ``path`` (not followed) is refused, when it is no regular file; None for a file."""
    mode = os.lstat(path).st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link, not a file: its target is not read (put the file itself in the inbox)"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "not a regular file"


def entry_id(path: Path, name: str) -> str:
    """The ledger's key for an inbox entry that is no file: its content is never read, so its name
    stands for it (prefixed, so it can never be a file's sha256)."""
    return "entry:" + hashlib.sha256(name.encode("utf-8")).hexdigest()


def _alive(worker: str) -> bool:
    host, _, pid = worker.rpartition("-")
    if host != socket.gethostname() or not pid.isdigit():
        return True                                   # another machine's worker: not ours to judge
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(inbox: Path) -> list[Path]:
    """Give back to the inbox what workers that died (on this machine) had claimed."""
    back: list[Path] = []
    work = inbox / WORK
    if not work.is_dir():
        return back
    for wdir in sorted(p for p in work.iterdir() if p.is_dir()):
        if _alive(wdir.name):
            continue
        back += _give_back(wdir, inbox)
    return back


def _give_back(wdir: Path, inbox: Path) -> list[Path]:
    """Move what a worker's folder holds back to the inbox, then remove the (empty) folder."""
    back = []
    for f in _entries(wdir):
        target = _free(inbox / f.relative_to(wdir))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(f, target)
        back.append(target)
    if not _entries(wdir):
        shutil.rmtree(wdir, ignore_errors=True)
    return back


def _entries(folder: Path) -> list[Path]:
    """Everything under ``folder`` that is not a folder (files, links, FIFOs), links not followed."""
    return sorted(Path(d) / n for d, dirs, files in os.walk(folder, followlinks=False)
                  for n in files + [x for x in dirs if (Path(d) / x).is_symlink()])


def release(inbox: Path, worker: str) -> list[Path]:
    """At the end of a run, give back to the inbox what this worker still holds (an original whose
    filing is pending) and remove its work folder; the files given back."""
    wdir = inbox / WORK / worker
    back = _give_back(wdir, inbox) if wdir.is_dir() else []
    work = inbox / WORK
    if work.is_dir() and not any(work.iterdir()):
        work.rmdir()
    return back


def claim(path: Path, inbox: Path, worker: str) -> Path | None:
    """Atomically take ``path`` for this worker; None when another worker was first."""
    target = inbox / WORK / worker / path.relative_to(inbox)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


def _free(target: Path, reserve: bool = False) -> Path:
    """``target``, or ``NAME-2.ext``, ``NAME-3.ext``… if taken: moving never overwrites. With
    ``reserve``, the name is taken atomically (an empty file, O_EXCL), so two workers filing
    files of the same name at once cannot pick the same one."""
    k = 2
    candidate = target
    while True:
        if reserve:
            try:
                os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                return candidate
            except FileExistsError:
                pass
        elif not candidate.exists():
            return candidate
        candidate = target.with_name(f"{target.stem}-{k}{target.suffix}")
        k += 1


def _move(src: Path, folder: Path) -> Path:
    """Move ``src`` into ``folder`` under a free name. Within one filesystem it is a rename; across
    filesystems (an archive on another disk) a copy that is complete and on disk before the
    original is unlinked. A move that fails (the disk full, read-only) leaves nothing behind in
    ``folder`` — no reserved name, no partial copy — and the original where it was."""
    folder.mkdir(parents=True, exist_ok=True)
    dest = _free(folder / src.name, reserve=True)
    try:
        try:
            os.replace(src, dest)                     # onto the reserved, empty name
            return dest
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
        with src.open("rb") as fin, dest.open("wb") as fout:
            shutil.copyfileobj(fin, fout, COPY_CHUNK)
            fout.flush()
            os.fsync(fout.fileno())
        shutil.copystat(src, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise
    src.unlink()
    return dest


COPY_CHUNK = 1 << 20


STAMP_DATE_TRUSTED = 0.6


def arrival_day(record_incoming_date: str | None, confidence: float = 1.0, today: date | None = None) -> date:
    """The register's ngày đến: the stamp's date when it was read with confidence, else today
    (a date recovered from a misread stamp must not file a document under another year)."""
    if record_incoming_date and confidence >= STAMP_DATE_TRUSTED:
        try:
            return date.fromisoformat(record_incoming_date)
        except ValueError:
            pass
    return today or date.today()


def ingest_file(claimed: Path, name: str, store: Store, config: Config, options: OcrOptions,
                doc_timeout: float | None = None) -> Outcome:
    """Read, commit and file one claimed document (see the module's docstring)."""
    start = time.perf_counter()
    refused = not_regular(claimed)
    if refused:                                        # a link, a FIFO, a device: never opened
        return Outcome(name, "failed", error=refused, seconds=time.perf_counter() - start)
    sha = sha256_of(claimed)
    home = Path(config.home)
    registered = store.ledger.registered(sha)
    if registered is not None and store.ledger.get(sha) is not None:
        year, seq, clash = registered                  # committed before: only file it (again)
        if store.ledger.file_status(sha) != FILED:    # committed, never filed (a failed move, a kill): file it
            return _filed(claimed, Outcome(name, "registered", sha, seq, year, clash), store,
                          home / "archive" / store.ledger.arrival_folder(sha), start)
        dest = _move(claimed, home / "archive" / "duplicates")
        return Outcome(name, "duplicate", sha, seq, year, clash, seconds=time.perf_counter() - start,
                       moved_to=str(dest))
    if doc_timeout:
        options = OcrOptions(**{**options.__dict__, "deadline": time.time() + doc_timeout})
    result = process_document(claimed, config, options)
    if not result.ok or result.record is None:
        err = result.errors[0] if result.errors else None
        message = err.message if err else "failed"
        transient = bool(err and err.reason == "ocr-engine-failed")    # a timeout, a dead worker
        return Outcome(name, "failed", sha, error=message, transient=transient,
                       seconds=time.perf_counter() - start)
    record = result.record
    if not record.text.strip():                        # nothing to register: never an empty record
        pages = record.source.pages
        return Outcome(name, "failed", sha, error=f"no readable text on any of its {pages} page(s) (blank, or too "
                       "faint or small to read): scan it again, or check that the right file was sent",
                       seconds=time.perf_counter() - start)
    record.source.path = name
    day = arrival_day(record.incoming.arrival_date if record.incoming else None,
                      record.confidence.get("incoming.arrival_date", 0.0))
    try:
        seq, clash = store.commit_incoming(record, day.year, day.isoformat())
    except LedgerWriteError as exc:                    # the office's disk, not the document: keep it
        return Outcome(name, "failed", sha, error=f"{exc.message}; it stays in the inbox and is read again on the "
                       "next run", stays=True, seconds=time.perf_counter() - start)
    return _filed(claimed, Outcome(name, "registered", sha, seq, day.year, clash, pages=record.source.pages),
                  store, home / "archive" / f"{day.year:04d}" / f"{day.month:02d}", start, result.ocr)


FILING_PENDING = "filing-pending"
FILED = "filed"        # the ledger's file row once the original is in the archive: the document is done


def _filed(claimed: Path, outcome: Outcome, store: Store, folder: Path, start: float,
           ocr: OcrDocument | None = None) -> Outcome:
    """File a committed document's original into ``folder`` and mark its file row :data:`FILED`.
    Committed means registered: when the move fails (the archive unwritable or full), the clerk is
    told so — registered, filing pending, with the reason — and the ledger says the same; the
    file stays claimed and is filed on the next run (given back to the inbox at the run's end, or
    by :func:`recover` after a crash), never quarantined, never a duplicate of itself."""
    sha = outcome.record_id or ""
    try:
        dest = _move(claimed, folder)
    except OSError as exc:
        why = f"registered, but the original could not be filed in {folder} ({exc.strerror or exc}): it is " \
              "filed on the next run"
        _note_file(store, sha, outcome.file, FILING_PENDING, why)   # "not filed" either way: the next run files it
        return Outcome(**{**outcome.__dict__, "filing_pending": why, "seconds": time.perf_counter() - start})
    note = None
    render_filed(Path(store.config.home), sha, dest, outcome.pages or 1, ocr)    # for the desk: a cache
    if not _note_file(store, sha, outcome.file, FILED, archived=dest):   # filed; the ledger could not say so
        note = f"filed in {folder}, but the ledger could not note it: `congvan doctor --repair` notes it"
    return Outcome(**{**outcome.__dict__, "moved_to": str(dest), "filing_pending": note,
                      "seconds": time.perf_counter() - start})


def _note_file(store: Store, sha: str, name: str, status: str, error: str | None = None,
               archived: Path | None = None) -> bool:
    """The file row's status (and where the original is filed), written when the ledger can be
    written; False when it could not."""
    try:
        with store.ledger.transaction(immediate=True):
            store.ledger.put_file(sha, name, status, error)
            if archived is not None:
                store.ledger.set_archived(sha, archived)
    except LedgerWriteError:
        return False
    return True


def quarantine(claimed: Path, outcome: Outcome, store: Store, config: Config) -> Outcome:
    """Move a file that failed to ``quarantine/`` with its reason beside it; record the failure.
    An entry that is no regular file (:func:`not_regular`) is moved as itself, never opened."""
    special = not_regular(claimed) is not None
    key = outcome.record_id or (entry_id(claimed, outcome.file) if special else sha256_of(claimed))
    folder = Path(config.home) / "quarantine"
    try:
        dest = _move_entry(claimed, folder) if special else _move(claimed, folder)
    except OSError as exc:                             # the quarantine unwritable or full: keep it claimed
        error = f"{outcome.error}; it could not be quarantined ({exc.strerror or exc}): it stays in the inbox"
        _note_file(store, key, outcome.file, "error", error)    # else the run's report says it all the same
        return Outcome(**{**outcome.__dict__, "record_id": key, "error": error, "stays": True})
    with contextlib.suppress(OSError):                 # else the reason is in the ledger and the run's report
        dest.with_name(dest.name + ".error.txt").write_text(f"{outcome.file}: {outcome.error}\n", encoding="utf-8")
    _note_file(store, key, outcome.file, "error", outcome.error)  # else the .error.txt beside it holds the reason
    return Outcome(**{**outcome.__dict__, "record_id": key, "moved_to": str(dest)})


def _move_entry(src: Path, folder: Path) -> Path:
    """A link, FIFO or device moved as itself (a rename: what it points at is never opened)."""
    folder.mkdir(parents=True, exist_ok=True)
    dest = _free(folder / src.name)
    os.rename(src, dest)
    return dest


@dataclass(frozen=True)
class Finding:
    """One inconsistency between the ledger, the archive and the index (:func:`check`)."""
    kind: Literal["not-filed", "not-noted", "place-unknown", "missing-original", "not-in-ledger", "index"]
    what: str              # the record id, the archived file or the index, as a person reads it
    detail: str            # what is wrong and what to do
    record_id: str | None = None
    archived: Path | None = None     # where its original is in the archive, when found there


def note_filed(store: Store, finding: Finding) -> None:
    """Mend a ``not-noted`` or ``place-unknown`` finding: the original is in the archive, so the
    ledger says filed, and where (the desk shows its pages from there)."""
    assert finding.kind in ("not-noted", "place-unknown") and finding.record_id and finding.archived
    with store.ledger.transaction(immediate=True):
        store.ledger.set_file_status(finding.record_id, FILED)
        store.ledger.set_archived(finding.record_id, finding.archived)


def check(store: Store, home: Path) -> list[Finding]:
    """The ledger ↔ archive ↔ index check (`congvan doctor`). Reads only:
    - a registered document whose original was never filed (a failed move, a kill between commit
      and filing): its original is in the inbox or a work folder, and the next ingest files it;
    - a registered document marked filed whose original is not in the archive (someone moved it),
      or is there but the ledger does not say where (filed before 0.4.0 kept the place);
    - a file in the archive (not ``duplicates/``) that no record holds;
    - the index out of step with the ledger (records not in the SQLite index, or Elasticsearch
      operations waiting in the outbox): ``congvan reindex`` (``--pending``) mends it."""
    found: list[Finding] = []
    archive = home / "archive"

    def shown(path: Path) -> str:
        return display_name(str(path))

    archived: dict[str, Path] = {}
    if archive.is_dir():
        for entry in _entries(archive):
            if entry.is_file() and not entry.is_symlink() and entry.stat().st_size:
                sha = sha256_of(entry)
                if sha not in archived or "duplicates" in archived[sha].relative_to(archive).parts:
                    archived[sha] = entry          # a filed original before a copy kept as a duplicate
    conn = store.ledger.conn
    registered = conn.execute("SELECT g.record_id, g.year, g.seq, f.status, f.path FROM register g "
                              "LEFT JOIN files f ON f.sha256 = g.record_id").fetchall()
    for record_id, year, seq, status, path in registered:
        label = f"số đến {seq}/{year} ({path or record_id[:12]})"
        place = archived.get(record_id)
        if status != FILED and place is not None:
            found.append(Finding("not-noted", label, f"filed as {shown(place)}, but the ledger does not say so "
                                 "(it could not be written then): `congvan doctor --repair` notes it",
                                 record_id, place))
        elif place is not None and store.ledger.archived(record_id) != place:
            found.append(Finding("place-unknown", label, f"filed as {shown(place)}, but the ledger does not say "
                                 "where (filed before 0.4.0, or moved within the archive): `congvan doctor "
                                 "--repair` notes it", record_id, place))
        elif status != FILED:
            found.append(Finding("not-filed", label, "registered, its original never filed: put it back in the inbox "
                                 "(or leave it there) and the next ingest files it under its số đến"))
        elif record_id not in archived:
            found.append(Finding("missing-original", label, "registered and filed, but its original is no longer "
                                 f"under {archive}: find it and put it back"))
    held = {r[0] for r in conn.execute("SELECT id FROM records")}
    for sha, entry in sorted(archived.items(), key=lambda kv: str(kv[1])):
        if sha not in held and "duplicates" not in entry.relative_to(archive).parts:
            found.append(Finding("not-in-ledger", str(entry), "in the archive but in no record: put a copy in the "
                                 "inbox to register it, or move it out of the archive"))
    if store.sqlite is not None:
        indexed = conn.execute("SELECT count(*) FROM fts").fetchone()[0]
        if indexed != len(held):
            found.append(Finding("index", "the SQLite index", f"{indexed} indexed for {len(held)} records: run "
                                 "`congvan reindex`"))
    else:
        waiting = store.ledger.pending_count("elasticsearch")
        if waiting:
            found.append(Finding("index", "Elasticsearch", f"{waiting} operation(s) waiting in the outbox: run "
                                 "`congvan reindex --pending`"))
    return found
