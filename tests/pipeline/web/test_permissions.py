"""Secrecy and permissions, enforced on the server in every path, on both backends: a person who
may not see a document gets 404 for it by id, by page image, in search, in facets and in the
API; posts without the session's CSRF token are refused; extracted text is shown as text."""

from __future__ import annotations

import pytest

from congvan.pipeline.desk import accounts, workflow

from .conftest import DeskWorld

# who may see the secret document: leaders, the clerk cleared for it, the unit it is assigned to
SEES_SECRET = ["giamdoc", "vanthumat", "cntt", "cntt2"]
BLIND_TO_SECRET = ["vanthu", "bcvt", "quantri"]

SECRET_PATHS = ["/van-ban/{id}", "/van-ban/{id}/trang/1.jpg", "/van-thu/kiem-tra/{id}", "/api/v1/documents/{id}",
                "/api/v1/documents/{id}/pages/1", "/api/v1/documents/{id}/routing"]


@pytest.mark.parametrize("name", BLIND_TO_SECRET)
@pytest.mark.parametrize("path", SECRET_PATHS)
def test_secret_document_is_not_found_by_id(world: DeskWorld, name: str, path: str) -> None:
    client = world.login(name)
    r = client.get(path.format(id=world.ids["secret"]))
    assert r.status_code == 404
    assert "Phương án bảo vệ" not in r.text


@pytest.mark.parametrize("name", SEES_SECRET)
def test_secret_document_is_shown_to_those_who_may_see_it(world: DeskWorld, name: str) -> None:
    client = world.login(name)
    r = client.get(f"/van-ban/{world.ids['secret']}")
    assert r.status_code == 200 and "Phương án bảo vệ hạ tầng mạng quốc gia" in r.text
    assert client.get(f"/van-ban/{world.ids['secret']}/trang/1.jpg").headers["content-type"] == "image/jpeg"


def test_every_view_of_a_secret_document_is_audited(world: DeskWorld) -> None:
    before = sum(1 for a in accounts.audit_log(world.store.ledger, 10_000) if a["action"] == "xem văn bản mật")
    world.login("giamdoc").get(f"/van-ban/{world.ids['secret']}")
    log = [a for a in accounts.audit_log(world.store.ledger, 10_000) if a["action"] == "xem văn bản mật"]
    assert len(log) == before + 1 and log[0]["who"] == "giamdoc" and log[0]["record_id"] == world.ids["secret"]


@pytest.mark.parametrize("name", BLIND_TO_SECRET[:2])
def test_secret_document_is_not_in_search_results_or_facets(world: DeskWorld, name: str) -> None:
    client = world.login(name)
    for q in ("bao ve ha tang", "12/BTTTT-MAT", ""):
        body = client.get("/api/v1/documents", params={"q": q, "size": 100}).json()
        assert world.ids["secret"] not in [h["id"] for h in body["items"]], q
        assert not body["facets"]["confidentiality"], q          # not even a count of one "Mật"
    page = client.get("/tim-kiem", params={"q": "bảo vệ hạ tầng"}).text
    assert "12/BTTTT-MAT" not in page
    assert client.get("/api/v1/documents", params={"confidentiality": "Mật"}).json()["total"] == 0


def test_leader_finds_the_secret_document_and_its_facet(world: DeskWorld) -> None:
    body = world.login("giamdoc").get("/api/v1/documents", params={"q": "bao ve ha tang"}).json()
    assert world.ids["secret"] in [h["id"] for h in body["items"]]
    assert {"value": "Mật", "count": 1} in body["facets"]["confidentiality"]


def test_unit_sees_only_what_is_assigned_to_it(world: DeskWorld) -> None:
    body = world.login("bcvt").get("/api/v1/documents", params={"size": 100}).json()
    assert {h["id"] for h in body["items"]} == {world.ids["open"]}
    assert body["total"] == 1
    # cooperating (phối hợp) counts as assigned: CNTT sees the open one and its own secret one
    body = world.login("cntt2").get("/api/v1/documents", params={"size": 100}).json()
    assert {h["id"] for h in body["items"]} == {world.ids["open"], world.ids["secret"]}


def test_a_citing_list_leaves_out_what_the_reader_may_not_see(world: DeskWorld) -> None:
    page = world.login("vanthu").get(f"/van-ban/{world.ids['cites']}").text
    assert "12/BTTTT-MAT" in page                      # the number it cites is in its own text…
    assert f"/van-ban/{world.ids['secret']}" not in page   # …but not linked to the secret record
    page = world.login("giamdoc").get(f"/van-ban/{world.ids['cites']}").text
    assert f"/van-ban/{world.ids['secret']}" in page


def test_admin_sees_no_documents(world: DeskWorld) -> None:
    client = world.login("quantri")
    assert client.get(f"/van-ban/{world.ids['open']}").status_code == 404
    assert client.get("/api/v1/documents").json()["total"] == 0


