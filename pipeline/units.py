"""The receiving office and its units, from a TOML file (default: ``pipeline/data/units.toml``).

Extraction uses it to read the incoming stamp: a receiver line that reads like the office's own
name is that name, and a handling value that reads like a unit code is that code. Routing (issue
6) adds each unit's domain and keywords to the same file. Another office swaps the file
(``CONGVAN_UNITS``); no code names a unit.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .vntext import nfc


@dataclass(frozen=True)
class Unit:
    name: str
    codes: tuple[str, ...] = ()            # as written on stamps; the first is canonical
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def code(self) -> str:
        return self.codes[0] if self.codes else self.name


@dataclass(frozen=True)
class Office:
    name: str
    aliases: tuple[str, ...] = ()
    units: tuple[Unit, ...] = ()


def default_units_path() -> Path:
    return Path(str(resources.files("pipeline") / "data" / "units.toml"))


def load_office(path: Path | None = None) -> Office:
    """The office described by ``path`` (default: the shipped Sở TT&TT file).

    Raises :class:`ConfigError` naming the file and what is wrong with it.
    """
    path = path or default_units_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the units file: {exc.strerror}", path) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"the units file is not valid TOML: {exc}", path) from exc
    office = data.get("office")
    if not isinstance(office, dict) or not isinstance(office.get("name"), str) or not office["name"].strip():
        raise ConfigError("the units file needs an [office] table with a name", path)
    units: list[Unit] = []
    for k, raw in enumerate(data.get("units", [])):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise ConfigError(f"[[units]] entry {k + 1} needs a name", path)
        codes = raw.get("codes", [])
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"[[units]] {raw['name']!r}: codes must be a list of strings", path)
        extra = {key: value for key, value in raw.items() if key not in ("name", "codes")}
        units.append(Unit(nfc(raw["name"]), tuple(nfc(c) for c in codes), extra))
    aliases = office.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ConfigError("[office] aliases must be a list of strings", path)
    return Office(nfc(office["name"]), tuple(nfc(a) for a in aliases), tuple(units))
