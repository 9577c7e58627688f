"""Writing a file so that a reader finds either nothing or the whole of it."""

from __future__ import annotations

import os
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary name beside it (this process's own), flushed
    to disk and then renamed over ``path``: a process killed in the middle leaves at most a stray
    temporary file, never a truncated ``path``, and a reader on another machine sharing the folder
    sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with part.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
