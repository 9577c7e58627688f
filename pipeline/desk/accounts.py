"""People, their roles and sessions, and who may see which document.

Roles follow an office's incoming-document work (Nghị định 30/2020/NĐ-CP, Điều 20–24):

- ``van-thu`` (clerk): receives, registers, presents (trình); sees every document that is not
  secret, and secret ones when the account is cleared for them (``secret``: the clerk who is
  given secret documents to register, Luật Bảo vệ bí mật nhà nước 2018, Điều 11);
- ``lanh-dao`` (leader): sees everything, directs each document to units;
- ``don-vi`` (a unit's staff; ``head`` for its trưởng phòng): sees the documents assigned to
  the unit (main or cooperating), secret or not; every non-secret one too when the office reads
  office-wide (``CONGVAN_OFFICE_WIDE_READING=1``);
- ``quan-tri`` (IT admin): accounts and the audit log, no documents;
- ``cap-tinh`` (a province-level reader, in a deployment serving several offices): reads the
  documents of every office that are not secret; secret ones stay with the people of their own
  office who may see them.

Every account but the province reader belongs to one office (``office``; '' is the deployment's
own) and sees that office's documents only.

Passwords are hashed with argon2id. A session or API token is a random secret of which only
the SHA-256 is stored, so a copy of the ledger does not let anyone in.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from congvan.pipeline.core.config import OFFICE_CODE
from congvan.pipeline.core.errors import InputFileError
from congvan.pipeline.core.vntext import nfc
from congvan.search.index import Visibility
from congvan.search.ledger import Ledger, now

Role = Literal["van-thu", "lanh-dao", "don-vi", "quan-tri", "cap-tinh"]
ROLES: dict[str, str] = {"van-thu": "Văn thư", "lanh-dao": "Lãnh đạo", "don-vi": "Đơn vị",
                         "quan-tri": "Quản trị", "cap-tinh": "Theo dõi cấp tỉnh"}
SESSION_HOURS = 12                 # a working day; a new login after it
MIN_PASSWORD = 10                  # characters
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    name: str
    full_name: str
    role: str
    unit: str | None = None
    head: bool = False             # the unit's head: assigns its documents to its staff
    secret: bool = False           # a clerk cleared for secret documents
    office: str = ""               # the office the account belongs to ('' = the deployment's own)

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    def visibility(self, office_wide: bool | None = None) -> Visibility:
        """What this person may see, as the filter every search and read applies."""
        if office_wide is None:
            office_wide = os.environ.get("CONGVAN_OFFICE_WIDE_READING") == "1"
        own = (self.office,)
        if self.role == "cap-tinh":
            return Visibility(open=True)                       # every office, nothing secret
        if self.role == "lanh-dao" or (self.role == "van-thu" and self.secret):
            return Visibility(everything=True, offices=own)
        if self.role == "van-thu":
            return Visibility(open=True, offices=own)
        if self.role == "don-vi" and self.unit:
            return Visibility(open=office_wide, units=(self.unit,), offices=own)
        return Visibility(offices=own)   # the admin, or a unit account without a unit: no documents


def _user(row: tuple[object, ...]) -> User:
    name, full, role, unit, head, secret, office = row
    return User(str(name), str(full), str(role), str(unit) if unit else None, bool(head), bool(secret),
                str(office or ""))


_SELECT = "SELECT name, full_name, role, unit, head, secret, office FROM users"


def add_user(ledger: Ledger, name: str, full_name: str, role: str, password: str, unit: str | None = None,
             head: bool = False, secret: bool = False, office: str = "") -> User:
    """Create (or replace) an account of ``office``. A unit account names one of the office's units."""
    name = (nfc(name) or "").strip().lower()
    if not name or not name.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise InputFileError("a user name is letters, digits, '.', '-' or '_'", name)
    if role not in ROLES:
        raise InputFileError(f"a role is one of {', '.join(ROLES)}", role)
    if role == "don-vi" and not unit:
        raise InputFileError("a unit account needs its unit (--unit)", name)
    if len(password) < MIN_PASSWORD:
        raise InputFileError(f"a password has at least {MIN_PASSWORD} characters", name)
    if office and not OFFICE_CODE.fullmatch(office):      # it names the office's inbox folder too
        raise InputFileError("an office is a short code of letters, digits, '.', '-' or '_' (e.g. STTTT)", office)
    with ledger.transaction(immediate=True):
        ledger.conn.execute(
            "INSERT INTO users(name, full_name, role, unit, head, secret, password_hash, active, created_at, office) "
            "VALUES (?,?,?,?,?,?,?,1,?,?) ON CONFLICT(name) DO UPDATE SET full_name=excluded.full_name, "
            "role=excluded.role, unit=excluded.unit, head=excluded.head, secret=excluded.secret, "
            "password_hash=excluded.password_hash, active=1, office=excluded.office",
            (name, nfc(full_name) or name, role, nfc(unit) if role == "don-vi" and unit else None, int(head),
             int(secret and role == "van-thu"), _HASHER.hash(password), now(), "" if role == "cap-tinh" else office))
    user = get_user(ledger, name)
    assert user is not None
    return user


def get_user(ledger: Ledger, name: str) -> User | None:
    row = ledger.conn.execute(f"{_SELECT} WHERE name = ? AND active = 1", (name,)).fetchone()
    return _user(tuple(row)) if row else None


