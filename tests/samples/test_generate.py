"""The committed sample set: what the issue asks of it, and that the generator reproduces it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES


def test_sample_set_shape(manifest: list[dict]) -> None:  # type: ignore[type-arg]
    assert len(manifest) >= 30
    size = sum(p.stat().st_size for p in SAMPLES.iterdir())
    assert size <= 25 * 1024 * 1024
    formats = {m["format"] for m in manifest}
    assert {"pdf", "tiff", "jpeg", "png", "text-pdf"} <= formats
    assert {m["damage"] for m in manifest} >= {"stamp", "skew", "rotation", "noise", "lowdpi", "born-digital"}
    assert {m["pages"] for m in manifest} >= {1, 2, 3}
    assert {m["dpi"] for m in manifest} >= {150, 200, 300}
    stamped = [m for m in manifest if m["stamp"]]
    assert len(stamped) >= len(manifest) // 2
    assert {m["stamp"]["ink"] for m in stamped} == {"red", "purple", "blue"}
    assert any(m["stamp"]["handwritten"] for m in stamped) and any(not m["stamp"]["handwritten"] for m in stamped)
    for m in manifest:
        truth = json.loads((SAMPLES / f"{m['id']}.json").read_text(encoding="utf-8"))
        data = (SAMPLES / m["file"]).read_bytes()
        assert truth["source"]["sha256"] == hashlib.sha256(data).hexdigest()
        assert truth["source"]["pages"] == m["pages"] == truth["text"].count("\f") + 1
        assert (truth["incoming"] is not None) == bool(m["stamp"])
        assert 2011 <= int(truth["document"]["date"][:4]) <= 2025


@pytest.mark.parametrize("index", [1, 31])
def test_generator_is_deterministic(tmp_path: Path, index: int, manifest: list[dict]) -> None:  # type: ignore[type-arg]
    subprocess.run([sys.executable, str(ROOT / "samples" / "generate.py"), "--out", str(tmp_path),
                    "--only", str(index)], check=True, capture_output=True)
    name = manifest[index]["file"]
    assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes()
