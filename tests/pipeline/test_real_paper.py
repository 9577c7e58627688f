"""Real paper in the suite: a handful of the real development set's documents
(``../shared/real-dev``, never copied into the repository; ``CONGVAN_REAL_DEV`` names another
place) through the real pipeline, beside raw Tesseract + the same extractors. Skipped, with
the reason, where the set is absent. It guards the real-paper rules against breakage (the
pen-filled number and day, blank backs, a text layer with blank slots); the figures are
`python bench/real.py`'s, in docs/benchmarks.md."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from congvan.ocr.engine import OcrOptions
from congvan.pipeline.core.config import Config
from congvan.pipeline.evaluate import get_field, score_field
from congvan.pipeline.process import process_documents

REAL = Path(os.environ.get("CONGVAN_REAL_DEV") or Path(__file__).resolve().parents[3] / "shared" / "real-dev")
# a colour scan with pen-filled number and day and a blank back; another with a stray space in
# its ký hiệu; a 300-dpi JPEG with a red seal; a born-digital PDF whose number and day are
# e-signature stamps
FILES = ["OCR_LOCAL_VBHC/574 UB.signed_20250510_124908.pdf", "OCR_LOCAL_VBHC/24 TTR.signed_20250510_124908.pdf",
         "OCR_Scanner/dl_2025_0005.jpg", "OCR_LOCAL_VBHC/05.signed_20250517_044750.pdf"]
FIELDS = ["document.number", "document.type", "document.issuer", "document.place", "document.date",
          "document.signer.name", "document.signer.title"]
FLOOR = 0.8                   # of the 28 fields, congvan has at least this share right today: 0.9+


def _scores(options: OcrOptions, tmp: Path) -> list[float]:
    truths = {REAL / "documents" / f: json.loads((REAL / "truth" / f"{f}.json").read_text(encoding="utf-8"))
              for f in FILES}
    out: list[float] = []
    for r in process_documents(list(truths), Config(home=tmp), options, learned_routing=False):
        assert r.ok and r.record is not None, r.errors
        truth: dict[str, Any] = {"document": truths[Path(r.path)]["document"], "incoming": None}
        got = r.record.to_dict()
        for f in FIELDS:
            s = score_field(f, got, truth)
            assert s is not None, (f, get_field(truth, f))
            out.append(s)
    return out


@pytest.mark.tesseract
@pytest.mark.skipif(not (REAL / "truth").is_dir(), reason=f"no real development set at {REAL}")
def test_real_documents_clear_the_floor_and_beat_raw_tesseract(tmp_path: Path) -> None:
    ours = _scores(OcrOptions(jobs=2), tmp_path / "a")
    raw = _scores(OcrOptions(jobs=2, raw=True), tmp_path / "b")
    assert sum(ours) / len(ours) >= FLOOR, ours
    assert sum(ours) > sum(raw), (ours, raw)