def test_signed_out_requests_go_to_login_or_get_401(world: DeskWorld) -> None:
    world.client.cookies.clear()
    r = world.client.get("/van-thu", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/dang-nhap"
    r = world.client.get(f"/api/v1/documents/{world.ids['open']}")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"


def test_posts_without_the_csrf_token_are_refused(world: DeskWorld) -> None:
    client = world.login("vanthu")
    rid = world.ids["xss"]
    for data in ({}, {"csrf": "forged"}):
        r = client.post(f"/van-ban/{rid}/ghi-chu", data={**data, "note": "x"})
        assert r.status_code == 403
    r = client.patch(f"/api/v1/documents/{rid}", json={"field": "subject", "value": "x"})
    assert r.status_code == 403                          # the session's API call needs X-CSRF-Token
    assert world.store.ledger.corrections(rid) == []


def test_an_api_token_acts_with_its_users_permissions(world: DeskWorld) -> None:
    user = accounts.get_user(world.store.ledger, "bcvt")
    assert user is not None
    token = accounts.new_api_token(world.store.ledger, user)
    world.client.cookies.clear()
    auth = {"Authorization": f"Bearer {token}"}
    assert world.client.get("/api/v1/users/me", headers=auth).json()["unit"] == user.unit
    assert world.client.get(f"/api/v1/documents/{world.ids['secret']}", headers=auth).status_code == 404
    assert world.client.get(f"/api/v1/documents/{world.ids['open']}", headers=auth).status_code == 200
    bad = world.client.get("/api/v1/users/me", headers={"Authorization": "Bearer cv_wrong"})
    assert bad.status_code == 401


def test_extracted_markup_is_shown_as_text(world: DeskWorld) -> None:
    client = world.login("vanthu")
    for path in (f"/van-ban/{world.ids['xss']}", f"/van-thu/kiem-tra/{world.ids['xss']}", "/van-thu"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<b>đậm</b>" not in page, path
        assert "&lt;script&gt;" in page, path
    page = client.get("/tim-kiem", params={"q": "bao cao"}).text
    assert "<script>alert" not in page and "<mark>" in page
    csp = client.get("/van-thu").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_session_cookie_flags_and_login_rate_limit(world: DeskWorld) -> None:
    world.client.cookies.clear()
    assert world.client.post("/dang-nhap", data={"name": "cntt", "password": "mat-khau-thu-nghiem"}
                             ).status_code == 403                   # a sign-in post without the form's token
    r = world.sign_in("cntt", "mat-khau-thu-nghiem")
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("congvan_session=")).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie   # http here
    accounts.add_user(world.store.ledger, "thu.chan", "Thử Chặn", "van-thu", "mat-khau-thu-nghiem")
    codes = [world.sign_in("thu.chan", "sai").status_code for _ in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    right = world.sign_in("thu.chan", "mat-khau-thu-nghiem")
    assert right.status_code == 429                     # blocked even with the right password, for a while
    assert world.sign_in("cntt2", "mat-khau-thu-nghiem").status_code == 303     # another name is not


@pytest.mark.parametrize("name", ["vanthu", "bcvt"])
def test_writes_to_a_secret_document_are_not_found_either(world: DeskWorld, name: str) -> None:
    """Every page post and API write on a document the person may not see answers 404, as a
    read does, with the CSRF token right: nothing is written, nothing said about the document."""
    client = world.login(name)
    token = world.csrf()
    rid = world.ids["secret"]
    before = (len(world.store.ledger.corrections(rid)), len(workflow.history(world.store.ledger, rid)))
    posts = [f"/van-ban/{rid}/ghi-chu", f"/van-ban/{rid}/sua", f"/van-ban/{rid}/trinh", f"/van-ban/{rid}/phan-phoi",
             f"/van-ban/{rid}/xu-ly"]
    for path in posts:
        r = client.post(path, data={"csrf": token, "note": "x", "action": "finish", "main": "P.CNTT",
                                    "f:document.subject": "x"})
        assert r.status_code == 404, path
    headers = {"X-CSRF-Token": token}
    api = [client.patch(f"/api/v1/documents/{rid}", json={"field": "subject", "value": "x"}, headers=headers),
           client.post(f"/api/v1/documents/{rid}/routing", json={"main": "P.CNTT"}, headers=headers),
           client.post(f"/api/v1/documents/{rid}/steps", json={"action": "note", "note": "x"}, headers=headers)]
    assert [r.status_code for r in api] == [404, 404, 404]
    assert all(r.headers["content-type"] == "application/problem+json" for r in api)
    assert (len(world.store.ledger.corrections(rid)), len(workflow.history(world.store.ledger, rid))) == before
