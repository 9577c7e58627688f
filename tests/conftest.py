from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "data"


def sample(name: str) -> Path:
    return SAMPLES / name


def truth(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((SAMPLES / (Path(name).stem + ".json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def manifest() -> list[dict]:  # type: ignore[type-arg]
    return json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which("tesseract"):
        return
    skip = pytest.mark.skip(reason="Tesseract is not installed: run `make setup`")
    for item in items:
        if "tesseract" in item.keywords:
            item.add_marker(skip)
