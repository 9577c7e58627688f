"""A desk over a small ledger (both backends): an office's people in every role, documents in
every step, one of them secret, one with markup in its subject. Real FastAPI, real SQLite and a
real Elasticsearch (``make test`` runs one); the HTTP client is Starlette's TestClient."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from PIL import Image, ImageDraw, ImageFont

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.records import Deadline, Document, Incoming, Record, Reference, Routing, Source
from congvan.pipeline.desk import accounts, workflow
from congvan.pipeline.web.app import create_app
from congvan.search.store import Store
from tests.conftest import postgres_schema
from tests.search.conftest import es_client_or_skip

PASSWORD = "mat-khau-thu-nghiem"
CNTT, BCVT = "Phòng Công nghệ thông tin", "Phòng Bưu chính, Viễn thông"


def record(key: str, number: str, subject: str, secrecy: str | None = None, urgency: str | None = None,
           refs: tuple[str, ...] = (), deadline: str | None = None, low: bool = False) -> Record:
    sha = hashlib.sha256(key.encode()).hexdigest()
    conf = {"document.number": 0.9, "document.subject": 0.85, "document.date": 0.9}
    if low:
        conf["document.number"] = 0.3
    return Record(
        source=Source(path=f"{key}.png", sha256=sha, pages=1, kind="scan"),
        document=Document(number=number, type="Công văn", issuer="Bộ Thông tin và Truyền thông", date="2026-11-20",
                          subject=subject, urgency=urgency, confidentiality=secrecy,
                          references=[Reference(r) for r in refs],
                          deadlines=[Deadline(deadline, f"trước ngày {deadline}")] if deadline else []),
        incoming=Incoming(arrival_date="2026-12-01"),
        routing=Routing(main=CNTT if "mạng" in subject else BCVT, confidence=0.8, reasons=["từ khóa"]),
        confidence=conf, text=f"{subject}\nNội dung văn bản {number}.")


@dataclass
class DeskWorld:
    client: TestClient
    store: Store
    home: Path
    ids: dict[str, str]
    backend: str

    def login(self, name: str) -> TestClient:
        self.client.cookies.clear()
        r = self.sign_in(name, PASSWORD)
        assert r.status_code == 303, r.text
        return self.client

    def sign_in(self, name: str, password: str) -> Response:
        """Post the sign-in form as a browser does: with the token the form carries."""
        form = self.client.get("/dang-nhap").text
        marker = 'name="csrf" value="'
        token = form[form.index(marker) + len(marker):].split('"', 1)[0]
        return self.client.post("/dang-nhap", data={"name": name, "password": password, "csrf": token},
                                follow_redirects=False)

    def csrf(self) -> str:
        page = self.client.get("/tim-kiem").text
        marker = 'name="csrf" value="'
        return page[page.index(marker) + len(marker):].split('"', 1)[0]


PEOPLE = [("vanthu", "Nguyễn Thị Văn Thư", "van-thu", None, False, False),
          ("vanthumat", "Trần Văn Mật", "van-thu", None, False, True),
          ("giamdoc", "Lê Văn Giám Đốc", "lanh-dao", None, False, False),
          ("cntt", "Phạm Trưởng Phòng", "don-vi", CNTT, True, False),
          ("cntt2", "Hoàng Chuyên Viên", "don-vi", CNTT, False, False),
          ("bcvt", "Đỗ Bưu Chính", "don-vi", BCVT, False, False),
          ("quantri", "Quản Trị Viên", "quan-tri", None, False, False)]


def page_image(path: Path, rec: Record) -> None:
    """A page that shows the record's header, so a page image is not a blank square."""
    img = Image.new("RGB", (827, 1169), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSerif.ttf", 22) if _has_font() else ImageFont.load_default()
    d = rec.document
    lines = [d.issuer or "", f"Số: {d.number}", f"V/v {d.subject}", "", "Kính gửi: Sở Thông tin và Truyền thông"]
    for k, line in enumerate(lines):
        draw.text((60, 80 + 40 * k), line, fill="black", font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)


def _has_font() -> bool:
    try:
        ImageFont.truetype("DejaVuSerif.ttf", 10)
    except OSError:
        return False
    return True


def build(home: Path, backend: str, decide: bool = True,
          database_url: str | None = None) -> tuple[Store, dict[str, str]]:
    store = Store(Config(home=home, backend=backend, database_url=database_url))
    docs = {
        "secret": record("secret", "12/BTTTT-MAT", "Phương án bảo vệ hạ tầng mạng quốc gia", secrecy="Mật"),
        "open": record("open", "34/BTTTT-BCVT", "Quy hoạch mạng lưới bưu chính công cộng", urgency="Khẩn",
                       deadline="2099-01-15"),
        "xss": record("xss", "56/BTTTT-VP", "<script>alert('x')</script> Báo cáo <b>đậm</b>", low=True),
        "cites": record("cites", "78/BTTTT-CNTT", "Triển khai an toàn thông tin mạng", refs=("12/BTTTT-MAT",)),
    }
    store.add(docs.values())
    for k, rec in enumerate(docs.values(), start=1):
        store.ledger.register(rec.source.sha256, 2026, None, "2026-12-01")
        img = home / "archive" / f"page{k}.png"
        page_image(img, rec)
        with store.ledger.transaction():
            store.ledger.put_file(rec.source.sha256, rec.source.path, "filed")
            store.ledger.set_archived(rec.source.sha256, img)
    users = {p[0]: accounts.add_user(store.ledger, p[0], p[1], p[2], PASSWORD, p[3], p[4], p[5]) for p in PEOPLE}
    office = Config(home=home).office()
    ids = {k: r.source.sha256 for k, r in docs.items()}
    if not decide:
        return store, ids
    # the secret one and the "open" one directed by the leader: secret → CNTT, open → BCVT with CNTT cooperating
    workflow.decide(store, office, users["giamdoc"], ids["secret"], "P.CNTT", [], "2020-01-10", "Bảo mật")
    workflow.present(store, users["vanthu"], ids["open"])
    workflow.decide(store, office, users["giamdoc"], ids["open"], "P.BCVT", ["P.CNTT"], None, None)
    return store, ids


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch", "elasticsearch+postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskWorld]:
    backend, _, ledger = str(request.param).partition("+")
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(postgres_schema()) if ledger == "postgresql" else None
        yield from _world(backend, url, tmp_path_factory)


def _world(backend: str, url: str | None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskWorld]:
    home = tmp_path_factory.mktemp("desk")
    saved = {k: os.environ.get(k) for k in ("CONGVAN_ES_ALIAS", "CONGVAN_OFFICE_WIDE_READING")}
    os.environ.pop("CONGVAN_OFFICE_WIDE_READING", None)
    if backend == "elasticsearch":
        es = es_client_or_skip()
        os.environ["CONGVAN_ES_ALIAS"] = es.alias
    store, ids = build(home, backend, database_url=url)
    if store.es is not None:
        store.es.refresh()
    app = create_app(Config(home=home, backend=backend, database_url=url))
    with TestClient(app, base_url="http://testserver") as client:
        yield DeskWorld(client, store, home, ids, backend)
    if store.es is not None:
        store.es.drop()
    store.close()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, format="PNG")
    return out.getvalue()


def unique() -> str:
    return uuid.uuid4().hex[:8]
