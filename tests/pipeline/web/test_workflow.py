"""The incoming workflow through the desk's pages and API: the clerk checks and presents, the
leader directs, the unit assigns, handles and closes; follow-up; uploads; the register."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openpyxl import load_workbook

from congvan.pipeline.desk import workflow

from .conftest import BCVT, CNTT, DeskWorld, png_bytes, record


def test_clerk_corrects_a_flagged_field_and_presents(world: DeskWorld) -> None:
    client = world.login("vanthu")
    rid = world.ids["xss"]
    assert rid in client.get("/van-thu").text                         # in the review queue (number at 0.3)
    form = client.get(f"/van-thu/kiem-tra/{rid}").text
    assert 'class="check"' in form
    r = client.post(f"/van-ban/{rid}/sua", data={"csrf": world.csrf(), "f:document.number": "56/BTTTT-KHTC",
                                                "then": "present"}, follow_redirects=False)
    assert r.status_code == 303
    record = world.store.ledger.get(rid)
    assert record is not None and record.document.number == "56/BTTTT-KHTC"
    assert record.confidence["document.number"] == 1.0
    assert [c["who"] for c in world.store.ledger.corrections(rid)] == ["vanthu"]
    assert workflow.step(world.store.ledger, rid).state == workflow.PRESENTED


def test_leader_queue_puts_urgent_first_and_one_click_confirms(world: DeskWorld) -> None:
    client = world.login("vanthu")
    client.post(f"/van-ban/{world.ids['cites']}/trinh", data={"csrf": world.csrf()})
    client = world.login("giamdoc")
    page = client.get("/lanh-dao").text
    assert page.index(world.ids["cites"]) > 0
    api = client.get(f"/api/v1/documents/{world.ids['cites']}/routing").json()
    assert api["proposal"]["main"] == CNTT and api["proposal"]["reasons"]
    r = client.post(f"/van-ban/{world.ids['cites']}/phan-phoi",
                    data={"csrf": world.csrf(), "main": CNTT, "deadline": "2099-02-01", "direction": "Xử lý ngay"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert world.store.ledger.confirmed_routing()[world.ids["cites"]] == CNTT     # feeds `route train`
    step = workflow.step(world.store.ledger, world.ids["cites"])
    assert step.state == workflow.DIRECTED and step.deadline == "2099-02-01"
    record = world.store.ledger.get(world.ids["cites"])
    assert record is not None and record.incoming is not None
    assert record.incoming.handling.direction == "Xử lý ngay" and record.incoming.handling.leader == "Lê Văn Giám Đốc"


def test_a_clerk_cannot_direct_and_a_unit_cannot_close_what_is_not_its_own(world: DeskWorld) -> None:
    client = world.login("vanthu")
    r = client.post(f"/api/v1/documents/{world.ids['xss']}/routing", json={"main": BCVT},
                    headers={"X-CSRF-Token": world.csrf()})
    assert r.status_code == 403 and r.json()["status"] == 403
    client = world.login("bcvt")
    r = client.post(f"/van-ban/{world.ids['secret']}/xu-ly", data={"csrf": world.csrf(), "action": "finish"})
    assert r.status_code == 404                                       # not its own, and secret: not found


def test_unit_head_assigns_staff_handles_and_closes(world: DeskWorld) -> None:
    rid = world.ids["secret"]
    client = world.login("cntt")
    assert rid in client.get("/don-vi").text
    client.post(f"/van-ban/{rid}/xu-ly", data={"csrf": world.csrf(), "action": "assign", "person": "cntt2"})
    assert workflow.step(world.store.ledger, rid).assignee == "cntt2"
    client = world.login("cntt2")
    token = world.csrf()
    assert client.post(f"/van-ban/{rid}/xu-ly", data={"csrf": token, "action": "assign", "person": "cntt2"}
                       ).status_code == 403                           # staff do not assign
    client.post(f"/van-ban/{rid}/xu-ly", data={"csrf": token, "action": "start"})
    client.post(f"/van-ban/{rid}/xu-ly", data={"csrf": token, "action": "finish", "reply": "99/STTTT-CNTT"})
    step = workflow.step(world.store.ledger, rid)
    assert (step.state, step.reply_number) == (workflow.DONE, "99/STTTT-CNTT")
    actions = [h["action"] for h in workflow.history(world.store.ledger, rid)]
    assert actions[-3:] == ["phân công", "bắt đầu giải quyết", "đã giải quyết"]


def test_follow_up_counts_overdue_and_due_by_unit(world: DeskWorld) -> None:
    page = world.login("giamdoc").get("/theo-doi").text
    follow = workflow.follow_up(world.store, workflow_user(world, "giamdoc"))
    assert BCVT in follow.by_unit
    assert all(i.step.deadline and i.step.state != workflow.DONE for i in follow.overdue)
    assert "Theo dõi, đôn đốc" in page
    # a unit's follow-up holds only what is assigned to it
    mine = workflow.follow_up(world.store, workflow_user(world, "bcvt"))
    assert set(mine.by_unit) <= {BCVT}


def workflow_user(world: DeskWorld, name: str) -> workflow.User:
    from congvan.pipeline.desk.accounts import get_user

    user = get_user(world.store.ledger, name)
    assert user is not None
    return user


def test_upload_checks_content_and_stores_under_a_generated_name(world: DeskWorld, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    client = world.login("vanthu")
    token = world.csrf()
    files = [("files", ("../../etc/scan 1.png", png_bytes(), "image/png")),
             ("files", ("thu.pdf", b"<html>not a pdf</html>", "application/pdf"))]
    body = client.post("/api/v1/uploads", files=files, headers={"X-CSRF-Token": token}).json()
    assert [a["name"] for a in body["accepted"]] == ["scan 1.png"]
    assert body["refused"][0]["name"] == "thu.pdf" and "content" in body["refused"][0]["reason"]
    stored = Path(world.home / "inbox" / body["accepted"][0]["stored"])
    assert stored.read_bytes() == png_bytes() and stored.name.startswith("web-") and stored.suffix == ".png"
    assert not [p for p in os.listdir(world.home / "inbox") if p.startswith(".")]    # no part file left
    monkeypatch.setenv("CONGVAN_UPLOAD_MAX_MB", "0.00001")
    body = client.post("/api/v1/uploads", files=[("files", ("big.png", png_bytes(), "image/png"))],
                       headers={"X-CSRF-Token": token}).json()
    assert not body["accepted"] and "MB" in body["refused"][0]["reason"]
    r = world.login("bcvt").post("/api/v1/uploads", files=files[:1], headers={"X-CSRF-Token": world.csrf()})
    assert r.status_code == 403


def test_register_export_holds_what_the_clerk_may_see(world: DeskWorld) -> None:
    rows = {}
    for name in ("vanthu", "vanthumat"):
        r = world.login(name).get("/van-thu/so-den", params={"from": "2026-12-01", "to": "2026-12-31"})
        assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(r.content)).active
        assert sheet is not None
        rows[name] = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "12/BTTTT-MAT" in rows["vanthumat"] and "12/BTTTT-MAT" not in rows["vanthu"]
    assert len(rows["vanthumat"]) == len(rows["vanthu"]) + 1


def test_openapi_schema_is_valid(world: DeskWorld) -> None:
    schema = world.client.get("/api/openapi.json").json()
    validate(schema)
    assert {"/api/v1/documents", "/api/v1/documents/{record_id}", "/api/v1/uploads", "/api/v1/register",
            "/api/v1/users/me", "/api/v1/documents/{record_id}/steps"} <= set(schema["paths"])
    assert world.client.get("/api/docs").status_code == 200


def test_a_flagged_field_saved_as_it_stands_is_accepted(world: DeskWorld) -> None:
    rec = record("accept-" + world.backend, "90/BTTTT-VP", "Thử chấp nhận một trường", low=True)
    world.store.add([rec])
    rid = rec.source.sha256
    client = world.login("vanthu")
    assert f"/van-thu/kiem-tra/{rid}" in client.get("/van-thu").text
    fields = {f"f:{f}": v for f, v in (("document.number", "90/BTTTT-VP"), ("document.subject",
                                                                          "Thử chấp nhận một trường"))}
    client.post(f"/van-ban/{rid}/sua", data={"csrf": world.csrf(), **fields, "then": "save"})
    stored = world.store.ledger.get(rid)
    assert stored is not None and stored.document.number == "90/BTTTT-VP"
    assert stored.confidence["document.number"] == 1.0                 # checked by a person
    assert stored.confidence["document.subject"] == 0.85               # not flagged, unchanged: left as read
    assert f"/van-thu/kiem-tra/{rid}" not in client.get("/van-thu").text
