"""The ingest core without Prefect: discovery, claims, recovery after a crash, filing."""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from congvan.pipeline.ingest import WORK, Outcome, _free, arrival_day, claim, discover, recover
from congvan.search.store import Store


def test_discover_skips_hidden_work_and_unsupported(tmp_path: Path) -> None:
    for rel in ["a.pdf", "sub/b.TIF", "notes.txt", ".hidden/c.pdf", f"{WORK}/w-1/d.pdf"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)] == ["a.pdf", "sub/b.TIF"]


def test_discover_waits_for_files_to_settle(tmp_path: Path) -> None:
    (tmp_path / "old.pdf").write_bytes(b"x")
    os.utime(tmp_path / "old.pdf", (time.time() - 60, time.time() - 60))
    (tmp_path / "new.pdf").write_bytes(b"x")                     # the scanner may still be writing
    assert [p.name for p in discover(tmp_path, settle_seconds=30)] == ["old.pdf"]


def test_a_file_is_claimed_once(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"x")
    first = claim(tmp_path / "a.pdf", tmp_path, "host-1")
    assert first is not None and first.read_bytes() == b"x"
    assert claim(tmp_path / "a.pdf", tmp_path, "host-2") is None


def test_claims_of_a_dead_worker_go_back(tmp_path: Path) -> None:
    dead = f"{socket.gethostname()}-999999"                     # no such process
    alive = f"{socket.gethostname()}-{os.getpid()}"
    elsewhere = "another-host-1"
    for worker in (dead, alive, elsewhere):
        f = tmp_path / WORK / worker / "sub" / "x.pdf"
        f.parent.mkdir(parents=True)
        f.write_bytes(worker.encode())
    back = recover(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in back] == ["sub/x.pdf"]
    assert (tmp_path / "sub" / "x.pdf").read_bytes() == dead.encode()
    assert (tmp_path / WORK / alive / "sub" / "x.pdf").exists() and (tmp_path / WORK / elsewhere).exists()


def test_filing_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"first")
    assert _free(tmp_path / "scan.pdf", reserve=True).name == "scan-2.pdf"
    assert _free(tmp_path / "scan.pdf", reserve=True).name == "scan-3.pdf"     # reserved, not reused
    assert (tmp_path / "scan.pdf").read_bytes() == b"first"


def test_arrival_day_trusts_only_a_confident_stamp() -> None:
    today = date(2026, 11, 27)
    assert arrival_day("2016-10-15", 0.8, today) == date(2016, 10, 15)
    assert arrival_day("2016-10-15", 0.4, today) == today      # repaired from a misread: not trusted
    assert arrival_day(None, 1.0, today) == today


def test_links_fifos_and_linked_folders_are_refused_never_opened(tmp_path: Path) -> None:
    """Regular files only: a link (to a file outside the inbox, to a system file), a FIFO is listed
    with its reason and quarantined as itself; a folder reached through a link is not entered."""
    from congvan.pipeline.core.config import Config
    from congvan.pipeline.ingest import Outcome, ingest_file, not_regular, quarantine
    from congvan.search.store import Store

    inbox, outside, home = tmp_path / "inbox", tmp_path / "outside", tmp_path / "home"
    inbox.mkdir()
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4 not the office's")
    (outside / "deep").mkdir()
    (outside / "deep" / "far.pdf").write_bytes(b"x")
    (inbox / "link.pdf").symlink_to(outside / "secret.pdf")
    (inbox / "passwd.pdf").symlink_to("/etc/passwd")
    (inbox / "linked").symlink_to(outside / "deep", target_is_directory=True)
    os.mkfifo(inbox / "pipe.pdf")                                  # opening it would block the run
    (inbox / "real.pdf").write_bytes(b"x")
    found = discover(inbox)
    assert [p.name for p in found] == ["link.pdf", "passwd.pdf", "pipe.pdf", "real.pdf"]
    assert [bool(not_regular(p)) for p in found] == [True, True, True, False]
    assert "symbolic link" in (not_regular(inbox / "link.pdf") or "")
    assert "FIFO" in (not_regular(inbox / "pipe.pdf") or "")
    config = Config(home=home)
    with Store(config) as store:
        for entry in found[:3]:
            claimed = claim(entry, inbox, "host-1")
            assert claimed is not None
            outcome = ingest_file(claimed, entry.name, store, config, None)  # type: ignore[arg-type]
            assert outcome.status == "failed" and outcome.error == not_regular(claimed)
            done = quarantine(claimed, outcome, store, config)
            assert done.moved_to and not_regular(Path(done.moved_to))      # moved as itself
            assert Path(done.moved_to + ".error.txt").read_text(encoding="utf-8").startswith(entry.name)
        assert store.ledger.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 0
        assert isinstance(outcome, Outcome)
    assert (outside / "secret.pdf").read_bytes() == b"%PDF-1.4 not the office's"     # the target untouched


