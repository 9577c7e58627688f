"""The fault suite (issue 21): `kill -9` of an ingest's whole process group at a random moment
(several seeds: before the claims, during OCR, between a commit and its filing), then a rerun:
every file exactly once, registered once, its số đến gap-free, none filed as a duplicate of itself."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.flows.test_ingest import CONGVAN, SCANS, TEXT_PDFS, env, filed, fill, ingest

pytestmark = pytest.mark.tesseract


@pytest.mark.parametrize("seed", [3, 11])
def test_kill_9_at_a_random_moment_then_a_rerun(tmp_path: Path, seed: int) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    put = fill(inbox, SCANS[:2] + TEXT_PDFS, bad=False)
    proc = subprocess.Popen([*CONGVAN, "ingest", str(inbox), "--jobs", "1"], env=env(home),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(random.Random(seed).uniform(2.0, 25.0))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    rerun = ingest(inbox, home)
    assert rerun.returncode == 0 and "Traceback" not in rerun.stdout + rerun.stderr, rerun.stdout + rerun.stderr
    assert filed(home) == {sha: name for name, sha in put.items()}          # each exactly once
    assert not (home / "archive" / "duplicates").exists()
    db = sqlite3.connect(home / "ledger.sqlite")
    try:
        by_year: dict[int, list[int]] = {}
        for year, seq in db.execute("SELECT year, seq FROM register ORDER BY year, seq"):
            by_year.setdefault(year, []).append(seq)
        records = db.execute("SELECT count(*) FROM records").fetchone()[0]
    finally:
        db.close()
    assert records == len(put) == sum(map(len, by_year.values()))
    assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in by_year.values()), by_year   # gap-free
    assert not [p for p in inbox.rglob("*") if not p.is_dir()]
