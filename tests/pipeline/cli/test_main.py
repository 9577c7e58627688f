"""The command's last boundary: a bug is one line naming the file that keeps its traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import congvan.pipeline.cli as cli
from congvan.pipeline.core.errors import ExitCode


def test_a_bug_is_one_line_and_its_traceback_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    def broken() -> None:
        raise KeyError("unexpected")

    monkeypatch.setattr(cli, "app", broken)
    monkeypatch.setenv("CONGVAN_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CONGVAN_DEBUG", raising=False)
    with pytest.raises(SystemExit) as ended:
        cli.main()
    assert ended.value.code == ExitCode.internal == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (KeyError" in err and "Traceback" not in err
    kept = list((tmp_path / "home" / "crashes").iterdir())
    assert len(kept) == 1 and str(kept[0]) in err
    assert "Traceback" in kept[0].read_text() and "unexpected" in kept[0].read_text()

    monkeypatch.setenv("CONGVAN_DEBUG", "1")                 # a developer sees it whole
    with pytest.raises(KeyError):
        cli.main()
