"""What every request of the web desk shares: the configuration, one :class:`Store` per worker
thread (a SQLite connection belongs to one thread), the office, the templates."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.units import Office
from congvan.pipeline.desk.accounts import User
from congvan.search.store import Store

HERE = Path(__file__).parent


@dataclass
class Desk:
    config: Config
    office: Office
    templates: Jinja2Templates = field(init=False)
    _local: threading.local = field(default_factory=threading.local, init=False)
    _stores: list[Store] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _offices: dict[str, Office] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        # autoescape on for every template: OCR text, file names and typed values are untrusted
        env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True)
        self.templates = Jinja2Templates(env=env)

    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.config)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._stores:
                with contextlib.suppress(sqlite3.ProgrammingError):   # made in another thread: the process ends
                    store.close()
            self._stores.clear()

    def office_for(self, user: User | None) -> Office:
        """The office a person belongs to (its units, for routing and decisions); the desk's own
        office for the deployment's own people and for a province-level reader."""
        if user is None or not user.office:
            return self.office
        with self._lock:
            if user.office not in self._offices:
                self._offices[user.office] = self.config.office(user.office)
            return self._offices[user.office]

    def unit_names(self, user: User | None = None) -> list[str]:
        return [u.name for u in self.office_for(user).units]


def desk_of(request: Request) -> Desk:
    """The :class:`Desk` of the application serving ``request``."""
    desk: Desk = request.app.state.desk
    return desk
