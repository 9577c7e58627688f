"""The ingest flow for real (Prefect in its embedded mode, real Tesseract): every document
registered once, originals moved and never changed, bad files quarantined with their reason,
re-runs, kill -9, two ingests at once, Elasticsearch away."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from congvan.pipeline.cli.flows import QUIET_PREFECT
from tests.conftest import sample

for _key, _value in QUIET_PREFECT.items():      # as `congvan ingest` runs it: Prefect's console quiet
    os.environ.setdefault(_key, _value)

TEXT_PDFS = ["cv031.pdf", "cv032.pdf", "cv033.pdf", "cv034.pdf"]   # quick: no OCR
SCANS = ["cv011.png", "cv016.png", "cv001.png"]
CONGVAN = [sys.executable, "-m", "congvan"]
pytestmark = pytest.mark.tesseract


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(inbox: Path, names: list[str], bad: bool = True) -> dict[str, str]:
    """Copy samples (and bad files) into ``inbox``; returns name → sha256 of what was put there."""
    inbox.mkdir(parents=True, exist_ok=True)
    for name in names:
        (inbox / name).write_bytes(sample(name).read_bytes())
    if bad:
        (inbox / "zero.pdf").write_bytes(b"")
        (inbox / "garbage.tif").write_bytes(b"II*\x00 this is not a tiff")
    return {p.name: digest(p) for p in inbox.iterdir() if p.is_file()}


def env(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "CONGVAN_HOME": str(home), "CONGVAN_BACKEND": "sqlite", "OMP_THREAD_LIMIT": "1", **extra}


def ingest(inbox: Path, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONGVAN, "ingest", str(inbox)], capture_output=True, text=True, timeout=900,
                          env=env(home, **extra))


def filed(home: Path) -> dict[str, str]:
    """sha256 → name of every file in archive/ and quarantine/ (not the .error.txt notes)."""
    out: dict[str, str] = {}
    for p in [*(home / "archive").rglob("*"), *(home / "quarantine").rglob("*")]:
        if p.is_file() and not p.name.endswith(".error.txt"):
            assert digest(p) not in out, f"{p} filed twice"
            out[digest(p)] = p.name
    return out


def ledger_counts(home: Path) -> tuple[int, int, int]:
    db = sqlite3.connect(home / "ledger.sqlite")
    try:
        return (db.execute("SELECT count(*) FROM records").fetchone()[0],
                db.execute("SELECT count(*) FROM register").fetchone()[0],
                db.execute("SELECT count(*) FROM fts").fetchone()[0])
    finally:
        db.close()


def test_a_batch_is_registered_filed_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    put = fill(inbox, TEXT_PDFS + SCANS[:1])
    proc = ingest(inbox, home)
    assert proc.returncode == 10, proc.stderr                          # two bad files
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert "5 registered, 0 already in the ledger, 2 quarantined" in proc.stdout
    assert filed(home) == {sha: name for name, sha in put.items()}    # every original, unchanged
    assert [p for p in inbox.rglob("*") if p.is_file()] == []
    notes = sorted((home / "quarantine").glob("*.error.txt"))
    assert [n.name for n in notes] == ["garbage.tif.error.txt", "zero.pdf.error.txt"]
    assert "empty" in notes[1].read_text(encoding="utf-8")
    assert ledger_counts(home) == (5, 5, 5)
    # the stamped scan is filed under its stamp's month (read with confidence); the others under today's
    assert (home / "archive" / "2012" / "07" / "cv011.png").exists()
    # the same files scanned again: nothing registered twice
    fill(inbox, TEXT_PDFS, bad=False)
    again = ingest(inbox, home)
    assert again.returncode == 0 and "0 registered, 4 already in the ledger, 0 quarantined" in again.stdout
    assert ledger_counts(home) == (5, 5, 5)


def test_kill_9_in_the_middle_then_a_rerun(tmp_path: Path) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    put = fill(inbox, SCANS + TEXT_PDFS, bad=False)
    proc = subprocess.Popen([*CONGVAN, "ingest", str(inbox), "--jobs", "1"], env=env(home),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 600
    while time.time() < deadline and not any((home / "archive").rglob("*.*")):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)                 # the CLI, its Prefect server, its Tesseract
    proc.wait()
    assert any((home / "archive").rglob("*.*")), "nothing was filed before the kill"
    assert len(filed(home)) < len(put), "the batch finished before the kill; nothing was tested"
    rerun = ingest(inbox, home)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "left by an interrupted run went back to the inbox" in rerun.stdout       # said, not silent
    assert filed(home) == {sha: name for name, sha in put.items()}
    assert ledger_counts(home) == (len(put), len(put), len(put))
    assert not (inbox / ".congvan-work").exists() and not [p for p in inbox.rglob("*") if p.is_file()]


def test_two_ingests_at_once_register_each_document_once(tmp_path: Path) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    put = fill(inbox, TEXT_PDFS + SCANS[:1])
    procs = [subprocess.Popen([*CONGVAN, "ingest", str(inbox)], env=env(home), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        p.communicate(timeout=900)
    assert filed(home) == {sha: name for name, sha in put.items()}
    db = sqlite3.connect(home / "ledger.sqlite")
    seqs = db.execute("SELECT year, seq FROM register ORDER BY year, seq").fetchall()
    assert len(seqs) == len(set(seqs)) == 5
    assert ledger_counts(home) == (5, 5, 5)


def test_elasticsearch_away_the_batch_still_completes(tmp_path: Path) -> None:
    from tests.search.conftest import es_client_or_skip

    live = es_client_or_skip()
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    fill(inbox, TEXT_PDFS, bad=False)
    alias = live.alias
    down = ingest(inbox, home, CONGVAN_BACKEND="elasticsearch", CONGVAN_ES_URL="http://127.0.0.1:9",
                  CONGVAN_ES_ALIAS=alias)
    assert down.returncode == 11, down.stderr                          # said, in one line
    assert "4 registered" in down.stdout and "reindex --pending" in down.stderr and "Traceback" not in down.stderr
    db = sqlite3.connect(home / "ledger.sqlite")
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 4
    try:
        up = subprocess.run([*CONGVAN, "reindex", "--pending"], capture_output=True, text=True, timeout=300,
                            env=env(home, CONGVAN_BACKEND="elasticsearch", CONGVAN_ES_ALIAS=alias))
        assert up.returncode == 0 and "applied 4 pending operations" in up.stdout, up.stderr
        assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
        live.refresh()
        assert live.count() == 4
    finally:
        live.drop()


def test_watch_ingests_on_an_interval(tmp_path: Path) -> None:
    # embedded Prefect cannot schedule (flow.serve needs a server): watch starts the runs itself
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    inbox.mkdir()
    proc = subprocess.Popen([*CONGVAN, "watch", str(inbox), "--interval", "5", "--settle", "1"], env=env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        put = fill(inbox, TEXT_PDFS[:2], bad=False)          # the scanner drops files while it runs
        deadline = time.time() + 240
        while time.time() < deadline and proc.poll() is None:
            if (home / "archive").exists() and len(filed(home)) >= len(put):
                break
            time.sleep(1)
        assert proc.poll() is None, proc.communicate()[1]
        assert filed(home) == {sha: name for name, sha in put.items()}
        assert ledger_counts(home) == (2, 2, 2)
    finally:
        os.killpg(proc.pid, signal.SIGINT)                   # Ctrl-C
        try:
            assert proc.wait(timeout=30) == 0
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_a_crashing_task_is_quarantined_and_the_batch_goes_on(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import congvan.flows.ingest as flow
    from congvan.pipeline import ingest as core

    inbox, home = tmp_path / "inbox", tmp_path / "home"
    fill(inbox, TEXT_PDFS[:2], bad=False)
    monkeypatch.setenv("CONGVAN_HOME", str(home))
    monkeypatch.setenv("CONGVAN_BACKEND", "sqlite")

    def crash_on_first(claimed: Path, name: str, *args: object, **kw: object) -> core.Outcome:
        if name == TEXT_PDFS[0]:
            raise RuntimeError("a bug in a later stage")
        return core.ingest_file(claimed, name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(flow, "ingest_file", crash_on_first)
    outcomes = {o.file: o for o in flow.run_ingest(inbox, jobs=1)}
    assert outcomes[TEXT_PDFS[1]].status == "registered"
    assert outcomes[TEXT_PDFS[0]].status == "failed"
    assert "RuntimeError: a bug in a later stage" in (outcomes[TEXT_PDFS[0]].error or "")
    assert (home / "quarantine" / TEXT_PDFS[0]).exists() and not [p for p in inbox.rglob("*") if p.is_file()]
