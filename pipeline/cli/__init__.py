"""The ``congvan`` command: a thin shell over the library (OCRmyPDF's pattern).

Each module registers its commands on the one Typer app of :mod:`congvan.pipeline.cli.app`;
importing them here is what puts every command on it.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from congvan.pipeline.cli import desk, documents, flows, review, route, search
from congvan.pipeline.cli.app import app
from congvan.pipeline.core.errors import ExitCode

__all__ = ["app", "desk", "documents", "flows", "main", "review", "route", "search"]


def main() -> None:
    """The console script's entry point. Expected failures are :class:`CongvanError` lines with
    their exit codes; anything else is a bug: one line naming the file that holds its traceback
    (under ``CONGVAN_HOME/crashes/``, else the temporary folder), exit 1. ``CONGVAN_DEBUG=1``
    lets the traceback through instead."""
    # the PostgreSQL pool's own notes (a connection discarded, a reconnection) stay off the
    # clerk's terminal: what matters reaches it as congvan's one line (LedgerWriteError)
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    logging.getLogger("psycopg").propagate = False
    try:
        app()
    except Exception as exc:                 # the last boundary: a clerk never sees a traceback
        if os.environ.get("CONGVAN_DEBUG") == "1":
            raise
        kept = _keep_traceback()
        sys.stderr.write(f"congvan: internal error ({type(exc).__name__}: {str(exc)[:200]}); this is a bug in "
                         f"congvan: please report it with {kept}\n" if kept else
                         f"congvan: internal error ({type(exc).__name__}: {str(exc)[:200]}); this is a bug in "
                         "congvan: rerun with CONGVAN_DEBUG=1 and report what it prints\n")
        raise SystemExit(int(ExitCode.internal)) from None


def _keep_traceback() -> str | None:
    """Write the current exception's traceback to a file; its path, or None when none can be written."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = traceback.format_exc()
    for folder in (Path(os.environ.get("CONGVAN_HOME") or ".congvan") / "crashes", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"congvan-crash-{stamp}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8")
            return str(path)
        except OSError:
            continue
    return None
