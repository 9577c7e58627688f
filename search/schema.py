"""The ledger's schema: numbered migrations, applied in order and recorded in ``PRAGMA user_version``
(SQLite) or the ``congvan_schema`` table (PostgreSQL).

A migration, once released, is never edited: a change is a new entry at the end of the list.
Each number has its SQLite text (:data:`MIGRATIONS`) and its PostgreSQL text
(:data:`PG_MIGRATIONS`) making the same tables, columns and indexes; a test compares the two.
"""

from __future__ import annotations

import sqlite3

FACET_COLUMNS = ("type", "issuer", "unit", "urgency", "confidentiality", "year")


def _facet_triggers() -> str:
    """Triggers that keep ``facet_totals`` (value counts over all records) exact in every write."""
    def add(row: str) -> str:
        return "".join(f"INSERT INTO facet_totals(name, value, n) SELECT '{c}', {row}.{c}, 1 "
                       f"WHERE {row}.{c} IS NOT NULL ON CONFLICT(name, value) DO UPDATE SET n = n + 1;\n"
                       for c in FACET_COLUMNS)

    def sub(row: str) -> str:
        return "".join(f"UPDATE facet_totals SET n = n - 1 WHERE name = '{c}' AND value = {row}.{c};\n"
                       for c in FACET_COLUMNS)

    return (f"CREATE TRIGGER records_facets_ai AFTER INSERT ON records BEGIN\n{add('NEW')}END;\n"
            f"CREATE TRIGGER records_facets_ad AFTER DELETE ON records BEGIN\n{sub('OLD')}END;\n"
            f"CREATE TRIGGER records_facets_au AFTER UPDATE OF {', '.join(FACET_COLUMNS)} ON records BEGIN\n"
            f"{sub('OLD')}{add('NEW')}END;\n")


MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE files (
        sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
        added_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE records (
        id TEXT NOT NULL UNIQUE, number TEXT, number_key TEXT, type TEXT, issuer TEXT, issue_date TEXT,
        arrival_date TEXT, arrival_number TEXT, unit TEXT, urgency TEXT, confidentiality TEXT, year TEXT,
        subject TEXT, subject_key TEXT, issuer_key TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE record_json (rid INTEGER PRIMARY KEY, json TEXT NOT NULL);
    CREATE INDEX records_number_key ON records(number_key);
    CREATE INDEX records_issue_date ON records(issue_date);
    CREATE INDEX records_arrival_date ON records(arrival_date);
    CREATE INDEX records_type ON records(type, issue_date);
    CREATE INDEX records_issuer ON records(issuer, issue_date);
    CREATE INDEX records_unit ON records(unit);
    CREATE INDEX records_urgency ON records(urgency);
    CREATE INDEX records_confidentiality ON records(confidentiality);
    CREATE INDEX records_year ON records(year);
    CREATE TABLE facet_totals (name TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (name, value)) WITHOUT ROWID;
{facet_triggers}    CREATE TABLE citations (
        record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE, number_key TEXT NOT NULL,
        PRIMARY KEY (record_id, number_key));
    CREATE INDEX citations_key ON citations(number_key);
    CREATE TABLE register (
        year INTEGER NOT NULL, seq INTEGER NOT NULL, record_id TEXT NOT NULL UNIQUE,
        stamp_number TEXT, clash INTEGER NOT NULL DEFAULT 0, arrival_day TEXT NOT NULL, registered_at TEXT NOT NULL,
        PRIMARY KEY (year, seq));
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL,
        field TEXT NOT NULL, before TEXT, after TEXT);
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT, backend TEXT NOT NULL, op TEXT NOT NULL, record_id TEXT NOT NULL,
        created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
    CREATE INDEX outbox_backend ON outbox(backend, id);
    """.replace("{facet_triggers}", _facet_triggers()),
    # 2: every facet column in one index, so filtered facet counts never read the table
    """
    CREATE INDEX records_facets ON records(issuer, type, unit, urgency, confidentiality, year, issue_date,
                                           arrival_date);
    """,
    # 3: folded word keys beside the exact ones, so ranking is SQL over stored columns (the
    # connection provides congvan_fold, the same fold as the index's); the year index was never used
    """
    ALTER TABLE records ADD COLUMN subject_fkey TEXT;
    ALTER TABLE records ADD COLUMN issuer_fkey TEXT;
    UPDATE records SET subject_fkey = congvan_fold(subject_key), issuer_fkey = congvan_fold(issuer_key);
    DROP INDEX records_year;
    """,
    # 4: a record's corrections are read whenever it is stored (a re-extraction keeps them)
    """
    CREATE INDEX corrections_record ON corrections(record_id, id);
    """,
    # 5: a registered document is done once its original is filed: files.status 'filed' (0.3.0).
    # Ingests before it filed the original right after the commit; their registered files say so.
    """
    UPDATE files SET status = 'filed' WHERE status = 'indexed' AND sha256 IN (SELECT record_id FROM register);
    """,
    # 6: the web desk (0.4.0): people and their sessions, each document's step in the incoming
    # workflow (NĐ 30/2020 Điều 20–24), its handling log, the audit log, where an original is
    # filed; the embedded index is rebuilt with who may see each record (its tags)
    """
    CREATE TABLE users (
        name TEXT PRIMARY KEY, full_name TEXT NOT NULL, role TEXT NOT NULL, unit TEXT, head INTEGER NOT NULL DEFAULT 0,
        secret INTEGER NOT NULL DEFAULT 0, password_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL);
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
    CREATE TABLE api_tokens (
        token_hash TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        label TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE desk (
        record_id TEXT PRIMARY KEY, state TEXT NOT NULL, deadline TEXT, assignee TEXT, reply_number TEXT,
        units TEXT, updated_at TEXT NOT NULL);
    CREATE INDEX desk_state ON desk(state, deadline);
    CREATE TABLE desk_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL,
        action TEXT NOT NULL, note TEXT);
    CREATE INDEX desk_log_record ON desk_log(record_id, id);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
        record_id TEXT, detail TEXT);
    CREATE INDEX audit_who ON audit(who, action, at);
    ALTER TABLE files ADD COLUMN archived TEXT;
    DROP TABLE IF EXISTS fts;
    """,
    # 7: several offices in one deployment (0.5.0): each record, register entry and person belongs
    # to an office ('' is the deployment's own, as every row before); số đến is per office and year;
    # the register is read by ngày đến (its export) without a scan
    """
    ALTER TABLE records ADD COLUMN office TEXT NOT NULL DEFAULT '';
    CREATE INDEX records_office ON records(office);
    CREATE TABLE register7 (
        office TEXT NOT NULL DEFAULT '', year INTEGER NOT NULL, seq INTEGER NOT NULL, record_id TEXT NOT NULL UNIQUE,
        stamp_number TEXT, clash INTEGER NOT NULL DEFAULT 0, arrival_day TEXT NOT NULL, registered_at TEXT NOT NULL,
        PRIMARY KEY (office, year, seq));
    INSERT INTO register7(office, year, seq, record_id, stamp_number, clash, arrival_day, registered_at)
        SELECT '', year, seq, record_id, stamp_number, clash, arrival_day, registered_at FROM register;
    DROP TABLE register;
    ALTER TABLE register7 RENAME TO register;
    CREATE INDEX register_day ON register(office, arrival_day);
    ALTER TABLE users ADD COLUMN office TEXT NOT NULL DEFAULT '';
    DROP TABLE IF EXISTS fts;
    """,
]


def split_sql(script: str) -> list[str]:
    """Complete statements of a script (a trigger's body keeps its inner semicolons)."""
    out: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                out.append(buffer.strip())
            buffer = ""
    return out


def _pg_facet_function() -> str:
    """The PostgreSQL form of :func:`_facet_triggers`: one trigger function for the three events."""
    sub = "".join(f"    UPDATE facet_totals SET n = n - 1 WHERE name = '{c}' AND value = OLD.{c};\n"
                  for c in FACET_COLUMNS)
    add = "".join(f"    INSERT INTO facet_totals(name, value, n) SELECT '{c}', NEW.{c}, 1 WHERE NEW.{c} IS NOT NULL "
                  "ON CONFLICT(name, value) DO UPDATE SET n = facet_totals.n + 1;\n" for c in FACET_COLUMNS)
    return ("CREATE FUNCTION records_facets() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"  IF TG_OP <> 'INSERT' THEN\n{sub}  END IF;\n  IF TG_OP <> 'DELETE' THEN\n{add}  END IF;\n"
            "  RETURN NULL;\nEND $$;\n"
            "CREATE TRIGGER records_facets AFTER INSERT OR DELETE OR UPDATE OF "
            f"{', '.join(FACET_COLUMNS)} ON records FOR EACH ROW EXECUTE FUNCTION records_facets();\n")


# PostgreSQL ledgers start at 0.5.0: a migration that only rewrote rows an older SQLite ledger
# held (3's fold backfill, 5's status rename, 6's index drop) has nothing to do here and is a no-op.
# Identity columns stand for SQLite's rowid and AUTOINCREMENT; record ids compare byte-wise
# (COLLATE "C"), as SQLite's do, so an id prefix is a range of the unique index.
PG_MIGRATIONS: list[str] = [
    # 1
    """
    CREATE TABLE files (
        sha256 TEXT PRIMARY KEY, path TEXT NOT NULL, status TEXT NOT NULL, error TEXT,
        added_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE records (
        rowid BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE, number TEXT, number_key TEXT, type TEXT, issuer TEXT, issue_date TEXT,
        arrival_date TEXT, arrival_number TEXT, unit TEXT, urgency TEXT, confidentiality TEXT, year TEXT,
        subject TEXT, subject_key TEXT, issuer_key TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE TABLE record_json (rid BIGINT PRIMARY KEY, json TEXT NOT NULL);
    CREATE INDEX records_number_key ON records(number_key);
    CREATE INDEX records_issue_date ON records(issue_date);
    CREATE INDEX records_arrival_date ON records(arrival_date);
    CREATE INDEX records_type ON records(type, issue_date);
    CREATE INDEX records_issuer ON records(issuer, issue_date);
    CREATE INDEX records_unit ON records(unit);
    CREATE INDEX records_urgency ON records(urgency);
    CREATE INDEX records_confidentiality ON records(confidentiality);
    CREATE INDEX records_year ON records(year);
    CREATE TABLE facet_totals (name TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (name, value));
{facet_function}    CREATE TABLE citations (
        record_id TEXT COLLATE "C" NOT NULL REFERENCES records(id) ON DELETE CASCADE, number_key TEXT NOT NULL,
        PRIMARY KEY (record_id, number_key));
    CREATE INDEX citations_key ON citations(number_key);
    CREATE TABLE register (
        year INTEGER NOT NULL, seq INTEGER NOT NULL, record_id TEXT NOT NULL UNIQUE,
        stamp_number TEXT, clash INTEGER NOT NULL DEFAULT 0, arrival_day TEXT NOT NULL, registered_at TEXT NOT NULL,
        PRIMARY KEY (year, seq));
    CREATE TABLE corrections (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, record_id TEXT NOT NULL, who TEXT NOT NULL,
        at TEXT NOT NULL, field TEXT NOT NULL, before TEXT, after TEXT);
    CREATE TABLE outbox (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, backend TEXT NOT NULL, op TEXT NOT NULL,
        record_id TEXT NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
    CREATE INDEX outbox_backend ON outbox(backend, id);
    """.replace("{facet_function}", _pg_facet_function()),
    # 2
    """
    CREATE INDEX records_facets ON records(issuer, type, unit, urgency, confidentiality, year, issue_date,
                                           arrival_date);
    """,
    # 3
    """
    ALTER TABLE records ADD COLUMN subject_fkey TEXT;
    ALTER TABLE records ADD COLUMN issuer_fkey TEXT;
    DROP INDEX records_year;
    """,
    # 4
    """
    CREATE INDEX corrections_record ON corrections(record_id, id);
    """,
    # 5
    "SELECT 1;",
    # 6: SQLite's instr() is the desk's unit test; "user" is a reserved word here and quoted
    """
    CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER LANGUAGE sql IMMUTABLE
        AS 'SELECT strpos(haystack, needle)';
    CREATE TABLE users (
        name TEXT PRIMARY KEY, full_name TEXT NOT NULL, role TEXT NOT NULL, unit TEXT, head INTEGER NOT NULL DEFAULT 0,
        secret INTEGER NOT NULL DEFAULT 0, password_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL);
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY, "user" TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
    CREATE TABLE api_tokens (
        token_hash TEXT PRIMARY KEY, "user" TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
        label TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE desk (
        record_id TEXT PRIMARY KEY, state TEXT NOT NULL, deadline TEXT, assignee TEXT, reply_number TEXT,
        units TEXT, updated_at TEXT NOT NULL);
    CREATE INDEX desk_state ON desk(state, deadline);
    CREATE TABLE desk_log (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, record_id TEXT NOT NULL, at TEXT NOT NULL,
        who TEXT NOT NULL, action TEXT NOT NULL, note TEXT);
    CREATE INDEX desk_log_record ON desk_log(record_id, id);
    CREATE TABLE audit (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,
        action TEXT NOT NULL, record_id TEXT, detail TEXT);
    CREATE INDEX audit_who ON audit(who, action, at);
    ALTER TABLE files ADD COLUMN archived BYTEA;
    """,
    # 7
    """
    ALTER TABLE records ADD COLUMN office TEXT NOT NULL DEFAULT '';
    CREATE INDEX records_office ON records(office);
    ALTER TABLE register ADD COLUMN office TEXT NOT NULL DEFAULT '';
    ALTER TABLE register DROP CONSTRAINT register_pkey;
    ALTER TABLE register ADD PRIMARY KEY (office, year, seq);
    CREATE INDEX register_day ON register(office, arrival_day);
    ALTER TABLE users ADD COLUMN office TEXT NOT NULL DEFAULT '';
    """,
]
