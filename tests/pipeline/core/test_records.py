"""The record contract: the JSON form validates against shared/spec/record.schema.json."""

from __future__ import annotations

import json

import jsonschema
import pytest

from congvan.pipeline.core.records import Deadline, Document, Handling, Incoming, Record, Reference, Signer, Source
from tests.conftest import ROOT, SAMPLES

SCHEMA_PATHS = [ROOT.parent / "shared" / "spec" / "record.schema.json",
                ROOT / "pipeline" / "core" / "data" / "record.schema.json"]


@pytest.fixture(scope="module")
def schema() -> dict:  # type: ignore[type-arg]
    path = next(p for p in SCHEMA_PATHS if p.exists())
    return json.loads(path.read_text(encoding="utf-8"))


def test_empty_record_validates(schema: dict) -> None:  # type: ignore[type-arg]
    rec = Record(source=Source(path="a.pdf", sha256="0" * 64, pages=1, kind="scan"))
    jsonschema.validate(rec.to_dict(), schema)
    d = rec.to_dict()
    assert d["incoming"] is None and d["document"]["number"] is None and d["document"]["recipients"] == []


def test_full_record_round_trips(schema: dict) -> None:  # type: ignore[type-arg]
    rec = Record(
        source=Source(path="x.pdf", sha256="a" * 64, pages=2, kind="scan"),
        document=Document(number="47/QĐ-UBND", type="Quyết định", issuer="Uỷ ban nhân dân tỉnh Bắc Ninh",
                          place="Bắc Ninh", date="2019-03-08", subject="Ban hành Quy chế",
                          signer=Signer("Trần Văn Minh", "Phó Chủ tịch", "KT."), recipients=["Sở Nội vụ", " "],
                          references=[Reference("85/2016/NĐ-CP", "Nghị định", "2016-07-01", "Chính phủ")],
                          deadlines=[Deadline("2019-06-20", "trước ngày 20 tháng 6 hằng năm", "yearly")]),
        incoming=Incoming("Sở Thông tin và Truyền thông", "2741", "2019-03-12",
                          Handling(leader="[signed]", main="P.CNTT")),
        confidence={"document.number": 0.97, "document.date": 1.4}, text="a\fb")
    data = rec.to_dict()
    jsonschema.validate(data, schema)
    assert data["document"]["recipients"] == ["Sở Nội vụ"]          # blanks are not entries
    assert data["confidence"]["document.date"] == 1.0               # clamped to the contract's range
    assert Record.from_dict(data).to_dict() == data


def test_sample_ground_truth_validates(schema: dict) -> None:  # type: ignore[type-arg]
    files = sorted(SAMPLES.glob("cv*.json"))
    assert len(files) >= 30
    for f in files:
        jsonschema.validate(json.loads(f.read_text(encoding="utf-8")), schema)


def test_digital_signatures_are_an_optional_part_of_the_source_and_fit_the_schema() -> None:
    import json
    from pathlib import Path

    import jsonschema

    from congvan.pipeline.core.records import Record, Routing, Source

    schema = json.loads((Path(__file__).resolve().parents[3] / "pipeline" / "core" / "data"
                         / "record.schema.json").read_text(encoding="utf-8"))
    plain = Record(source=Source(path="a.pdf", sha256="0" * 64, pages=1, kind="scan"), routing=Routing())
    assert "digital_signature" not in plain.to_dict()["source"]
    signed = Record(source=Source(path="a.pdf", sha256="0" * 64, pages=1, kind="text-pdf", digital_signature=
        {"signer": "Ủy ban nhân dân tỉnh Quảng Ngãi", "time": "2025-05-13T14:46:07+07:00", "kind": "pdf-signature"}),
        routing=Routing())
    data = signed.to_dict()
    jsonschema.validate(data, schema)
    assert Record.from_dict(data).source.digital_signature == signed.source.digital_signature
    # the contract's form, one object: a list of them, or another key, does not validate
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "source": {**data["source"], "digital_signature": [
            data["source"]["digital_signature"]]}}, schema)


def test_the_project_s_schema_is_the_shared_contract() -> None:
    """pipeline/core/data/record.schema.json is ../shared/spec/record.schema.json as it stands (where
    the shared folder is present): the record contract is not ours to change."""
    from pathlib import Path

    ours = Path(__file__).resolve().parents[3] / "pipeline" / "core" / "data" / "record.schema.json"
    shared = Path(__file__).resolve().parents[4] / "shared" / "spec" / "record.schema.json"
    if not shared.exists():
        pytest.skip(f"no shared contract at {shared}")
    assert json.loads(ours.read_text(encoding="utf-8")) == json.loads(shared.read_text(encoding="utf-8"))


def test_an_office_is_kept_only_when_a_deployment_names_one(schema: dict) -> None:  # type: ignore[type-arg]
    """``office`` (a deployment serving several offices) is an extra top-level key the contract
    allows: absent in a one-office record, kept through a round trip when set."""
    plain = Record(source=Source(path="a.pdf", sha256="0" * 64, pages=1, kind="scan"))
    assert "office" not in plain.to_dict()
    data = Record(source=plain.source, office="SNV").to_dict()
    jsonschema.validate(data, schema)
    assert data["office"] == "SNV" and Record.from_dict(data).office == "SNV"
