"""`congvan index / search / show / reindex` on the embedded backend, as a clerk runs them."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import sample

CONGVAN = [sys.executable, "-m", "congvan"]
BORN_DIGITAL = ["cv031.pdf", "cv032.pdf"]          # text layers: no OCR needed, so this stays quick


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CONGVAN_HOME=str(home), CONGVAN_BACKEND="sqlite")
    return subprocess.run([*CONGVAN, *args], capture_output=True, text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    inbox = root / "inbox"
    inbox.mkdir()
    for name in BORN_DIGITAL:
        shutil.copy(sample(name), inbox / name)
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    proc = run(root / "home", "index", str(inbox))
    assert proc.returncode == 10, proc.stderr                 # one bad file: the rest indexed
    assert proc.stderr.count("\n") == 1 and "broken.pdf" in proc.stderr and "Traceback" not in proc.stderr
    assert "indexed 2, skipped 0" in proc.stdout
    assert sorted(p.name for p in inbox.iterdir()) == ["broken.pdf", *BORN_DIGITAL]   # originals untouched
    return root


def test_a_second_run_skips_what_the_ledger_holds(home: Path) -> None:
    proc = run(home / "home", "index", str(home / "inbox" / BORN_DIGITAL[0]))
    assert proc.returncode == 0 and "indexed 0, skipped 1" in proc.stdout
    db = sqlite3.connect(home / "home" / "ledger.sqlite")
    statuses = dict(db.execute("SELECT path, status FROM files").fetchall())
    assert sorted(statuses.values()) == ["error", "indexed", "indexed"]


def test_search_with_and_without_diacritics(home: Path) -> None:
    for query in ("ngầm hóa cáp", "ngam hoa cap"):
        proc = run(home / "home", "search", query, "--json")
        assert proc.returncode == 0, proc.stderr
        result = json.loads(proc.stdout)
        assert result["total"] == 1 and result["exact"] and result["hits"][0]["number"] == "2006/VNPT-HD-KTĐT"
        assert "<mark>ngầm</mark>" in result["hits"][0]["snippet"]


def test_search_by_number_and_filters(home: Path) -> None:
    out = run(home / "home", "search", "2006/vnpt-hd-ktđt").stdout
    assert out.startswith("1 document\n") and "2006/VNPT-HD-KTĐT" in out
    assert run(home / "home", "search", "", "--type", "Công văn", "--json").returncode == 0
    bad = run(home / "home", "search", "x", "--from", "05/11/2013")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr
    for args in (["--from", "2020-13-45"], ["--arrival-to", "2021-02-30"], ["--page", "1000000000000000000"],
                 ["--page", "600", "--size", "20"]):
        bad = run(home / "home", "search", "x", *args)              # not a day on the calendar; past the hits
        assert bad.returncode == 2 and "Traceback" not in bad.stderr, (args, bad.stderr)
    assert run(home / "home", "search", "x", "--from", "2024-02-29", "--page", "2").returncode == 0


def test_hostile_queries_are_words(home: Path) -> None:
    for query in ['"unbalanced', "ngầm* NEAR(", "-cáp", "subject:x", "'; DROP TABLE records; --"]:
        proc = run(home / "home", "search", "--", query)        # "--": a query may start with "-"
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, (query, proc.stderr)


def test_show_by_prefix_and_unknown_ids(home: Path) -> None:
    hit = json.loads(run(home / "home", "search", "ngam hoa", "--json").stdout)["hits"][0]
    proc = run(home / "home", "show", hit["id"][:10])
    assert proc.returncode == 0 and proc.stdout.startswith(hit["id"]) and "2006/VNPT-HD-KTĐT" in proc.stdout
    record = json.loads(run(home / "home", "show", hit["id"], "--json").stdout)
    assert record["document"]["number"] == "2006/VNPT-HD-KTĐT" and record["id"] == hit["id"]
    missing = run(home / "home", "show", "abcdef123")
    assert missing.returncode == 3 and missing.stderr.count("\n") == 1 and "no such record" in missing.stderr


def test_reindex_rebuilds_from_the_ledger(home: Path) -> None:
    db = sqlite3.connect(home / "home" / "ledger.sqlite")
    db.execute("DELETE FROM fts")
    db.commit()
    db.close()
    assert json.loads(run(home / "home", "search", "ngam hoa", "--json").stdout)["total"] == 0
    proc = run(home / "home", "reindex")
    assert proc.returncode == 0 and "reindexed 2 records into sqlite" in proc.stdout
    assert json.loads(run(home / "home", "search", "ngam hoa", "--json").stdout)["total"] == 1
