"""deploy/: the systemd units and the environment file of docs/deployment.md say only what
congvan and Prefect accept: every command and option of an ExecStart is in that command's
--help, every CONGVAN_ setting of the environment file is one congvan reads, and systemd's own
checker (`systemd-analyze verify`) finds nothing wrong with a unit installed where its ExecStart
is this checkout's virtualenv."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNITS = sorted((ROOT / "deploy").glob("*.service"))


def _help(args: list[str]) -> str:
    done = subprocess.run([sys.executable, "-m", *args, "--help"], capture_output=True, text=True, timeout=120,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "HOME": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_each_unit_runs_a_command_with_options_it_has(unit: Path) -> None:
    text = unit.read_text()
    assert "EnvironmentFile=/etc/congvan/congvan.env" in text
    (line,) = [x for x in text.splitlines() if x.startswith("ExecStart=")]
    argv = shlex.split(line.removeprefix("ExecStart="))
    program = Path(argv[0]).name
    assert program in ("congvan", "prefect")
    words = [a for a in argv[1:] if not a.startswith("-") and "/" not in a and "%" not in a and not a.isdigit()]
    command = [w for w in words if re.fullmatch(r"[a-z-]+", w)][:2 if program == "prefect" else 1]
    shown = _help(["congvan" if program == "congvan" else "prefect", *command])
    for option in (a for a in argv if a.startswith("--")):
        assert option in shown, f"{unit.name}: {option} is not an option of {program} {' '.join(command)}"


def test_every_setting_of_the_environment_file_is_read() -> None:
    source = "\n".join(p.read_text() for folder in ("pipeline", "search", "flows", "ocr", "extractors")
                       for p in (ROOT / folder).rglob("*.py"))
    names = re.findall(r"^(CONGVAN_[A-Z_]+)=", (ROOT / "deploy" / "congvan.env.example").read_text(), re.M)
    assert names
    for name in names:
        assert f'"{name}"' in source, f"{name} is in deploy/congvan.env.example but congvan never reads it"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_systemd_finds_nothing_wrong_with_each_unit(unit: Path, tmp_path: Path) -> None:
    venv = Path(sys.executable).parent.parent                       # /opt/congvan/.venv on an office's machine
    installed = tmp_path / unit.name
    installed.write_text(unit.read_text().replace("/opt/congvan/.venv", str(venv)))
    done = subprocess.run(["systemd-analyze", "verify", str(installed)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stdout.strip() and not done.stderr.strip(), done.stdout + done.stderr
    broken = tmp_path / "broken" / unit.name                         # the check can fail: a unit with a typo
    broken.parent.mkdir()
    broken.write_text(installed.read_text().replace("ExecStart=", "ExecStrat="))
    done = subprocess.run(["systemd-analyze", "verify", str(broken)], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 or done.stderr.strip()
