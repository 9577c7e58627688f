"""The fault suite (issue 21): `congvan watch` as the office's long-running service, for real
(subprocesses, Prefect's embedded server or `congvan prefect-server`, real files dropped in):
- two watches started at once on a fresh Prefect home (one start, one migration at a time);
- a Prefect start that fails, then a look that fails (a units file broken between two looks):
  each one line, the watch goes on and registers the next file dropped in;
- the production mode: the flow served against `congvan prefect-server`, the server killed and
  started again: the watch says so and takes the next file."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from congvan.pipeline import core
from tests.conftest import sample
from tests.flows.test_ingest import CONGVAN, TEXT_PDFS, env, filed

pytestmark = pytest.mark.tesseract


class Service:
    """A congvan command running in the background, its output in files the test reads as it goes."""

    def __init__(self, args: list[str], environ: dict[str, str], logs: Path) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self.out, self.err = logs / "stdout", logs / "stderr"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.proc = subprocess.Popen([*CONGVAN, *args], env=environ, stdout=out, stderr=err,
                                         start_new_session=True)

    def said(self) -> str:
        return self.out.read_text() + self.err.read_text()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


@pytest.fixture
def services() -> Iterator[list[Service]]:
    started: list[Service] = []
    yield started
    for s in started:
        s.stop()


def wait_for(what: Callable[[], bool], seconds: float, why: str, *running: Service) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if what():
            return
        assert all(s.alive() for s in running), "a service died: " + " | ".join(s.said()[-2000:] for s in running)
        time.sleep(0.5)
    raise AssertionError(f"{why} not within {seconds} s: " + " | ".join(s.said()[-2000:] for s in running))


def drop(inbox: Path, names: list[str]) -> None:
    """As a scanner saves: written beside the inbox, then renamed in."""
    for name in names:
        part = inbox.parent / f".{name}.part"
        part.write_bytes(sample(name).read_bytes())
        part.rename(inbox / name)


def register(home: Path) -> list[int]:
    db = sqlite3.connect(home / "ledger.sqlite")
    try:
        return [seq for (seq,) in db.execute("SELECT seq FROM register ORDER BY seq")]
    finally:
        db.close()


def no_traceback(*running: Service) -> None:
    for s in running:
        assert "Traceback" not in s.said() and "duplicate column" not in s.said(), s.said()


def test_two_watches_started_at_once_on_a_fresh_prefect_home(tmp_path: Path, services: list[Service]) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    inbox.mkdir()
    environ = env(home, PREFECT_HOME=str(tmp_path / "fresh-prefect-home"))
    for k in (1, 2):
        services.append(Service(["watch", str(inbox), "--interval", "3", "--settle", "1"], environ,
                                tmp_path / f"watch-{k}"))
    drop(inbox, TEXT_PDFS)
    wait_for(lambda: (home / "archive").exists() and len(filed(home)) == len(TEXT_PDFS), 600,
             "every file filed", *services)
    assert sorted(filed(home).values()) == sorted(TEXT_PDFS)                 # each exactly once
    assert register(home) == list(range(1, len(TEXT_PDFS) + 1))             # gap-free
    assert all(s.alive() for s in services)
    no_traceback(*services)


def test_watch_goes_on_through_a_failed_prefect_start_and_a_failed_look(tmp_path: Path,
                                                                         services: list[Service]) -> None:
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    inbox.mkdir()
    units = tmp_path / "units.toml"
    good_units = (Path(core.__file__).parent / "data" / "units.toml").read_text(encoding="utf-8")
    units.write_text(good_units, encoding="utf-8")
    prefect_home = tmp_path / "prefect-home"
    prefect_home.write_text("a file where Prefect's home folder should be")       # the start fails
    watch = Service(["watch", str(inbox), "--interval", "2", "--settle", "0.5"],
                    env(home, PREFECT_HOME=str(prefect_home), CONGVAN_UNITS=str(units)), tmp_path / "watch")
    services.append(watch)
    drop(inbox, TEXT_PDFS[:1])
    wait_for(lambda: "looking at the inbox failed (1 in a row): Prefect's home" in watch.said(), 120,
             "the failed start reported", watch)
    prefect_home.unlink()                                                          # mended
    wait_for(lambda: (home / "archive").exists() and len(filed(home)) == 1, 600, "the first file filed", watch)
    wait_for(lambda: "healthy again" in watch.said(), 60, "healthy again", watch)

    units.write_text("[[[ not a units file", encoding="utf-8")                    # one look fails
    drop(inbox, TEXT_PDFS[1:2])
    wait_for(lambda: watch.said().count("looking at the inbox failed (1 in a row)") == 2, 120,
             "the failed look reported", watch)
    assert (inbox / TEXT_PDFS[1]).exists()                                         # not taken, not lost
    units.write_text(good_units, encoding="utf-8")
    wait_for(lambda: len(filed(home)) == 2, 300, "the next file filed", watch)
    wait_for(lambda: watch.said().count("healthy again") == 2, 60, "healthy again, twice", watch)
    assert register(home) == [1, 2] and watch.alive()
    no_traceback(watch)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_served_watch_against_congvan_prefect_server_through_a_server_restart(tmp_path: Path,
                                                                            services: list[Service]) -> None:
    """The production mode: `congvan prefect-server` (its database under CONGVAN_HOME/prefect)
    and `watch` serving the flow on it. The server is killed and started again: the watch says
    the server is lost, then healthy again, and takes the next file."""
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    inbox.mkdir()
    port = free_port()
    environ = {k: v for k, v in env(home).items() if k != "PREFECT_HOME"}

    def server(k: int) -> Service:
        s = Service(["prefect-server", "--port", str(port)], environ, tmp_path / f"server-{k}")
        services.append(s)
        wait_for(lambda: "is up" in s.said(), 300, "Prefect's server up", s)
        return s

    first = server(1)
    assert (home / "prefect" / "prefect.db").exists()                            # its database in CONGVAN_HOME
    watch = Service(["watch", str(inbox), "--interval", "3", "--settle", "0.5"],
                    {**environ, "PREFECT_API_URL": f"http://127.0.0.1:{port}/api"}, tmp_path / "watch")
    services.append(watch)
    drop(inbox, TEXT_PDFS[:1])
    wait_for(lambda: (home / "archive").exists() and len(filed(home)) == 1, 600, "the first file filed",
             watch, first)
    first.stop()
    wait_for(lambda: "does not answer" in watch.said(), 60, "the lost server reported", watch)
    server(2)
    wait_for(lambda: "healthy again" in watch.said(), 120, "healthy again", watch)
    drop(inbox, TEXT_PDFS[1:2])
    wait_for(lambda: len(filed(home)) == 2, 600, "the next file filed", watch)
    assert register(home) == [1, 2] and watch.alive()
    no_traceback(watch)
