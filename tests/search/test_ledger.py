"""The ledger: migrations, records and citations, corrections with their audit trail, the register."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.vntext import fold
from congvan.search.index import Query, Visibility
from congvan.search.ledger import MIGRATIONS, Ledger
from congvan.search.store import Store

from .conftest import CORPUS


def test_migrations_are_numbered_and_idempotent(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        assert ledger.version == len(MIGRATIONS)
    with Ledger(tmp_path / "l.sqlite") as again:            # reopening applies nothing twice
        assert again.version == len(MIGRATIONS)
        assert again.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


UNDO_7 = ("DROP INDEX register_day; CREATE TABLE register6 (year INTEGER NOT NULL, seq INTEGER NOT NULL, "
          "record_id TEXT NOT NULL UNIQUE, stamp_number TEXT, clash INTEGER NOT NULL DEFAULT 0, arrival_day TEXT NOT "
          "NULL, registered_at TEXT NOT NULL, PRIMARY KEY (year, seq)); INSERT INTO register6 SELECT year, seq, "
          "record_id, stamp_number, clash, arrival_day, registered_at FROM register; DROP TABLE register; "
          "ALTER TABLE register6 RENAME TO register; DROP INDEX records_office; "
          "ALTER TABLE records DROP COLUMN office; ")
UNDO_6 = UNDO_7 + ("DROP TABLE users; DROP TABLE sessions; DROP TABLE api_tokens; DROP TABLE desk; "
                   "DROP TABLE desk_log; "
                   "DROP TABLE audit; ALTER TABLE files DROP COLUMN archived; ")


def test_a_ledger_from_before_the_desk_gets_its_index_rebuilt_with_who_may_see(tmp_path: Path) -> None:
    """Migration 6 drops the embedded index of a ledger written before the desk (its tags say
    nothing of who may see a record); the next open rebuilds it from the ledger, so a clerk's
    search (non-secret only) finds what it should, and a secret record stays out."""
    config = Config(home=tmp_path)
    with Store(config) as store:
        store.add(CORPUS)
    conn = sqlite3.connect(tmp_path / "ledger.sqlite")
    conn.executescript(UNDO_6 + "UPDATE fts SET tags = ''; PRAGMA user_version = 5;")
    conn.close()
    with Store(config) as store:
        assert store.ledger.version == len(MIGRATIONS)
        clerk = store.index.search(Query(visibility=Visibility(open=True), size=50))
        secret = {r.source.sha256 for r in CORPUS if r.document.confidentiality}
        assert clerk.total == len(CORPUS) - len(secret) and secret
        assert not secret & {h.id for h in clerk.hits}


def test_an_older_ledger_is_migrated_with_its_records(tmp_path: Path) -> None:
    """A ledger written at version 2 (no folded keys) opens at the current version, its records
    searchable by the new columns and unchanged otherwise."""
    path = tmp_path / "old.sqlite"
    with Ledger(path) as ledger, ledger.transaction():
        for r in CORPUS:
            ledger.put_record(r)
    conn = sqlite3.connect(path)               # take it back to what version 2 had
    conn.executescript("ALTER TABLE records DROP COLUMN subject_fkey; ALTER TABLE records DROP COLUMN issuer_fkey; "
                       "CREATE INDEX records_year ON records(year); DROP INDEX corrections_record; "
                       + UNDO_6 + "PRAGMA user_version = 2;")
    conn.close()
    with Ledger(path) as ledger:
        assert ledger.version == len(MIGRATIONS)
        rows = ledger.conn.execute("SELECT subject_key, subject_fkey, issuer_fkey FROM records").fetchall()
        assert len(rows) == len(CORPUS)
        assert all(r[1] == fold(r[0]) and r[2] is not None for r in rows)
        assert any(r[0] != r[1] for r in rows)                 # the subjects have diacritics to fold
        assert ledger.get(CORPUS[0].source.sha256) is not None


def test_records_round_trip_and_citations(ledger_at: Path | str) -> None:
    with Ledger(ledger_at) as ledger:
        with ledger.transaction():
            for r in CORPUS:
                ledger.put_record(r)
        assert ledger.count() == len(CORPUS)
        got = ledger.get(CORPUS[0].source.sha256)
        assert got is not None and got.to_dict() == CORPUS[0].to_dict()
        assert len(ledger.citing("99-qđ/tw")) == 2
        ledger.put_record(CORPUS[0])                          # same id: replaced, not duplicated
        assert ledger.count() == len(CORPUS)
        assert ledger.find_id(CORPUS[0].source.sha256[:10]) == CORPUS[0].source.sha256


def test_a_failed_transaction_leaves_nothing(ledger_at: Path | str) -> None:
    with Ledger(ledger_at) as ledger:
        with pytest.raises(RuntimeError), ledger.transaction():
            ledger.put_record(CORPUS[0], outbox=("elasticsearch",))
            raise RuntimeError("crash between writes")
        assert ledger.count() == 0 and ledger.pending_count("elasticsearch") == 0


def test_corrections_keep_an_audit_trail(ledger_at: Path | str) -> None:
    with Ledger(ledger_at) as ledger:
        ledger.put_record(CORPUS[4])
        rid = CORPUS[4].source.sha256
        fixed = ledger.correct(rid, "routing.main", "P.KHTC", who="lan.vt")
        assert fixed.routing.main == "P.KHTC"
        ledger.correct(rid, "incoming.arrival_number", "15", who="lan.vt")     # no stamp read: created
        trail = ledger.corrections(rid)
        assert [(c["who"], c["field"], c["before"], c["after"]) for c in trail] == [
            ("lan.vt", "routing.main", "null", '"P.KHTC"'), ("lan.vt", "incoming.arrival_number", "null", '"15"')]
        assert ledger.conn.execute("SELECT unit FROM records WHERE id = ?", (rid,)).fetchone()[0] == "P.KHTC"
        with pytest.raises(KeyError):
            ledger.correct(rid, "document.nope", 1, who="x")
        with pytest.raises(KeyError):
            ledger.correct("0" * 64, "document.subject", "x", who="x")


def test_register_is_gap_free_per_year_and_flags_clashes(ledger_at: Path | str) -> None:
    with Ledger(ledger_at) as ledger:
        assert ledger.register("a", 2021) == (1, False)
        assert ledger.register("b", 2021, stamp_number="2") == (2, False)
        assert ledger.register("c", 2021, stamp_number="250") == (3, True)
        assert ledger.register("a", 2021) == (1, False)        # already registered: same number
        assert ledger.register("d", 2022) == (1, False)


def test_register_is_safe_with_concurrent_writers(ledger_at: Path | str) -> None:
    path = ledger_at
    Ledger(path).close()
    got: list[int] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        with Ledger(path) as ledger:
            for i in range(25):
                seq, _ = ledger.register(f"{k}-{i}", 2023)
                with lock:
                    got.append(seq)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == list(range(1, 101))


def test_the_ledger_is_plain_sqlite(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.put_record(CORPUS[0])
    rows = sqlite3.connect(tmp_path / "l.sqlite").execute("SELECT number, type FROM records").fetchall()
    assert rows == [("25/CT-UBND", "Chỉ thị")]


def test_facet_totals_follow_every_write(ledger_at: Path | str) -> None:
    with Ledger(ledger_at) as ledger:
        for r in CORPUS:
            ledger.put_record(r)
        assert dict(ledger.facet_totals()["type"])["Công văn"] == 2
        ledger.correct(CORPUS[2].source.sha256, "document.type", "Thông báo", who="x")
        ledger.delete_record(CORPUS[3].source.sha256)
        totals = ledger.facet_totals()
        assert "Công văn" not in dict(totals["type"]) and dict(totals["type"])["Thông báo"] == 2
        scanned = dict(ledger.conn.execute("SELECT type, count(*) FROM records GROUP BY type").fetchall())
        assert dict(totals["type"]) == scanned


def test_a_correction_is_audited_checked_and_survives_a_re_extraction(ledger_at: Path | str) -> None:
    record = CORPUS[0]
    rid = record.source.sha256
    with Ledger(ledger_at) as ledger:
        with ledger.transaction():
            ledger.put_record(record)
        fixed = ledger.correct(rid, "document.subject", "Bảo đảm an toàn thông tin", "an")
        assert fixed.document.subject == "Bảo đảm an toàn thông tin"
        assert fixed.confidence.get("document.subject", 1.0) == 1.0
        trail = ledger.corrections(rid)
        assert [(c["field"], c["who"]) for c in trail] == [("document.subject", "an")]
        assert json.loads(trail[0]["before"]) == record.document.subject
        # the same file read again (a re-extraction) keeps what the person set
        with ledger.transaction():
            ledger.put_record(record)
        again = ledger.get(rid)
        assert again is not None and again.document.subject == "Bảo đảm an toàn thông tin"
        assert again.document.number == record.document.number              # the rest as extracted
        with pytest.raises(KeyError):
            ledger.correct(rid, "document.colour", "x", "an")
        assert len(ledger.corrections(rid)) == 1                              # a refused one is not kept


def test_a_corrected_stamp_number_and_date_reach_the_register(ledger_at: Path | str) -> None:
    record = CORPUS[0]
    rid = record.source.sha256
    with Ledger(ledger_at) as ledger:
        with ledger.transaction():
            ledger.put_record(record)
        assert ledger.register(rid, 2019, "12", "2019-03-12") == (1, True)       # stamp says 12, register 1
        ledger.correct(rid, "incoming.arrival_number", "1", "an")
        ledger.correct(rid, "incoming.arrival_date", "2019-03-13", "an")
        ((seq, day, stamp, clash, _),) = ledger.register_rows(2019)
        assert (seq, day, stamp, clash) == (1, "2019-03-13", "1", False)


def test_registered_files_of_an_older_ledger_count_as_filed(tmp_path: Path) -> None:
    """Migration 5: before 0.3.0 an ingest filed the original right after its commit and left the
    file row 'indexed'; such a registered file is 'filed' (not taken for one whose filing is
    pending), a file that was only indexed (`congvan index`) stays as it was."""
    path = tmp_path / "old.sqlite"
    with Ledger(path) as ledger, ledger.transaction(immediate=True):
        ledger.put_file("a" * 64, "a.pdf", "indexed")
        ledger.put_file("b" * 64, "b.pdf", "indexed")
        ledger.conn.execute("INSERT INTO register(year, seq, record_id, stamp_number, clash, arrival_day, "
                            "registered_at) VALUES (2024, 1, ?, NULL, 0, '2024-03-01', '2024-03-01T08:00:00Z')",
                            ("a" * 64,))
    conn = sqlite3.connect(path)
    conn.executescript("UPDATE files SET status = 'indexed'; " + UNDO_6 + "PRAGMA user_version = 4;")
    conn.close()
    with Ledger(path) as ledger:
        assert ledger.version == len(MIGRATIONS) == 7
        assert (ledger.file_status("a" * 64), ledger.file_status("b" * 64)) == ("filed", "indexed")


def test_a_ledger_of_one_office_keeps_its_register_when_offices_come(tmp_path: Path) -> None:
    """Migration 7: the registered records of a ledger made before offices keep their số đến, in
    the deployment's own office (''), and its series goes on from them."""
    path = tmp_path / "old.sqlite"
    with Ledger(path) as ledger:
        for k, r in enumerate(CORPUS[:3]):
            ledger.put_record(r)
            assert ledger.register(r.source.sha256, 2021, None, f"2021-03-0{k + 1}") == (k + 1, False)
    conn = sqlite3.connect(path)
    conn.executescript(UNDO_7 + "ALTER TABLE users DROP COLUMN office; PRAGMA user_version = 6;")
    conn.close()
    with Ledger(path) as ledger:
        assert ledger.version == len(MIGRATIONS)
        assert [r[0] for r in ledger.register_rows(2021)] == [1, 2, 3]
        assert ledger.register(CORPUS[3].source.sha256, 2021) == (4, False)
        assert ledger.register(CORPUS[4].source.sha256, 2021, office="SNV") == (1, False)   # its own series


def test_a_ledger_that_cannot_be_written_is_one_clear_error(tmp_path: Path) -> None:
    import pytest

    from congvan.pipeline.core.errors import ExitCode, LedgerWriteError
    from congvan.search.ledger import Ledger

    (tmp_path / "home").write_text("a file where CONGVAN_HOME should be")
    with pytest.raises(LedgerWriteError, match="could not be written") as caught:
        Ledger(tmp_path / "home" / "ledger.sqlite")
    assert caught.value.exit_code == ExitCode.ledger
