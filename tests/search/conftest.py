"""Both backends over the same small corpus. Elasticsearch is the real server that
``scripts/elasticsearch start`` runs (``make test`` starts it and sets CONGVAN_REQUIRE_ES=1, so
there a missing server fails the run instead of skipping)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from collections.abc import Iterator

import pytest

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import IndexUnavailableError
from congvan.pipeline.core.records import Document, Handling, Incoming, Record, Reference, Routing, Source
from congvan.search.es_index import ElasticsearchIndex, client_from_env
from congvan.search.store import Store
from tests.conftest import postgres_schema


def make_record(key: str, number: str | None, doc_type: str, issuer: str, date: str, subject: str, body: str,
                refs: tuple[str, ...] = (), unit: str | None = None, urgency: str | None = None,
                secrecy: str | None = None, arrival: str | None = None) -> Record:
    sha = hashlib.sha256(key.encode()).hexdigest()
    return Record(
        source=Source(path=f"/inbox/{key}.pdf", sha256=sha, pages=1, kind="scan"),
        document=Document(number=number, type=doc_type, issuer=issuer, date=date, subject=subject,
                          urgency=urgency, confidentiality=secrecy,
                          references=[Reference(r) for r in refs]),
        incoming=Incoming(receiver="Sở Thông tin và Truyền thông tỉnh Hải Dương", arrival_number="12",
                          arrival_date=arrival, handling=Handling(main=unit)) if arrival else None,
        routing=Routing(main=unit), text=f"{subject}\n{body}")


CORPUS = [
    make_record("ct25", "25/CT-UBND", "Chỉ thị", "Ủy ban nhân dân tỉnh Hải Dương", "2019-03-08",
                "Tăng cường bảo đảm an toàn thông tin mạng",
                "Các sở, ngành bảo đảm an toàn thông tin cho hệ thống thông tin. Thực hiện Quyết định số 99-QĐ/TW.",
                refs=("99-QĐ/TW",), unit="P.CNTT", urgency="Khẩn", arrival="2019-03-12"),
    make_record("kh10", "10/KH-UBND", "Kế hoạch", "Ủy ban nhân dân tỉnh Hải Dương", "2020-05-04",
                "Cải cách hành chính năm 2020",
                "Đẩy mạnh cải cách hành chính, thủ tục hành chính một cửa. Căn cứ Chỉ thị số 25/CT-UBND.",
                refs=("25/CT-UBND",), unit="VP", arrival="2020-05-06"),
    make_record("cv_ban", "120/STTTT-BCVT", "Công văn", "Sở Thông tin và Truyền thông tỉnh Hải Dương",
                "2021-01-15", "Bán đấu giá tài sản công", "Tổ chức bán đấu giá tài sản là thiết bị viễn thông.",
                unit="P.KHTC", arrival="2021-01-18"),
    make_record("cv_ban2", "121/STTTT-VP", "Công văn", "Sở Thông tin và Truyền thông tỉnh Hải Dương",
                "2021-02-01", "Gửi bạn đọc báo xuân", "Thư gửi bạn đọc và cộng tác viên.", unit="P.TTBCXB",
                arrival="2021-02-03"),
    make_record("tb_ban", "7/TB-BTC", "Thông báo", "Bộ Tài chính", "2021-03-01", "Thành lập ban chỉ đạo",
                "Thành lập ban chỉ đạo liên ngành về tài chính.", secrecy="Mật"),
    make_record("qd_hoa", "5/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh Hòa Bình", "2018-07-01",
                "Phê duyệt quy hoạch mạng lưới bưu chính", "Phê duyệt quy hoạch hạ tầng bưu chính tỉnh Hoà Bình.",
                refs=("99-QĐ/TW", "49/2010/QH12"), unit="P.BCVT"),
    make_record("nq_an", "01a/NQ-HĐND", "Nghị quyết", "Hội đồng nhân dân tỉnh Hải Dương", "2019-07-12",
                "Kế hoạch đầu tư công trung hạn", "An toàn vốn đầu tư; thông tin được công khai."),
]


def es_client_or_skip() -> ElasticsearchIndex:
    es = ElasticsearchIndex(client_from_env(timeout=30), alias=f"congvan-test-{uuid.uuid4().hex[:8]}")
    try:
        es.check("2s")
    except IndexUnavailableError as exc:
        if os.environ.get("CONGVAN_REQUIRE_ES") == "1":
            pytest.fail(f"Elasticsearch required but not reachable: {exc}")
        pytest.skip("no Elasticsearch at CONGVAN_ES_URL (run scripts/elasticsearch start)")
    return es


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch", "elasticsearch+postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store of either backend (Elasticsearch over either ledger) holding CORPUS; read-only for
    the tests that use it."""
    backend, _, ledger = str(request.param).partition("+")
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(postgres_schema()) if ledger == "postgresql" else None
        config = Config(home=tmp_path_factory.mktemp("home"), backend=backend, database_url=url)
        es = es_client_or_skip() if backend == "elasticsearch" else None
        s = Store(config, es=es)
        s.add(CORPUS)
        if es is not None:
            es.refresh()
        yield s
        if es is not None:
            es.drop()
        s.close()