def test_a_dead_worker_s_claimed_link_or_fifo_goes_back_not_deleted(tmp_path: Path) -> None:
    dead = tmp_path / WORK / f"{socket.gethostname()}-999999"
    dead.mkdir(parents=True)
    os.mkfifo(dead / "pipe.pdf")
    (dead / "link.pdf").symlink_to(tmp_path / "nowhere.pdf")
    back = recover(tmp_path)
    assert sorted(p.name for p in back) == ["link.pdf", "pipe.pdf"]
    assert (tmp_path / "pipe.pdf").exists() and (tmp_path / "link.pdf").is_symlink()


def test_a_document_with_no_readable_text_gets_no_number_and_no_empty_record(tmp_path: Path) -> None:
    """Blank pages (a scanner's empty feed, a file of versos) are not registered with an empty record."""
    from PIL import Image

    from congvan.ocr.engine import OcrOptions
    from congvan.pipeline.core.config import Config
    from congvan.pipeline.ingest import ingest_file, quarantine
    from congvan.search.store import Store

    blank = tmp_path / "inbox" / "blank.pdf"
    blank.parent.mkdir()
    pages = [Image.new("RGB", (1240, 1754), "white") for _ in range(3)]
    pages[0].save(blank, "PDF", save_all=True, append_images=pages[1:], resolution=150.0)
    config = Config(home=tmp_path / "home")
    claimed = claim(blank, blank.parent, "host-1")
    assert claimed is not None
    with Store(config) as store:
        outcome = ingest_file(claimed, "blank.pdf", store, config, OcrOptions(jobs=1))
        assert outcome.status == "failed" and outcome.arrival_number is None
        assert outcome.error is not None and "no readable text on any of its 3 page(s)" in outcome.error
        done = quarantine(claimed, outcome, store, config)
        assert store.ledger.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 0
    assert done.moved_to is not None and Path(done.moved_to).read_bytes()[:5] == b"%PDF-"


def test_commit_means_done_an_unwritable_archive_leaves_it_registered_and_filed_next_run(
        tmp_path: Path, monkeypatch: object) -> None:
    """The archive full (ENOSPC) after the commit: the clerk is told "registered, filing pending",
    the ledger says the same, the original is given back to the inbox; the next run files it under
    its số đến, never as a duplicate of itself and never in quarantine."""
    import errno
    import shutil

    import pytest

    from congvan.ocr.engine import OcrOptions
    from congvan.pipeline import ingest as core
    from congvan.pipeline.core.config import Config
    from congvan.search.store import Store
    from tests.conftest import SAMPLES

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    inbox, config = tmp_path / "inbox", Config(home=tmp_path / "home")
    inbox.mkdir()
    shutil.copy(SAMPLES / "cv031.pdf", inbox / "cv031.pdf")          # born digital: read in a second
    real_move = core._move

    def full(src: Path, folder: Path) -> Path:
        if "archive" in folder.parts:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_move(src, folder)

    monkeypatch.setattr(core, "_move", full)
    claimed = claim(inbox / "cv031.pdf", inbox, "host-1")
    assert claimed is not None
    with Store(config) as store:
        first = core.ingest_file(claimed, "cv031.pdf", store, config, OcrOptions(jobs=1))
        assert first.status == "registered" and first.arrival_number == 1 and first.error is None
        assert first.filing_pending and "No space left" in first.filing_pending and first.moved_to is None
        assert store.ledger.file_status(first.record_id or "") == core.FILING_PENDING
    assert claimed.exists() and not (tmp_path / "home" / "quarantine").exists()
    assert [p.name for p in core.release(inbox, "host-1")] == ["cv031.pdf"]       # back in the inbox
    monkeypatch.setattr(core, "_move", real_move)                       # space again
    claimed = claim(inbox / "cv031.pdf", inbox, "host-1")
    assert claimed is not None
    with Store(config) as store:
        second = core.ingest_file(claimed, "cv031.pdf", store, config, OcrOptions(jobs=1))
        assert (second.status, second.arrival_number, second.filing_pending) == ("registered", 1, None)
        assert second.moved_to and "/archive/" in second.moved_to and "duplicates" not in second.moved_to
        assert store.ledger.file_status(second.record_id or "") == core.FILED
        assert store.ledger.conn.execute("SELECT count(*) FROM register").fetchone()[0] == 1