def users(ledger: Ledger) -> list[User]:
    return [_user(tuple(r)) for r in ledger.conn.execute(f"{_SELECT} WHERE active = 1 ORDER BY role, unit, name")]


def unit_members(ledger: Ledger, unit: str, office: str = "") -> list[User]:
    """The staff of ``office``'s unit ``unit`` (two offices may each have a unit of one name)."""
    return [_user(tuple(r)) for r in ledger.conn.execute(
        f"{_SELECT} WHERE active = 1 AND role = 'don-vi' AND unit = ? AND office = ? ORDER BY name", (unit, office))]


def deactivate(ledger: Ledger, name: str) -> None:
    with ledger.transaction(immediate=True):
        ledger.conn.execute("UPDATE users SET active = 0 WHERE name = ?", (name,))
        ledger.conn.execute('DELETE FROM sessions WHERE "user" = ?', (name,))
        ledger.conn.execute('DELETE FROM api_tokens WHERE "user" = ?', (name,))


def check_password(ledger: Ledger, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs; None otherwise (the same time spent either way)."""
    row = ledger.conn.execute("SELECT password_hash FROM users WHERE name = ? AND active = 1",
                              ((nfc(name) or "").strip().lower(),)).fetchone()
    stored = str(row[0]) if row else _dummy_hash()
    try:
        _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    return get_user(ledger, (nfc(name) or "").strip().lower()) if row else None


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for a name that has no account: the same time spent either way
    (made on first use, not when the module is imported)."""
    return _HASHER.hash("not a password of anyone")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    token: str        # the cookie's value (only its digest is stored)
    csrf: str         # the token every form post of this session carries
    user: User


def open_session(ledger: Ledger, user: User) -> Session:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    expires = (datetime.now(UTC) + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
    with ledger.transaction(immediate=True):
        ledger.conn.execute("DELETE FROM sessions WHERE expires_at < ?", (now(),))
        ledger.conn.execute('INSERT INTO sessions(token_hash, "user", csrf, created_at, expires_at) VALUES (?,?,?,?,?)',
                            (_digest(token), user.name, csrf, now(), expires))
    return Session(token, csrf, user)


def session(ledger: Ledger, token: str) -> Session | None:
    row = ledger.conn.execute('SELECT "user", csrf FROM sessions WHERE token_hash = ? AND expires_at >= ?',
                              (_digest(token), now())).fetchone()
    user = get_user(ledger, str(row[0])) if row else None
    return Session(token, str(row[1]), user) if row and user else None


def close_session(ledger: Ledger, token: str) -> None:
    with ledger.transaction(immediate=True):
        ledger.conn.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))


def new_api_token(ledger: Ledger, user: User, label: str = "api") -> str:
    """A token for the REST API (``Authorization: Bearer …``), with the user's permissions."""
    token = "cv_" + secrets.token_urlsafe(32)
    with ledger.transaction(immediate=True):
        ledger.conn.execute('INSERT INTO api_tokens(token_hash, "user", label, created_at) VALUES (?,?,?,?)',
                            (_digest(token), user.name, label, now()))
    return token


def api_user(ledger: Ledger, token: str) -> User | None:
    row = ledger.conn.execute('SELECT "user" FROM api_tokens WHERE token_hash = ?', (_digest(token),)).fetchone()
    return get_user(ledger, str(row[0])) if row else None


def audit(ledger: Ledger, who: str, action: str, record_id: str | None = None, detail: str | None = None) -> None:
    """One line of the audit log (views of secret documents, logins, account changes)."""
    with ledger.transaction(immediate=True):
        ledger.conn.execute("INSERT INTO audit(at, who, action, record_id, detail) VALUES (?,?,?,?,?)",
                            (now(), who, action, record_id, detail))


LOGIN_FAILED, LOGGED_IN = "đăng nhập sai", "đăng nhập"
LOGIN_TRIES = 5                  # failed logins allowed …
LOGIN_WINDOW = 300               # … per this many seconds, per address and user name


def login_wait(ledger: Ledger, name: str, address: str) -> int:
    """Seconds before ``name`` may try to sign in again from ``address`` (0: now): after
    :data:`LOGIN_TRIES` failures within :data:`LOGIN_WINDOW` seconds since its last success.
    Counted from the audit log, so every server process and a restart see the same count."""
    since = (datetime.now(UTC) - timedelta(seconds=LOGIN_WINDOW)).isoformat(timespec="seconds")
    last_ok = ledger.conn.execute("SELECT max(at) FROM audit WHERE action = ? AND who = ? AND detail = ?",
                                  (LOGGED_IN, name, address)).fetchone()[0]
    rows = ledger.conn.execute(
        "SELECT at FROM audit WHERE action = ? AND who = ? AND detail = ? AND at >= ? ORDER BY at",
        (LOGIN_FAILED, name, address, max(since, str(last_ok or "")))).fetchall()
    if len(rows) < LOGIN_TRIES:
        return 0
    first = datetime.fromisoformat(str(rows[-LOGIN_TRIES][0]))
    return max(1, int((first + timedelta(seconds=LOGIN_WINDOW) - datetime.now(UTC)).total_seconds()) + 1)


def audit_log(ledger: Ledger, limit: int = 200) -> list[dict[str, str | None]]:
    return [dict(r) for r in ledger.conn.execute(
        "SELECT at, who, action, record_id, detail FROM audit ORDER BY id DESC LIMIT ?", (limit,))]
