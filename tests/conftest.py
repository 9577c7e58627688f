from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
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


def postgres_url_or_skip() -> str:
    """The PostgreSQL server of the tests (``scripts/postgres start``; ``make test`` starts it and
    sets CONGVAN_REQUIRE_PG=1, so there a missing server fails the run instead of skipping)."""
    import os

    import psycopg

    url = os.environ.get("CONGVAN_TEST_DATABASE_URL", "postgresql://congvan@127.0.0.1:5450/congvan")
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("CONGVAN_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL required but not reachable at {url}: {exc}")
        pytest.skip("no PostgreSQL at CONGVAN_TEST_DATABASE_URL (run scripts/postgres start)")
    return url


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL of an empty schema of its own on the test server, dropped afterwards."""
    import uuid

    import psycopg

    from congvan.search.db import close_pools

    base = postgres_url_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        close_pools()
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_at(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a fresh ledger is: a SQLite file, or an empty PostgreSQL schema (the same contract)."""
    if request.param == "sqlite":
        return tmp_path / "l.sqlite"
    url: str = request.getfixturevalue("pg_url")
    return url
