"""`congvan route set | train | explain` as a leader and a clerk use them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from congvan.pipeline.core.config import Config
from congvan.search.store import Store
from tests.search.conftest import CORPUS

CONGVAN = [sys.executable, "-m", "congvan"]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CONGVAN, "route", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CONGVAN_HOME": str(home), "CONGVAN_BACKEND": "sqlite"})


def test_set_train_and_explain(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Store(Config(home=home)) as store:
        store.add(CORPUS)
    first, second = CORPUS[0].source.sha256, CORPUS[2].source.sha256
    assert run(home, "train").returncode == 2                     # nothing confirmed yet: said so
    ok = run(home, "set", first[:10], "--main", "P CNTT", "--coordination", "TT CNTT", "--who", "lan.vt")
    assert ok.returncode == 0, ok.stderr
    assert '"main": "Phòng Công nghệ thông tin"' in ok.stdout
    assert run(home, "set", second[:10], "--main", "Phòng Kế hoạch - Tài chính").returncode == 0
    with Store(Config(home=home)) as store:
        trail = store.ledger.corrections(first)
        assert ("lan.vt", "routing.main") in [(c["who"], c["field"]) for c in trail]
        assert store.ledger.confirmed_routing() == {first: "Phòng Công nghệ thông tin",
                                                    second: "Phòng Kế hoạch - Tài chính"}
    trained = run(home, "train")
    assert trained.returncode == 0 and "trained on 2 confirmed routings over 2 units" in trained.stdout
    assert (home / "routing-model.pkl").exists()
    letter = tmp_path / "letter.txt"
    letter.write_text("V/v triển khai chữ ký số và dịch vụ công trực tuyến\nĐề nghị các đơn vị triển khai "
                      "chữ ký số.", encoding="utf-8")
    explained = run(home, "explain", "--text", str(letter))
    assert explained.returncode == 0, explained.stderr
    assert "proposal: Phòng Công nghệ thông tin" in explained.stdout and "chữ ký số" in explained.stdout


def test_unknown_unit_is_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Store(Config(home=home)) as store:
        store.add(CORPUS[:1])
    bad = run(home, "set", CORPUS[0].source.sha256, "--main", "Phòng Không Có")
    assert bad.returncode == 3 and bad.stderr.count("\n") == 1 and "not one of the office's units" in bad.stderr
