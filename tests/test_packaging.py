"""The package as pip installs it: one `congvan` namespace, the console script and `python -m`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_the_wheel_holds_only_the_congvan_package(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("congvan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"congvan"}, tops
    # the design card's folders, as sub-packages, with the data the code reads
    for part in ("pipeline/core/records.py", "pipeline/core/data/units.toml", "pipeline/cli/__init__.py",
                 "ocr/engine.py", "extractors/extract.py", "search/ledger.py", "flows/ingest.py", "__main__.py",
                 "py.typed"):
        assert f"congvan/{part}" in names, part
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "congvan = congvan.pipeline.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_python_dash_m_congvan_is_the_command(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "congvan", "--help"], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path)
    assert out.returncode == 0 and "ingest" in out.stdout and "correct" in out.stdout
