"""The fault suite (issue 21): the archive, the quarantine and ``CONGVAN_HOME`` on real small
filesystems (tmpfs mounts of a few hundred KB, filled to the last byte, or remounted read-only),
ingested as an operator would (`congvan ingest`, Prefect embedded). Nothing lost, nothing half
done: what the clerk is told matches the ledger, no partial copy is left anywhere, and once there
is room again the next run completes the work under the same số đến.

Mounting needs root with CAP_SYS_ADMIN (CI's container has it); elsewhere these tests skip and
the injected ``OSError(ENOSPC)`` tests of ``tests/pipeline/test_ingest.py`` remain."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.flows.test_ingest import CONGVAN, TEXT_PDFS, env, fill, ingest

pytestmark = pytest.mark.tesseract


def _mount(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                          text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or done.returncode}); "
                    "tests/pipeline/test_ingest.py injects the same faults as OSError(ENOSPC)")


def _remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    made: list[Path] = []
    yield made
    for folder in reversed(made):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _small(folder: Path, mounts: list[Path], kilobytes: int = 512) -> Path:
    _mount(folder, f"size={kilobytes}k")
    mounts.append(folder)
    return folder


def _fill_up(folder: Path) -> Path:
    """Write a filler until the filesystem has not one byte left."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as fh:
        for chunk in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    fh.write(b"\0" * chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    return filler


def _register(home: Path) -> list[tuple[int, int]]:
    db = sqlite3.connect(home / "ledger.sqlite")
    try:
        return [tuple(r) for r in db.execute("SELECT year, seq FROM register ORDER BY year, seq")]
    finally:
        db.close()


def _files(home: Path) -> dict[str, str]:
    db = sqlite3.connect(home / "ledger.sqlite")
    try:
        return {path: status for path, status in db.execute("SELECT path, status FROM files")}
    finally:
        db.close()


def _clean(out: subprocess.CompletedProcess[str]) -> str:
    text = out.stdout + out.stderr
    assert "Traceback" not in text, text
    return text


def test_a_full_archive_disk_leaves_them_registered_then_files_them_when_there_is_room(
        tmp_path: Path, mounts: list[Path]) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    put = fill(inbox, TEXT_PDFS[:2], bad=False)
    archive = _small(home / "archive", mounts)              # another disk: the move is a copy
    filler = _fill_up(archive)
    first = ingest(inbox, home)
    text = _clean(first)
    assert first.returncode == 0, text
    assert "2 registered" in text and text.count("could not be filed") == 2 and "No space left" in text
    assert [p.name for p in archive.rglob("*") if p.is_file()] == ["filler.bin"]    # no partial copy
    assert sorted(p.name for p in inbox.iterdir()) == sorted(put)                   # given back
    assert [seq for _, seq in _register(home)] == [1, 2]
    assert set(_files(home).values()) == {"filing-pending"}                         # the ledger says the same

    filler.unlink()
    _remount(archive, "size=4m")                                                     # room again
    second = ingest(inbox, home)
    assert second.returncode == 0, _clean(second)
    assert "2 registered, 0 already in the ledger" in second.stdout
    filed = sorted(p.name for p in archive.rglob("*.pdf"))
    assert filed == sorted(put) and not (archive / "duplicates").exists()
    assert len(_register(home)) == 2 and set(_files(home).values()) == {"filed"}     # the same số đến
    doctor = subprocess.run([*CONGVAN, "doctor"], capture_output=True, text=True, env=env(home), timeout=120)
    assert doctor.returncode == 0 and "agree" in doctor.stdout, doctor.stdout + doctor.stderr


def test_a_full_quarantine_disk_keeps_the_bad_file_in_the_inbox_and_says_so(
        tmp_path: Path, mounts: list[Path]) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    fill(inbox, TEXT_PDFS[:1], bad=False)
    (inbox / "text-as.pdf").write_bytes(b"not a PDF at all, " * 2000)
    quarantine = _small(home / "quarantine", mounts)
    _fill_up(quarantine)
    out = ingest(inbox, home)
    text = _clean(out)
    assert out.returncode == 10, text
    assert "1 registered, 0 already in the ledger, 0 quarantined, 1 left in the inbox" in text
    assert "could not be quarantined (No space left on device): it stays in the inbox" in text
    assert [p.name for p in quarantine.iterdir()] == ["filler.bin"]                 # no empty name, no partial copy
    assert [p.name for p in inbox.iterdir()] == ["text-as.pdf"]


def test_a_full_home_disk_commits_nothing_and_the_next_run_registers_all_gap_free(
        tmp_path: Path, mounts: list[Path]) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    _small(home, mounts, kilobytes=2048)
    (tmp_path / "empty").mkdir()
    assert ingest(tmp_path / "empty", home).returncode == 0       # the ledger made, closed (no WAL left)
    put = fill(inbox, TEXT_PDFS, bad=False)
    filler = _fill_up(home)
    full = ingest(inbox, home)
    text = _clean(full)
    assert full.returncode in (10, 13), text
    assert "the ledger could not be written" in text and "free space" in text
    assert sorted(p.name for p in inbox.iterdir()) == sorted(put)
    assert not (home / "quarantine").exists() or not list((home / "quarantine").iterdir())

    filler.unlink()                                   # (SQLite cannot even read a WAL ledger on a full disk)
    assert _register(home) == []
    again = ingest(inbox, home)
    assert again.returncode == 0, _clean(again)
    assert f"{len(put)} registered" in again.stdout
    assert [seq for _, seq in _register(home)] == list(range(1, len(put) + 1))        # gap-free


def test_a_read_only_home_is_one_line_and_takes_nothing(tmp_path: Path, mounts: list[Path]) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    _small(home, mounts, kilobytes=2048)
    put = fill(inbox, TEXT_PDFS[:1], bad=False)
    assert ingest(inbox, home).returncode == 0
    put = fill(inbox, TEXT_PDFS[1:2], bad=False)
    _remount(home, "ro")
    out = ingest(inbox, home)
    text = _clean(out)
    assert out.returncode == 13, text
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "the ledger could not be written" in lines[0], text
    assert sorted(p.name for p in inbox.iterdir()) == sorted(put)                     # nothing taken
