"""Several offices in one deployment (issue 23): each office's documents, register and số đến
series are its own; its people see its documents only, in searches, queues, reads and the
register; a province-level reader (cap-tinh) reads every office's documents that are not secret,
and no secret one. On the embedded backend and on PostgreSQL with Elasticsearch."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import NoSuchRecordError
from congvan.pipeline.desk import accounts, workflow
from congvan.pipeline.desk.register import register_table
from congvan.search.index import Query
from congvan.search.store import Store
from tests.conftest import postgres_schema
from tests.pipeline.web.conftest import PASSWORD, record
from tests.search.conftest import es_client_or_skip

A, B = "STTTT", "SNV"


@pytest.fixture(params=["sqlite", "elasticsearch+postgresql"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Store]]:
    """One deployment, two offices: a store per office's ingest (CONGVAN_OFFICE), one ledger."""
    backend, _, ledger = str(request.param).partition("+")
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(postgres_schema()) if ledger == "postgresql" else None
        es = es_client_or_skip() if backend == "elasticsearch" else None
        out = {code: Store(Config(home=tmp_path, backend=backend, database_url=url, office_code=code), es=es)
               for code in (A, B)}
        yield out
        for s in out.values():
            s.close()
        if es is not None:
            es.drop()


def test_each_office_has_its_own_register_and_sees_only_its_own(stores: dict[str, Store]) -> None:
    docs = {A: [record("a-open", "1/STTTT", "Hạ tầng mạng viễn thông"),
                record("a-secret", "2/STTTT", "Phương án bảo vệ mạng", secrecy="Mật")],
            B: [record("b-open", "3/SNV", "Tuyển dụng công chức năm 2026"),
                record("b-secret", "4/SNV", "Hồ sơ nhân sự mạng lưới", secrecy="Mật")]}
    numbers = {code: [stores[code].commit_incoming(r, 2026, "2026-12-01")[0] for r in rs] for code, rs in docs.items()}
    assert numbers == {A: [1, 2], B: [1, 2]}                       # one series per office and year
    store = stores[A]
    if store.es is not None:
        store.flush()
        store.es.refresh()
    ledger = store.ledger
    clerk_a = accounts.add_user(ledger, "vt-a", "Văn thư A", "van-thu", PASSWORD, office=A)
    leader_b = accounts.add_user(ledger, "ld-b", "Lãnh đạo B", "lanh-dao", PASSWORD, office=B)
    province = accounts.add_user(ledger, "tinh", "Theo dõi cấp tỉnh", "cap-tinh", PASSWORD, office=A)
    assert province.office == ""                                   # of no one office
    ids = {r.source.path.split(".")[0]: r.source.sha256 for rs in docs.values() for r in rs}

    def found(user: accounts.User) -> set[str]:
        hits = store.index.search(Query(text="mạng", visibility=user.visibility(), size=50)).hits
        every = store.index.search(Query(visibility=user.visibility(), size=50)).hits
        assert {h.id for h in hits} <= {h.id for h in every}
        return {k for k, v in ids.items() if v in {h.id for h in every}}

    assert found(clerk_a) == {"a-open"}
    assert found(leader_b) == {"b-open", "b-secret"}
    assert found(province) == {"a-open", "b-open"}
    total = store.index.search(Query(visibility=clerk_a.visibility(), size=50))
    assert total.total == 1 and sum(n for _, n in total.facets.get("issuer", [])) == 1     # counts too

    assert {i.id for i in workflow.to_present(store, clerk_a)} == {ids["a-open"]}
    assert {i.id for i in workflow.to_present(store, leader_b)} == {ids["b-open"], ids["b-secret"]}
    with pytest.raises(NoSuchRecordError):
        workflow.readable(store, clerk_a, ids["b-open"])           # another office's: not there
    with pytest.raises(NoSuchRecordError):
        workflow.readable(store, province, ids["a-secret"])        # secret: not for the province reader
    assert workflow.readable(store, province, ids["b-open"]).office == B

    rows_a = register_table(ledger, "2026-01-01", "2026-12-31", clerk_a.visibility(), A)
    rows_b = register_table(ledger, "2026-01-01", "2026-12-31", leader_b.visibility(), B)
    assert [r[3] for r in rows_a] == ["1/STTTT"] and [r[3] for r in rows_b] == ["3/SNV", "4/SNV"]


def test_a_record_keeps_the_office_it_names(tmp_path: Path) -> None:
    """An import or a correction that names its office is filed there, not in the process's."""
    with Store(Config(home=tmp_path, office_code=A)) as store:
        theirs = dataclasses.replace(record("x", "9/SNV", "Văn bản chuyển"), office=B)
        store.commit_incoming(theirs, 2026, "2026-12-02")
        mine = record("y", "10/STTTT", "Văn bản của sở")
        store.commit_incoming(mine, 2026, "2026-12-02")
        assert [r[4].office for r in store.ledger.register_rows(2026, B)] == [B]
        assert [r[4].office for r in store.ledger.register_rows(2026, A)] == [A]


def test_an_office_code_is_a_plain_name(tmp_path: Path) -> None:
    """An account's office names its inbox folder: no path, no spaces."""
    from congvan.pipeline.core.errors import InputFileError

    with Store(Config(home=tmp_path)) as store:
        for bad in ("../etc", "a/b", "Sở TT"):
            with pytest.raises(InputFileError, match="short code"):
                accounts.add_user(store.ledger, "x", "X", "van-thu", PASSWORD, office=bad)
    assert Config(home=tmp_path).inbox_of("SNV") == tmp_path / "inbox" / "SNV"
    assert Config(home=tmp_path).inbox_of("") == tmp_path / "inbox"


def test_the_desk_shows_another_offices_document_as_not_found(tmp_path: Path) -> None:
    """Through the web desk: pages, API, search and uploads of a clerk of office B."""
    import io

    from fastapi.testclient import TestClient
    from PIL import Image

    from congvan.pipeline.web.app import create_app

    theirs, mine = record("web-a", "5/STTTT", "Kế hoạch chuyển đổi số"), record("web-b", "6/SNV", "Kế hoạch thi đua")
    with Store(Config(home=tmp_path, office_code=A)) as a, Store(Config(home=tmp_path, office_code=B)) as b:
        a.commit_incoming(theirs, 2026, "2026-12-03")
        b.commit_incoming(mine, 2026, "2026-12-03")
        accounts.add_user(b.ledger, "vtb", "Văn thư B", "van-thu", PASSWORD, office=B)
        token = accounts.new_api_token(b.ledger, accounts.get_user(b.ledger, "vtb"))  # type: ignore[arg-type]
    with TestClient(create_app(Config(home=tmp_path)), base_url="http://testserver") as client:
        api = {"Authorization": f"Bearer {token}"}
        assert client.get(f"/api/v1/documents/{theirs.source.sha256}", headers=api).status_code == 404
        assert client.get(f"/api/v1/documents/{mine.source.sha256}", headers=api).status_code == 200
        found = client.get("/api/v1/documents", params={"q": "kế hoạch"}, headers=api).json()
        assert [d["id"] for d in found["items"]] == [mine.source.sha256]
        png = io.BytesIO()
        Image.new("RGB", (20, 20), "white").save(png, format="PNG")
        up = client.post("/api/v1/uploads", headers=api, files={"files": ("scan.png", png.getvalue(), "image/png")})
        assert up.status_code == 200 and up.json()["accepted"]
        assert [p.parent.name for p in (tmp_path / "inbox").rglob("web-*.png")] == [B]     # B's own inbox folder
