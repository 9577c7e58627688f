"""The receiving office and its units, from a TOML file (default: ``pipeline/core/data/units.toml``).

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

from congvan.pipeline.core.errors import ConfigError
from congvan.pipeline.core.vntext import nfc


@dataclass(frozen=True)
class Unit:
    name: str
    codes: tuple[str, ...] = ()            # as written on stamps; the first is canonical
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    keywords: tuple[tuple[str, float], ...] = ()     # (phrase, weight)
    partners: tuple[str, ...] = ()                   # outside bodies this unit deals with
    types: tuple[tuple[str, float], ...] = ()        # (document type, weight)

    @property
    def code(self) -> str:
        return self.codes[0] if self.codes else self.name


@dataclass(frozen=True)
class Office:
    name: str
    aliases: tuple[str, ...] = ()
    units: tuple[Unit, ...] = ()
    review_threshold: float = 0.5          # [routing] threshold: below it, a proposal needs review

    def unit(self, name: str) -> Unit | None:
        return next((u for u in self.units if u.name == name), None)

    def unit_codes(self) -> tuple[tuple[str, ...], ...]:
        """Each unit's codes as written on stamps, its canonical code first (for the OCR stage)."""
        return tuple(u.codes for u in self.units if u.codes)


def default_units_path() -> Path:
    return Path(str(resources.files("congvan.pipeline.core") / "data" / "units.toml"))


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
        extra = {key: value for key, value in raw.items()
                 if key not in ("name", "codes", "keywords", "partners", "types")}
        units.append(Unit(nfc(raw["name"]), tuple(nfc(c) for c in codes), extra,
                          _weights(raw, "keywords", path), _strings(raw, "partners", path),
                          _weights(raw, "types", path)))
    aliases = office.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ConfigError("[office] aliases must be a list of strings", path)
    routing = data.get("routing", {})
    threshold = routing.get("threshold", 0.5) if isinstance(routing, dict) else None
    if not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        raise ConfigError("[routing] threshold must be a number between 0 and 1", path)
    return Office(nfc(office["name"]), tuple(nfc(a) for a in aliases), tuple(units), float(threshold))


def _weights(raw: dict[str, Any], key: str, path: Path) -> tuple[tuple[str, float], ...]:
    table = raw.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, int | float) for v in table.values()):
        raise ConfigError(f"[[units]] {raw['name']!r}: {key} must map phrases to numbers", path)
    return tuple((nfc(k), float(v)) for k, v in table.items())


def _strings(raw: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    items = raw.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ConfigError(f"[[units]] {raw['name']!r}: {key} must be a list of strings", path)
    return tuple(nfc(i) for i in items)
