"""The console examples of the README and of docs/, run as written: documentation that cannot drift."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def examples() -> list[tuple[str, str]]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCUMENTS)
    out: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        command, expected = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    out.append((command, "\n".join(expected)))
                command, expected = line[2:], []
            else:
                expected.append(line)
        if command:
            out.append((command, "\n".join(expected)))
    return out


@pytest.mark.tesseract
@pytest.mark.parametrize(("command", "expected"), examples())
def test_readme_example(command: str, expected: str) -> None:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    proc = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert proc.stdout.rstrip("\n") == expected


def test_the_readme_is_a_newcomers_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 12 * 1024
    assert "make demo" in readme and "make test" in readme
    for link in set(re.findall(r"\]\(((?:docs/)?[\w/.-]+\.md)\)", readme)):
        assert (ROOT / link).is_file(), link


def test_every_command_is_documented() -> None:
    from congvan.pipeline.cli import app

    documented = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    names += [g.name or "" for g in app.registered_groups]
    assert names and all(f"`congvan {name}" in documented for name in names), names
