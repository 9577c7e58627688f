"""`congvan register export`: the sổ đăng ký văn bản đến a clerk prints, in XLSX and CSV."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from congvan.pipeline.core.config import Config
from congvan.pipeline.desk.register import HEADERS
from congvan.search.store import Store
from tests.search.conftest import CORPUS

CONGVAN = [sys.executable, "-m", "congvan"]


def make_register(home: Path) -> None:
    with Store(Config(home=home)) as store:
        for record in CORPUS[:4]:
            day = record.incoming.arrival_date if record.incoming else "2021-06-01"
            assert day is not None
            store.commit_incoming(record, int(day[:4]), day)


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONGVAN, "register", "export", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CONGVAN_HOME": str(home)})


def test_xlsx_has_the_standard_columns(tmp_path: Path) -> None:
    make_register(tmp_path / "home")
    out = tmp_path / "so-den-2021.xlsx"
    proc = run(tmp_path / "home", "--year", "2021", "--format", "xlsx", "-o", str(out))
    assert proc.returncode == 0 and "2 entries of 2021" in proc.stdout, proc.stderr
    ws = load_workbook(out).active
    assert ws is not None
    assert ws["A1"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2021"
    assert [c.value for c in ws[2]] == HEADERS
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert [r[0] for r in rows] == [1, 2]
    assert rows[0][1:6] == ["18/01/2021", "Sở Thông tin và Truyền thông tỉnh Hải Dương", "120/STTTT-BCVT",
                            "15/01/2021", "Công văn - Bán đấu giá tài sản công"]
    assert rows[0][8] == "số in the stamp: 12"        # the stamp printed 12, the register gave 1


def test_csv_opens_in_excel_with_vietnamese_headers(tmp_path: Path) -> None:
    make_register(tmp_path / "home")
    out = tmp_path / "so-den-2019.csv"
    assert run(tmp_path / "home", "--year", "2019", "--format", "csv", "-o", str(out)).returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")          # BOM: Excel reads it as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADERS and len(rows) == 2 and rows[1][3] == "25/CT-UBND"


def test_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    proc = run(tmp_path, "--year", "2021", "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert proc.returncode == 2 and "xlsx or csv" in proc.stderr


HOSTILE = ["=HYPERLINK(\"http://x.example\",\"mở\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _hostile_register(home: Path) -> None:
    """One registered document whose issuer, number and unit are values a spreadsheet runs."""
    import dataclasses

    record = CORPUS[0]
    assert record.incoming is not None and record.incoming.arrival_date
    doc = dataclasses.replace(record.document, issuer=HOSTILE[0], number=HOSTILE[1], subject=HOSTILE[2])
    hostile = dataclasses.replace(record, document=doc, routing=dataclasses.replace(record.routing, main=HOSTILE[3]))
    with Store(Config(home=home)) as store:
        day = record.incoming.arrival_date
        store.commit_incoming(hostile, int(day[:4]), day)


def test_formula_like_values_are_text_in_both_formats(tmp_path: Path) -> None:
    """OWASP's CSV-injection rule: a cell starting with = + - @ tab or CR is written as text."""
    from congvan.pipeline.core.cells import csv_field

    assert [csv_field(v)[0] for v in HOSTILE] == ["'"] * len(HOSTILE)
    assert csv_field("Sở Nội vụ") == "Sở Nội vụ" and csv_field("") == ""
    _hostile_register(tmp_path / "home")
    out = tmp_path / "x.xlsx"
    assert run(tmp_path / "home", "--year", "2019", "-o", str(out)).returncode == 0
    ws = load_workbook(out).active
    assert ws is not None
    cells = next(iter(ws.iter_rows(min_row=3)))
    assert all(c.data_type == "s" for c in cells[1:] if c.value)                  # no formula cell
    assert cells[2].value == HOSTILE[0] and cells[3].value == HOSTILE[1] and cells[6].value == HOSTILE[3]
    out = tmp_path / "x.csv"
    assert run(tmp_path / "home", "--year", "2019", "--format", "csv", "-o", str(out)).returncode == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        row = list(csv.reader(fh))[1]
    assert row[2] == "'" + HOSTILE[0] and row[3] == "'" + HOSTILE[1] and row[6] == "'" + HOSTILE[3]


def test_each_office_exports_its_own_register(tmp_path: Path) -> None:
    """Two offices in one ledger: each export holds that office's entries, numbered from 1."""
    home = tmp_path / "home"
    make_register(home)                                          # the deployment's own office
    with Store(Config(home=home, office_code="SNV")) as store:
        for record in CORPUS[4:6]:
            store.commit_incoming(record, 2021, "2021-07-01")
    own, snv = tmp_path / "own.csv", tmp_path / "snv.csv"
    assert run(home, "--year", "2021", "--format", "csv", "-o", str(own)).returncode == 0
    done = subprocess.run([*CONGVAN, "register", "export", "--year", "2021", "--format", "csv", "-o", str(snv)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CONGVAN_HOME": str(home), "CONGVAN_OFFICE": "SNV"})
    assert done.returncode == 0 and "2 entries of 2021" in done.stdout, done.stderr
    mine = [r[0] for r in csv.reader(own.open(encoding="utf-8-sig"))][1:]
    theirs = list(csv.reader(snv.open(encoding="utf-8-sig")))[1:]
    assert mine == ["1", "2"] and [r[0] for r in theirs] == ["1", "2"]
    assert {r[3] for r in theirs} == {CORPUS[4].document.number, CORPUS[5].document.number}
