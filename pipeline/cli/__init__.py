"""The ``congvan`` command: a thin shell over the library (OCRmyPDF's pattern).

Each module registers its commands on the one Typer app of :mod:`congvan.pipeline.cli.app`;
importing them here is what puts every command on it.
"""

from __future__ import annotations

from congvan.pipeline.cli import documents, flows, review, route, search
from congvan.pipeline.cli.app import app

__all__ = ["app", "documents", "flows", "main", "review", "route", "search"]


def main() -> None:
    """The console script's entry point."""
    app()