def test_an_unwritable_quarantine_keeps_the_file_and_says_so(tmp_path: Path, monkeypatch: object) -> None:
    import errno

    import pytest

    from congvan.pipeline import ingest as core
    from congvan.pipeline.core.config import Config
    from congvan.search.store import Store

    assert isinstance(monkeypatch, pytest.MonkeyPatch)

    def full(src: Path, folder: Path) -> Path:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(core, "_move", full)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "bad.pdf").write_bytes(b"%PDF-1.4 truncated")
    claimed = claim(tmp_path / "inbox" / "bad.pdf", tmp_path / "inbox", "host-1")
    assert claimed is not None
    config = Config(home=tmp_path / "home")
    with Store(config) as store:
        out = core.quarantine(claimed, core.Outcome("bad.pdf", "failed", error="damaged"), store, config)
    assert out.error and "Read-only file system" in out.error and "stays in the inbox" in out.error
    assert claimed.read_bytes() == b"%PDF-1.4 truncated" and out.moved_to is None


def test_doctor_finds_what_disagrees_and_mends_the_index(tmp_path: Path) -> None:
    """`congvan doctor`: a registered document whose original left the archive, an archived file no
    record holds, the index out of step (mended with --repair); all agree once put right."""
    import shutil
    import subprocess
    import sys

    from congvan.ocr.engine import OcrOptions
    from congvan.pipeline.core.config import Config
    from congvan.pipeline.ingest import check, ingest_file
    from congvan.search.store import Store
    from tests.conftest import SAMPLES

    inbox, home = tmp_path / "inbox", tmp_path / "home"
    inbox.mkdir()
    config = Config(home=home)
    for name in ("cv031.pdf", "cv032.pdf"):
        shutil.copy(SAMPLES / name, inbox / name)
    with Store(config) as store:
        done = [ingest_file(c, c.name, store, config, OcrOptions(jobs=1))
                for c in [claim(inbox / n, inbox, "host-1") for n in ("cv031.pdf", "cv032.pdf")] if c]
        assert [o.status for o in done] == ["registered", "registered"] and check(store, home) == []
        moved = Path(done[0].moved_to or "")
        moved.rename(tmp_path / "taken-away.pdf")                       # someone took an original away
        (home / "archive" / "stray.pdf").write_bytes(b"%PDF-1.4 put here by hand")
        store.ledger.conn.execute("DELETE FROM fts WHERE rowid = (SELECT min(rowid) FROM fts)")
        store.ledger.conn.commit()
        kinds = sorted(f.kind for f in check(store, home))
    assert kinds == ["index", "missing-original", "not-in-ledger"]
    env = {**os.environ, "CONGVAN_HOME": str(home), "CONGVAN_BACKEND": "sqlite"}
    proc = subprocess.run([sys.executable, "-m", "congvan", "doctor", "--repair"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 10 and "reindexed 2 record(s)" in proc.stdout and "Traceback" not in proc.stderr
    assert "missing-original" in proc.stdout and "stray.pdf" in proc.stdout and "index " not in proc.stdout
    (tmp_path / "taken-away.pdf").rename(moved)
    (home / "archive" / "stray.pdf").unlink()
    proc = subprocess.run([sys.executable, "-m", "congvan", "doctor"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0 and "agree" in proc.stdout


@contextlib.contextmanager
def ingested_one(tmp_path: Path) -> Iterator[tuple[Store, Outcome]]:
    """A born-digital sample ingested into ``tmp_path/home`` (no OCR): its store, its outcome."""
    import shutil

    from congvan.ocr.engine import OcrOptions
    from congvan.pipeline.core.config import Config
    from congvan.pipeline.ingest import ingest_file
    from tests.conftest import SAMPLES

    inbox, home = tmp_path / "inbox", tmp_path / "home"
    inbox.mkdir()
    config = Config(home=home)
    shutil.copy(SAMPLES / "cv031.pdf", inbox / "cv031.pdf")
    with Store(config) as store:
        c = claim(inbox / "cv031.pdf", inbox, "host-1")
        assert c is not None
        yield store, ingest_file(c, c.name, store, config, OcrOptions(jobs=1))


def test_doctor_repair_notes_an_original_filed_while_the_ledger_could_not_say_so(tmp_path: Path) -> None:
    """The original reached the archive but the ledger's disk was full for the last write: doctor
    finds it (not-noted, not "not filed") and --repair marks it filed."""
    from congvan.pipeline.ingest import FILING_PENDING, check, note_filed

    home = tmp_path / "home"
    with ingested_one(tmp_path) as (store, done):
        with store.ledger.transaction():
            store.ledger.set_file_status(done.record_id or "", FILING_PENDING)
        found = check(store, home)
        assert [f.kind for f in found] == ["not-noted"] and found[0].record_id == done.record_id
        note_filed(store, found[0])
        assert check(store, home) == []
        assert store.ledger.archived(done.record_id or "") == Path(done.moved_to or "")


def test_filing_keeps_the_place_and_renders_the_first_pages_and_doctor_finds_an_unknown_place(
        tmp_path: Path) -> None:
    """The ledger keeps where each original is filed (the desk shows its pages from there) and the
    ingest renders its first pages; an original filed before the ledger kept its place is found
    by `doctor` (place-unknown) and `--repair` notes where it is."""
    from congvan.pipeline.ingest import check, note_filed
    from congvan.pipeline.page_images import cached

    home = tmp_path / "home"
    with ingested_one(tmp_path) as (store, done):
        rid = done.record_id or ""
        assert store.ledger.archived(rid) == Path(done.moved_to or "") and cached(home, rid, 1).stat().st_size > 1000
        with store.ledger.transaction():
            store.ledger.conn.execute("UPDATE files SET archived = NULL")          # as a 0.3 ledger has it
        found = check(store, home)
        assert [f.kind for f in found] == ["place-unknown"] and found[0].archived == Path(done.moved_to or "")
        note_filed(store, found[0])
        assert check(store, home) == [] and store.ledger.archived(rid) == Path(done.moved_to or "")


def test_a_move_across_disks_that_fails_leaves_nothing_behind(tmp_path: Path,
                                                              monkeypatch: object) -> None:
    """Across filesystems the move is a copy: when the disk fills in the middle of it, the partial
    copy and the reserved name are removed and the original stays where it was."""
    import errno
    import shutil

    import pytest

    from congvan.pipeline import ingest as core

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    src = tmp_path / "inbox" / "a.pdf"
    src.parent.mkdir()
    src.write_bytes(b"%PDF-1.4 " + b"x" * 300_000)

    def other_disk(a: object, b: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    def fills_up(fin: object, fout: object, length: int = 0) -> None:
        assert hasattr(fout, "write")
        fout.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    whole_copy = shutil.copyfileobj
    monkeypatch.setattr(core.os, "replace", other_disk)
    monkeypatch.setattr(core.shutil, "copyfileobj", fills_up)
    with pytest.raises(OSError, match="No space"):
        core._move(src, tmp_path / "archive")
    assert src.read_bytes().startswith(b"%PDF") and list((tmp_path / "archive").iterdir()) == []
    monkeypatch.setattr(core.shutil, "copyfileobj", whole_copy)
    dest = core._move(src, tmp_path / "archive")                     # a whole copy, then the original goes
    assert not src.exists() and dest.stat().st_size == 300_009
