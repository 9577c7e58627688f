"""The fault suite (issue 21): the bad-input zoo, dropped into one inbox beside good documents and
ingested as an operator would (`congvan ingest`, Prefect embedded, real Tesseract). Every entry
ends in exactly one place with its reason, no traceback, no link followed, nothing registered
that holds no text, số đến gap-free. docs/operations.md has the table of faults."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from tests.conftest import sample
from tests.flows.test_ingest import ingest
from tests.ocr.test_loader import pdf_image_bomb

pytestmark = pytest.mark.tesseract
GOOD = {"cv031.pdf": "cv031.pdf", "with space ủy ban.pdf": "cv032.pdf", "-dash.pdf": "cv033.pdf",
        "x.pdf/inside.pdf": "cv034.pdf"}          # a folder named like a PDF holds a document


def zoo(inbox: Path, outside: Path) -> dict[str, str]:
    """The bad entries, name → the words the quarantine's note must hold."""
    (inbox / "zero.pdf").write_bytes(b"")
    whole = sample("cv031.pdf").read_bytes()
    (inbox / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    (inbox / "text-as.pdf").write_bytes("Kính gửi: Sở Nội vụ\nnot a PDF at all\n".encode())
    writer = PdfWriter(clone_from=PdfReader(sample("cv032.pdf")))
    writer.encrypt("secret")
    with (inbox / "encrypted.pdf").open("wb") as fh:
        writer.write(fh)
    Image.new("1", (12_000, 9_000), 1).save(inbox / "png-bomb.png", "PNG")
    pdf_image_bomb(inbox / "pdf-bomb.pdf")
    (inbox / "header-only.jpg").write_bytes(sample("cv002.jpg").read_bytes()[:200])
    blank = [Image.new("L", (620, 877), 255) for _ in range(300)]
    blank[0].save(inbox / "blank-300.pdf", "PDF", save_all=True, append_images=blank[1:], resolution=75.0)
    (outside / "secret.pdf").write_bytes(sample("cv033.pdf").read_bytes())
    (inbox / "link-out.pdf").symlink_to(outside / "secret.pdf")
    (inbox / "passwd.pdf").symlink_to("/etc/passwd")
    os.mkfifo(inbox / "fifo.pdf")
    return {"zero.pdf": "empty", "truncated.pdf": "damaged", "text-as.pdf": "", "encrypted.pdf": "encrypted",
            "png-bomb.png": "megapixels", "pdf-bomb.pdf": "megapixels", "header-only.jpg": "",
            "blank-300.pdf": "no readable text", "link-out.pdf": "symbolic link", "passwd.pdf": "symbolic link",
            "fifo.pdf": "FIFO"}


def test_the_zoo_beside_good_documents(tmp_path: Path) -> None:
    inbox, outside, home = tmp_path / "inbox", tmp_path / "outside", tmp_path / "home"
    inbox.mkdir()
    outside.mkdir()
    for name, src in GOOD.items():
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(sample(src).read_bytes())
    bad = zoo(inbox, outside)
    proc = ingest(inbox, home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 10, out                              # partial failure: some quarantined
    assert "Traceback" not in out
    left = [p for p in inbox.rglob("*") if not p.is_dir()]
    assert left == [], left                                         # every entry went somewhere
    quarantined = {p.name for p in (home / "quarantine").iterdir() if not p.name.endswith(".error.txt")}
    assert quarantined == set(bad)
    for name, words in bad.items():
        note = (home / "quarantine" / f"{name}.error.txt").read_text(encoding="utf-8")
        assert note.startswith(name) and words in note, (name, note)
    assert (home / "quarantine" / "passwd.pdf").is_symlink() and (home / "quarantine" / "link-out.pdf").is_symlink()
    archived = sorted(p.name for p in (home / "archive").rglob("*.pdf"))
    assert archived == sorted(Path(n).name for n in GOOD)
    assert (outside / "secret.pdf").read_bytes() == sample("cv033.pdf").read_bytes()     # the target untouched
    db = sqlite3.connect(home / "ledger.sqlite")
    try:
        seqs = [r[0] for r in db.execute("SELECT seq FROM register ORDER BY year, seq")]
        records = db.execute("SELECT count(*) FROM records").fetchone()[0]
    finally:
        db.close()
    assert records == len(GOOD) and seqs == list(range(1, len(GOOD) + 1))     # gap-free, nothing else
    again = ingest(inbox, home)                                      # an empty inbox: nothing happens
    assert again.returncode == 0 and "Traceback" not in again.stdout + again.stderr


def test_an_unreadable_inbox_entry_name_is_reported_not_crashed(tmp_path: Path) -> None:
    """A name that is not UTF-8 (a scanner on another locale) is still one entry with its outcome."""
    inbox, home = tmp_path / "inbox", tmp_path / "home"
    inbox.mkdir()
    raw = os.fsencode(inbox) + b"/scan-\xff\xfe.pdf"
    with open(raw, "wb") as fh:
        fh.write(sample("cv031.pdf").read_bytes())
    proc = ingest(inbox, home)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert proc.returncode == 0 and not any(inbox.iterdir())
    assert "scan-\ufffd\ufffd.pdf" in proc.stdout                     # shown, its stray bytes marked
    archived = [p for p in (home / "archive").rglob("*.pdf")]
    assert len(archived) == 1 and os.fsencode(archived[0]).endswith(b"/scan-\xff\xfe.pdf")   # kept its own name
    from congvan.search.ledger import Ledger

    with Ledger(home / "ledger.sqlite") as ledger:                  # and the ledger knows where, byte for byte
        assert [ledger.archived(str(r[0])) for r in ledger.conn.execute("SELECT id FROM records")] == archived
