"""`congvan correct` as a clerk runs it: the field changes in the ledger, in `show`, in search on
both backends and in the audit trail; bad values are refused in one line; a re-ingest of the same
file keeps the correction."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import sample
from tests.search.conftest import es_client_or_skip

CONGVAN = [sys.executable, "-m", "congvan"]
FILE = "cv031.pdf"                        # a text layer: no OCR, so this stays quick
NEW_SUBJECT = "Hướng dẫn kiểm định phần mềm nguồn mở dùng chung"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONGVAN, *args], capture_output=True, text=True, timeout=600, env=env)


def hits(env: dict[str, str], query: str) -> int:
    out = run(env, "search", query, "--json")
    assert out.returncode == 0, out.stderr
    return int(json.loads(out.stdout)["total"])


@pytest.mark.parametrize("backend", ["sqlite", "elasticsearch"])
def test_a_correction_reaches_show_search_and_the_audit_trail(tmp_path: Path, backend: str) -> None:
    env = dict(os.environ, CONGVAN_HOME=str(tmp_path / "home"), CONGVAN_BACKEND=backend)
    live = es_client_or_skip() if backend == "elasticsearch" else None
    if live is not None:
        env["CONGVAN_ES_ALIAS"] = live.alias
    try:
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        shutil.copy(sample(FILE), inbox / FILE)
        assert run(env, "index", str(inbox)).returncode == 0
        if live is not None:
            live.refresh()                   # Elasticsearch shows a write within its refresh interval (1 s)
        shown = json.loads(run(env, "show", "--json", _id(env)).stdout)
        before = shown["document"]["subject"]
        query = "kiểm định phần mềm nguồn mở dùng chung"
        if live is not None:
            live.refresh()
        assert hits(env, f'"{query}"') == 0
        out = run(env, "correct", _id(env)[:8], "subject", NEW_SUBJECT, "--who", "Nguyễn Thị Văn Thư")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == {"id": _id(env), "field": "document.subject", "value": NEW_SUBJECT}
        assert run(env, "correct", _id(env)[:8], "ngay-den", "12/3/2019").returncode == 0
        shown = json.loads(run(env, "show", "--json", _id(env)).stdout)
        assert shown["document"]["subject"] == NEW_SUBJECT and shown["incoming"]["arrival_date"] == "2019-03-12"
        trail = shown["corrections"]
        assert [c["field"] for c in trail] == ["document.subject", "incoming.arrival_date"]
        assert trail[0]["who"] == "Nguyễn Thị Văn Thư" and json.loads(trail[0]["before"]) == before
        assert "corrected: document.subject" in run(env, "show", _id(env)).stdout
        if live is not None:
            live.refresh()
        assert hits(env, f'"{query}"') == 1 and hits(env, "kiem dinh phan mem nguon mo") == 1
    finally:
        if live is not None:
            live.drop()


def _id(env: dict[str, str]) -> str:
    out = run(env, "search", "", "--json", "--size", "1")
    return str(json.loads(out.stdout)["hits"][0]["id"])


def test_bad_values_and_unknown_records_are_refused_in_one_line(tmp_path: Path) -> None:
    env = dict(os.environ, CONGVAN_HOME=str(tmp_path / "home"), CONGVAN_BACKEND="sqlite")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(sample(FILE), inbox / FILE)
    assert run(env, "index", str(inbox)).returncode == 0
    rid = _id(env)
    for args, said in [((rid, "date", "31/02/2016"), "not a calendar date"),
                       ((rid, "so-den", "12a"), "positive whole number"),
                       ((rid, "urgency", "gấp"), "Thượng khẩn"),
                       ((rid, "routing.main", "VP"), "route set"),
                       (("0123456789ab", "subject", "x"), "no such record")]:
        out = run(env, "correct", *args)
        assert out.returncode == 3, out.stderr
        assert out.stderr.count("\n") == 1 and said in out.stderr and "Traceback" not in out.stderr
    assert json.loads(run(env, "show", "--json", rid).stdout)["corrections"] == []


@pytest.mark.tesseract
def test_a_re_ingest_of_the_same_file_keeps_the_correction(tmp_path: Path) -> None:
    env = dict(os.environ, CONGVAN_HOME=str(tmp_path / "home"), CONGVAN_BACKEND="sqlite", OMP_THREAD_LIMIT="1",
               PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL="ERROR")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(sample(FILE), inbox / FILE)
    assert run(env, "ingest", str(inbox)).returncode == 0
    rid = _id(env)
    assert run(env, "correct", rid, "subject", NEW_SUBJECT).returncode == 0
    shutil.copy(sample(FILE), inbox / FILE)                      # the same paper scanned in again
    again = run(env, "ingest", str(inbox))
    assert again.returncode == 0 and "1 already in the ledger" in again.stdout, again.stdout + again.stderr
    assert json.loads(run(env, "show", "--json", rid).stdout)["document"]["subject"] == NEW_SUBJECT
