"""The CLI as a person uses it: one clear line per bad file, exit codes, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import sample

CONGVAN = [sys.executable, "-m", "congvan"]


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


def test_ocr_reads_the_units_file_and_a_bad_one_stops_it(tmp_path: Path) -> None:
    units = tmp_path / "units.toml"
    units.write_text("this is not toml [", encoding="utf-8")
    proc = subprocess.run([*CONGVAN, "ocr", str(sample("cv031.pdf"))], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "CONGVAN_UNITS": str(units)})
    assert proc.returncode != 0 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and str(units) in proc.stderr
    assert "Traceback" not in proc.stderr


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


def _schema() -> dict:  # type: ignore[type-arg]
    root = Path(__file__).resolve().parents[3]
    return json.loads((root / "pipeline" / "core" / "data" / "record.schema.json").read_text(encoding="utf-8"))


@pytest.mark.tesseract
def test_extract_json_validates_against_the_schema(tmp_path: Path) -> None:
    import jsonschema

    proc = run("extract", str(sample("cv031.pdf")), "--json")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    jsonschema.validate(record, _schema())
    assert record["source"]["kind"] == "text-pdf" and record["document"]["number"] == "2006/VNPT-HD-KTĐT"
    text = tmp_path / "letter.txt"
    text.write_text("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC NINH\n"
                    "Số: 25/CT-UBND\tBắc Ninh, ngày 04 tháng 9 năm 2017\nCHỈ THỊ\nVề tăng cường an toàn thông tin",
                    encoding="utf-8")
    proc = run("extract", "--text", str(text), "--json")
    record = json.loads(proc.stdout)
    jsonschema.validate(record, _schema())
    doc = record["document"]
    assert (doc["number"], doc["type"], doc["issuer"], doc["date"]) == (
        "25/CT-UBND", "Chỉ thị", "Ủy ban nhân dân tỉnh Bắc Ninh", "2017-09-04")
    assert record["source"]["kind"] == "text"


def test_extract_text_rejects_non_utf8(tmp_path: Path) -> None:
    f = tmp_path / "old.txt"
    f.write_bytes("Céng hßa".encode("latin-1"))
    proc = run("extract", "--text", str(f))
    assert proc.returncode == 3 and "UTF-8" in proc.stderr and "Traceback" not in proc.stderr


def test_eval_reports_fields(tmp_path: Path) -> None:
    truth = json.loads(sample("cv031.json").read_text(encoding="utf-8"))
    (tmp_path / "a.txt").write_text(truth["text"], encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    proc = run("eval", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "| document.number | 1 | 100.0% |" in proc.stdout
    assert "| document.issuer | 1 | 100.0% |" in proc.stdout


@pytest.mark.tesseract
def test_photo_of_a_landscape_gives_nulls(tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    h, w = 1200, 1600
    sky = np.linspace(200, 120, h)[:, None, None] * np.array([0.6, 0.8, 1.0])[None, None, :]
    img = np.broadcast_to(sky, (h, w, 3)).copy()
    hills = (h * 0.6 + 80 * np.sin(np.linspace(0, 6, w)))[None, :]
    ground = np.arange(h)[:, None] > hills
    img[ground] = [60, 140, 50]
    img += rng.normal(0, 8, img.shape)
    f = tmp_path / "holiday.jpg"
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(f, quality=85)
    proc = run("extract", str(f), "--json")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    doc = record["document"]
    assert doc["number"] is None and doc["issuer"] is None and doc["date"] is None and record["incoming"] is None


def test_core_imports_without_orchestration_or_search_servers() -> None:
    code = ("import sys, pipeline.cli, pipeline.process, pipeline.extract; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('prefect', 'elasticsearch', 'fastapi')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout
