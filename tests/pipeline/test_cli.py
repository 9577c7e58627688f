"""The CLI as a person uses it: one clear line per bad file, exit codes, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import sample

CONGVAN = [sys.executable, "-m", "pipeline.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONGVAN, *args], capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(("name", "content", "code", "words"), [
    ("empty.pdf", b"", 3, "empty"),
    ("note.pdf", b"just text, not a pdf", 4, "not a PDF"),
    ("cut.pdf", None, 3, "PDF"),
])
def test_bad_input_one_line(tmp_path: Path, name: str, content: bytes | None, code: int, words: str) -> None:
    f = tmp_path / name
    f.write_bytes(sample("cv000.pdf").read_bytes()[:3000] if content is None else content)
    proc = run("ocr", str(f))
    assert proc.returncode == code
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(f) in lines[0] and words in lines[0]
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_missing_file() -> None:
    proc = run("ocr", "/nonexistent/scan.pdf")
    assert proc.returncode == 3 and "no such file" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.tesseract
def test_ocr_json_and_text() -> None:
    proc = run("ocr", str(sample("cv031.pdf")), "--json")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    assert doc["kind"] == "text-pdf" and doc["pages"][0]["blocks"][0]["lines"][0]["words"][0]["bbox"]
    text = run("ocr", str(sample("cv032.pdf")))
    assert text.returncode == 0 and text.stdout.count("\f") == 1


@pytest.mark.tesseract
def test_run_batch_reports_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-empty.pdf").write_bytes(b"")
    (tmp_path / "b.pdf").write_bytes(sample("cv031.pdf").read_bytes())
    proc = run("run", str(tmp_path))
    assert proc.returncode == 10
    assert proc.stderr.count("\n") == 1 and "a-empty.pdf" in proc.stderr
    assert "b.pdf" in proc.stdout and "1 of 2 documents processed" in proc.stdout
