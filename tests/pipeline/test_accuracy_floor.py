"""An accuracy floor in the suite: five samples through the real pipeline (real Tesseract), so a
change that breaks extraction fails CI, not only the hand-run `congvan eval`. The floor is far
below what `congvan eval samples/data` reports (docs/benchmarks.md), and far above the null
answer on the same documents: it catches breakage, it does not measure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from congvan.ocr.engine import OcrOptions
from congvan.pipeline.core.config import Config
from congvan.pipeline.evaluate import Report, null_record
from congvan.pipeline.process import process_documents
from tests.conftest import SAMPLES

# one of each kind of input: a stamped colour scan, a rotated scan, a skewed bilevel TIFF with a
# handwritten stamp, a low-resolution JPEG, a born-digital PDF
FILES = ["cv001.png", "cv015.jpg", "cv009.tif", "cv026.jpg", "cv033.pdf"]
HEADER = ["document.number", "document.type", "document.issuer", "document.date", "document.subject"]
HEADER_FLOOR = 0.8            # of the 25 header fields, at least 20 right
ALL_FLOOR = 0.75              # the mean of every field that applies
OVER_NULL = 0.3               # and that far above the null answer's mean on the same fields


@pytest.mark.tesseract
def test_five_documents_through_the_real_pipeline_clear_the_floor(tmp_path: Path) -> None:
    config = Config(home=tmp_path / "home")
    results = list(process_documents([SAMPLES / f for f in FILES], config, OcrOptions(jobs=2),
                                     learned_routing=False))
    assert all(r.ok and r.record is not None for r in results), [r.errors for r in results]
    ours, null = Report(), Report()
    for r in results:
        assert r.record is not None
        truth = json.loads((SAMPLES / (Path(r.path).stem + ".json")).read_text(encoding="utf-8"))
        ours.add(r.record.to_dict(), truth, None, None)
        null.add(null_record(Path(r.path)), truth, None, None)          # the same fields apply: the truth decides
    header = [s for name in HEADER for s in ours.scores[name]]
    assert len(header) == len(HEADER) * len(FILES)
    assert sum(header) / len(header) >= HEADER_FLOOR, header
    every = [s for scores in ours.scores.values() for s in scores]
    nothing = [s for scores in null.scores.values() for s in scores]
    mean, null_mean = sum(every) / len(every), sum(nothing) / len(nothing)
    assert mean >= ALL_FLOOR and mean - null_mean >= OVER_NULL, (mean, null_mean)
