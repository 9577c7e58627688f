"""Configuration from the environment, with embedded defaults that need nothing installed."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from congvan.pipeline.core.errors import ConfigError
from congvan.pipeline.core.units import Office, load_office


def env_number(name: str, default: float, least: float = 0, whole: bool = False,
               env: Mapping[str, str] | None = None) -> float:
    """A number setting from the environment (``default`` when unset or empty); ConfigError naming
    the setting when it is not a number, not whole where it must be, or under ``least``."""
    raw = ((os.environ if env is None else env).get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if value != value or value < least or (whole and not value.is_integer()):
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"{name} must be {kind} of at least {least:g}, not {raw!r}")
    return value


OFFICE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")


@dataclass(frozen=True)
class Config:
    home: Path = Path(".congvan")     # CONGVAN_HOME: ledger, index, archive
    jobs: int = 0                     # CONGVAN_JOBS: OCR worker processes, 0 = one per core
    backend: str = "sqlite"           # CONGVAN_BACKEND: sqlite | elasticsearch
    units: Path | None = None         # CONGVAN_UNITS: the office and its units (default: shipped Sở TT&TT file)
    inbox_dir: Path | None = None     # CONGVAN_INBOX: where the desk puts uploads (default: CONGVAN_HOME/inbox)
    database_url: str | None = None   # CONGVAN_DATABASE_URL: a PostgreSQL ledger (default: CONGVAN_HOME/ledger.sqlite)
    office_code: str = ""             # CONGVAN_OFFICE: the office this process registers for ('' = the only one)
    units_dir: Path | None = None     # CONGVAN_UNITS_DIR: one units file per office, <CODE>.toml

    @property
    def ledger(self) -> Path | str:
        """Where the ledger is: the PostgreSQL URL, or the SQLite file under the home folder."""
        return self.database_url or Path(self.home) / "ledger.sqlite"

    @property
    def inbox(self) -> Path:
        """The folder the ingest flow reads and the web desk's uploads go to."""
        return self.inbox_dir or Path(self.home) / "inbox"

    def inbox_of(self, office: str) -> Path:
        """Where an office's clerks' uploads go: its own folder of the inbox in a deployment serving
        several offices (the one its ``watch`` reads: docs/deployment.md), else the inbox itself."""
        return self.inbox / office if office else self.inbox

    def office(self, code: str | None = None) -> Office:
        """The receiving office ``code`` (default: this process's, CONGVAN_OFFICE) described by its
        units file: ``CONGVAN_UNITS_DIR/<code>.toml`` in a deployment serving several offices, else
        CONGVAN_UNITS (or the shipped one). Raises ConfigError if it is missing or unusable."""
        code = self.office_code if code is None else code
        if code and self.units_dir is not None:
            return load_office(self.units_dir / f"{code}.toml")
        return load_office(self.units)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        jobs_raw = env.get("CONGVAN_JOBS", "0") or "0"
        try:
            jobs = int(jobs_raw)
        except ValueError as exc:
            raise ConfigError(f"CONGVAN_JOBS must be a whole number, not {jobs_raw!r}") from exc
        if jobs < 0:
            raise ConfigError("CONGVAN_JOBS must be 0 (one per core) or more")
        backend = env.get("CONGVAN_BACKEND", "sqlite") or "sqlite"
        if backend not in ("sqlite", "elasticsearch"):
            raise ConfigError(f"CONGVAN_BACKEND must be 'sqlite' or 'elasticsearch', not {backend!r}")
        units = env.get("CONGVAN_UNITS") or None
        inbox = env.get("CONGVAN_INBOX") or None
        url = env.get("CONGVAN_DATABASE_URL") or None
        if url is not None:
            if url.split("://", 1)[0] not in ("postgresql", "postgres"):
                raise ConfigError("CONGVAN_DATABASE_URL must be a PostgreSQL URL (postgresql://user@host:5432/db); "
                                  "leave it unset for the SQLite ledger under CONGVAN_HOME")
            if backend != "elasticsearch":
                raise ConfigError("a PostgreSQL ledger is searched through Elasticsearch (the embedded index lives "
                                  "in the SQLite file): set CONGVAN_BACKEND=elasticsearch")
        office = (env.get("CONGVAN_OFFICE") or "").strip()
        if office and not OFFICE_CODE.fullmatch(office):
            raise ConfigError(f"CONGVAN_OFFICE must be a short code of letters, digits, '.', '-' or '_' (e.g. "
                              f"STTTT, UBND-TPHD), not {office!r}")
        units_dir = env.get("CONGVAN_UNITS_DIR") or None
        return cls(home=Path(env.get("CONGVAN_HOME", ".congvan") or ".congvan"), jobs=jobs, backend=backend,
                   units=Path(units) if units else None, inbox_dir=Path(inbox) if inbox else None, database_url=url,
                   office_code=office, units_dir=Path(units_dir) if units_dir else None)
