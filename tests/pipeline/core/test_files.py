"""A file written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from congvan.pipeline.core.files import write_whole


def test_a_file_is_written_and_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "outcome.json"
    write_whole(path, b'{"status": "registered"}')
    assert path.read_bytes() == b'{"status": "registered"}'
    write_whole(path, b"{}")
    assert path.read_bytes() == b"{}"
    assert [p.name for p in path.parent.iterdir()] == ["outcome.json"]         # no temporary left


def test_a_write_cut_short_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "outcome.json"
    path.write_bytes(b"old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_whole(path, b"new and longer")
    assert path.read_bytes() == b"old"                                         # never half the new one
    assert [p.name for p in tmp_path.iterdir()] == ["outcome.json"]
