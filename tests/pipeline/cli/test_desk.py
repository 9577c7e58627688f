"""`congvan user` (the desk's accounts) and `congvan serve`'s start: one line and an exit code
for what is wrong, never a traceback; the library imports without the web framework."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from congvan.pipeline.desk.accounts import api_user, check_password, get_user
from congvan.search.ledger import Ledger

CONGVAN = [sys.executable, "-m", "congvan"]


def run(home: Path, *args: str, password: str = "mat-khau-dai-du") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONGVAN_HOME": str(home), "CONGVAN_PASSWORD": password}
    return subprocess.run([*CONGVAN, *args], capture_output=True, text=True, timeout=120, env=env)


def test_user_add_list_token_disable(tmp_path: Path) -> None:
    r = run(tmp_path, "user", "add", "tp.cntt", "--role", "don-vi", "--unit", "p cntt", "--head",
            "--full-name", "Lê Văn A")
    assert r.returncode == 0 and r.stdout.strip() == "tp.cntt: Đơn vị, Phòng Công nghệ thông tin"
    assert "Phòng Công nghệ thông tin (trưởng)" in run(tmp_path, "user", "list").stdout
    token = run(tmp_path, "user", "token", "tp.cntt").stdout.strip()
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        user = get_user(ledger, "tp.cntt")
        assert user is not None and user.head and api_user(ledger, token) == user
        stored = ledger.conn.execute("SELECT password_hash FROM users").fetchone()[0]
        assert stored.startswith("$argon2id$") and "mat-khau" not in stored
        assert check_password(ledger, "tp.cntt", "mat-khau-dai-du") == user
        assert check_password(ledger, "tp.cntt", "sai") is None
    assert run(tmp_path, "user", "disable", "tp.cntt").returncode == 0
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        assert api_user(ledger, token) is None and check_password(ledger, "tp.cntt", "mat-khau-dai-du") is None


def test_bad_accounts_are_one_line_each(tmp_path: Path) -> None:
    cases = [(("user", "add", "x", "--role", "giam-doc"), "a role is one of"),
             (("user", "add", "x", "--role", "don-vi"), "needs its unit"),
             (("user", "add", "x", "--role", "don-vi", "--unit", "Phòng Không Có"), "not one of the office's units"),
             (("user", "token", "nobody"), "no such active account")]
    for args, said in cases:
        r = run(tmp_path, *args)
        assert r.returncode == 3 and said in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1
    r = run(tmp_path, "user", "add", "x", "--role", "van-thu", password="ngan")
    assert r.returncode == 3 and "at least 10 characters" in r.stderr


def test_serve_with_a_broken_units_file_says_so_and_exits(tmp_path: Path) -> None:
    units = tmp_path / "units.toml"
    units.write_text("this is = = not toml", encoding="utf-8")
    env = {**os.environ, "CONGVAN_HOME": str(tmp_path), "CONGVAN_UNITS": str(units)}
    r = subprocess.run([*CONGVAN, "serve", "--port", "1"], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 9 and "Traceback" not in r.stderr and str(units) in r.stderr


def test_the_library_imports_without_the_web_framework() -> None:
    code = ("import sys; import congvan.pipeline.desk.workflow, congvan.pipeline.ingest, congvan.search.store, "
            "congvan.pipeline.page_images; "
            "print(sorted(m for m in ('fastapi', 'starlette', 'jinja2', 'uvicorn') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "[]", r.stderr


def test_accounts_of_an_office_and_a_province_reader(tmp_path: Path) -> None:
    r = run(tmp_path, "user", "add", "vt.snv", "--role", "van-thu", "--office", "SNV")
    assert r.returncode == 0 and r.stdout.strip() == "vt.snv: Văn thư (SNV)"
    assert run(tmp_path, "user", "add", "tinh", "--role", "cap-tinh", "--office", "SNV").returncode == 0
    listed = run(tmp_path, "user", "list").stdout
    (line,) = [x for x in listed.splitlines() if x.startswith("vt.snv")]
    assert line.endswith("[SNV]")
    with Ledger(tmp_path / "ledger.sqlite") as ledger:
        reader = get_user(ledger, "tinh")
        assert reader is not None and reader.office == "" and reader.role_label == "Theo dõi cấp tỉnh"
    bad = run(tmp_path, "user", "add", "x", "--role", "van-thu", "--office", "../etc")
    assert bad.returncode == 3 and "short code" in bad.stderr and "Traceback" not in bad.stderr
