"""The desk's pages, in Vietnamese, rendered on the server (Jinja2, autoescaped).

Each role starts on its own page: the clerk's (văn thư: today's documents, the review queue,
upload, the register), the leader's (lãnh đạo: presented documents, urgent first), the unit's
(đơn vị: its documents), the admin's (quản trị: accounts, the audit log). Every form post
carries the session's CSRF token; every document is read through the library's permission
check, so what a person may not see is "not found" everywhere.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from congvan.pipeline.core.errors import InputFileError, NotPermittedError
from congvan.pipeline.correct import correct as correct_field
from congvan.pipeline.correct import field_path
from congvan.pipeline.desk import accounts, workflow
from congvan.pipeline.page_images import field_region, kept_words
from congvan.pipeline.web.auth import COOKIE, BadCsrf, Caller, caller, check_csrf, secure_cookies, signed_in
from congvan.pipeline.web.context import desk_of
from congvan.pipeline.web.views import (
    FACET_LABELS,
    field_views,
    page_image_of,
    query_from,
    register_download_response,
)
from congvan.search.index import visible

router = APIRouter(include_in_schema=False)
HOME = {"van-thu": "/van-thu", "lanh-dao": "/lanh-dao", "don-vi": "/don-vi", "quan-tri": "/quan-tri",
        "cap-tinh": "/tim-kiem"}


def render(request: Request, template: str, who: Caller | None, status: int = 200, **context: Any) -> Response:
    desk = desk_of(request)
    return desk.templates.TemplateResponse(
        request, template, {"user": who.user if who else None, "csrf": who.session.csrf if who and who.session else "",
                            "office": desk.office_for(who.user if who else None), "states": workflow.STATES,
                            **context}, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    who = caller(request, desk_of(request).store().ledger)
    return render(request, "error.html", who, status=status, message=message)


async def _form(request: Request, who: Caller) -> dict[str, Any]:
    form = await request.form()
    check_csrf(who, str(form.get("csrf") or ""))
    return {k: form.getlist(k) if len(form.getlist(k)) > 1 else form.get(k) for k in form}


def _back(to: str) -> Response:
    return RedirectResponse(to, status_code=303)


# -- signing in ----------------------------------------------------------------------------
LOGIN_COOKIE = "congvan_login"       # the sign-in form's own CSRF token (double submit: no session yet)


def _login_form(request: Request, status: int = 200, **context: Any) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", None, status=status, login_csrf=token, **context)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies(request),
                        max_age=3600, path="/dang-nhap")
    return response


@router.get("/dang-nhap", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return _login_form(request)


@router.post("/dang-nhap")
async def login(request: Request) -> Response:
    form = await request.form()
    sent, kept = str(form.get("csrf") or ""), request.cookies.get(LOGIN_COOKIE) or ""
    if not sent or not hmac.compare_digest(sent, kept):
        raise BadCsrf()
    name, password = str(form.get("name") or "").strip().lower(), str(form.get("password") or "")
    address = request.client.host if request.client else "?"
    ledger = desk_of(request).store().ledger
    wait = accounts.login_wait(ledger, name, address)
    if wait:
        return _login_form(request, status=429, name=name,
                           error=f"Đăng nhập sai quá nhiều lần: hãy thử lại sau {wait // 60 + 1} phút.")
    user = accounts.check_password(ledger, name, password)
    if user is None:
        accounts.audit(ledger, name[:64] or "?", accounts.LOGIN_FAILED, detail=address)
        return _login_form(request, status=401, name=name, error="Sai tên đăng nhập hoặc mật khẩu.")
    opened = accounts.open_session(ledger, user)
    accounts.audit(ledger, user.name, accounts.LOGGED_IN, detail=address)
    response = _back(HOME.get(user.role, "/"))
    response.delete_cookie(LOGIN_COOKIE, path="/dang-nhap")
    response.set_cookie(COOKIE, opened.token, httponly=True, samesite="lax", secure=secure_cookies(request),
                        max_age=accounts.SESSION_HOURS * 3600, path="/")
    return response


@router.post("/dang-xuat")
async def logout(request: Request) -> Response:
    who = signed_in(request)
    await _form(request, who)
    if who.session:
        accounts.close_session(desk_of(request).store().ledger, who.session.token)
    response = _back("/dang-nhap")
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/")
def home(request: Request) -> Response:
    who = signed_in(request)
    return _back(HOME.get(who.user.role, "/tim-kiem"))


# -- everyone: search, a document, its pages, follow-up ---------------------------------------
@router.get("/tim-kiem", response_class=HTMLResponse)
def search_page(request: Request) -> Response:
    who = signed_in(request)
    params = dict(request.query_params)
    query = query_from(params, who.user)
    result = desk_of(request).store().index.search(query)
    pages = max(1, -(-result.total // query.size))
    keep = {k: v for k, v in params.items() if v and k != "page"}
    return render(request, "search.html", who, params=params, keep=keep, result=result, query=query, pages=pages,
                  facet_labels=FACET_LABELS)


@router.get("/van-ban/{record_id}", response_class=HTMLResponse)
def document_page(request: Request, record_id: str) -> Response:
    who = signed_in(request)
    desk = desk_of(request)
    store = desk.store()
    record = workflow.readable(store, who.user, record_id)
    seen = who.user.visibility()
    cited = []
    for ref in record.document.references:
        ids = [i for i in store.ledger.with_number(ref.number) if i != record_id]
        held = [r for r in store.ledger.get_many(ids) if visible(r, seen)]
        cited.append((ref, held[0].source.sha256 if held else None))
    citing = store.index.citing(record.document.number, seen) if record.document.number else []
    reg = store.ledger.registered(record_id)
    return render(request, "document.html", who, record=record, fields=field_views(record), cited=cited,
                  citing=[h for h in citing if h.id != record_id], step=workflow.step(store.ledger, record_id),
                  history=workflow.history(store.ledger, record_id), registered=reg,
                  corrections=store.ledger.corrections(record_id), units=desk.unit_names(who.user),
                  members=accounts.unit_members(store.ledger, who.user.unit, who.user.office) if who.user.unit else [],
                  deadline=workflow.proposed_deadline(record))


@router.get("/van-ban/{record_id}/trang/{page}.jpg")
def page_image(request: Request, record_id: str, page: int) -> Response:
    who = signed_in(request)
    return Response(page_image_of(desk_of(request), who.user, record_id, page), media_type="image/jpeg",
                    headers={"Cache-Control": "private, max-age=3600"})


@router.get("/theo-doi", response_class=HTMLResponse)
def follow_up_page(request: Request) -> Response:
    who = signed_in(request)
    return render(request, "follow_up.html", who, follow=workflow.follow_up(desk_of(request).store(), who.user),
                  today=date.today().isoformat())


@router.post("/van-ban/{record_id}/ghi-chu")
async def note(request: Request, record_id: str) -> Response:
    who = signed_in(request)
    form = await _form(request, who)
    workflow.add_note(desk_of(request).store(), who.user, record_id, str(form.get("note") or ""))
    return _back(f"/van-ban/{record_id}")


# -- the clerk -----------------------------------------------------------------------------
@router.get("/van-thu", response_class=HTMLResponse)
def clerk_page(request: Request) -> Response:
    who = signed_in(request)
    store = desk_of(request).store()
    today = date.today()
    present = workflow.to_present(store, who.user)
    return render(request, "clerk.html", who, today=workflow.registered_on(store, who.user),
                  review=workflow.needing_check(present), present=present,
                  start=(today.replace(day=1)).isoformat(), end=today.isoformat())


@router.get("/van-thu/tai-len", response_class=HTMLResponse)
def upload_page(request: Request) -> Response:
    who = signed_in(request)
    return render(request, "upload.html", who)


@router.get("/van-thu/kiem-tra/{record_id}", response_class=HTMLResponse)
def review_page(request: Request, record_id: str) -> Response:
    who = signed_in(request)
    store = desk_of(request).store()
    record = workflow.readable(store, who.user, record_id)
    fields = field_views(record)
    words = kept_words(desk_of(request).config.home, record_id, record.source.pages)     # read once
    regions = {f.field: field_region(words, f.value) for f in fields if f.value} if words else {}
    return render(request, "review.html", who, record=record, fields=fields, regions=regions,
                  to_check=set(workflow.fields_to_check(record)), step=workflow.step(store.ledger, record_id))


@router.post("/van-ban/{record_id}/sua")
async def correct_page(request: Request, record_id: str) -> Response:
    """The review form: every changed field is a correction (audit trail); then back to the form,
    or on to the next document to check."""
    who = signed_in(request)
    form = await _form(request, who)
    store = desk_of(request).store()
    record = workflow.readable(store, who.user, record_id)
    _require_clerk(who)
    current = {f.field: f.value for f in field_views(record)}
    flagged = set(workflow.fields_to_check(record))
    for key, typed in form.items():
        if key.startswith("f:") and isinstance(typed, str) and key[2:] in current:
            name = field_path(key[2:])
            # a changed field is corrected; a flagged one saved as it stands is accepted (checked)
            if typed.strip() != current[name] or name in flagged:
                correct_field(store, record_id, name, typed, who.user.name)
    if form.get("then") == "present":
        workflow.present(store, who.user, record_id)
        return _back("/van-thu")
    return _back(f"/van-thu/kiem-tra/{record_id}?da-luu=1")


def _require_clerk(who: Caller) -> None:
    if who.user.role != "van-thu":
        raise NotPermittedError("chỉ văn thư sửa thông tin văn bản")


@router.post("/van-ban/{record_id}/trinh")
async def present_page(request: Request, record_id: str) -> Response:
    who = signed_in(request)
    await _form(request, who)
    workflow.present(desk_of(request).store(), who.user, record_id)
    return _back("/van-thu")


@router.get("/van-thu/so-den")
def register_download(request: Request) -> Response:
    who = signed_in(request)
    _require_clerk(who)
    params = dict(request.query_params)
    return register_download_response(desk_of(request), who.user,
                                      params.get("from") or date.today().replace(month=1, day=1).isoformat(),
                                      params.get("to") or date.today().isoformat())


# -- the leader ----------------------------------------------------------------------------
@router.get("/lanh-dao", response_class=HTMLResponse)
def leader_page(request: Request) -> Response:
    who = signed_in(request)
    desk = desk_of(request)
    items = workflow.leader_queue(desk.store(), who.user)
    deadlines = {i.id: workflow.proposed_deadline(i.record) for i in items}
    return render(request, "leader.html", who, items=items, units=desk.unit_names(who.user), deadlines=deadlines)


@router.post("/van-ban/{record_id}/phan-phoi")
async def decide_page(request: Request, record_id: str) -> Response:
    who = signed_in(request)
    form = await _form(request, who)
    desk = desk_of(request)
    coop = form.get("coordination") or []
    coop = [coop] if isinstance(coop, str) else list(coop)
    workflow.decide(desk.store(), desk.office_for(who.user), who.user, record_id, str(form.get("main") or ""),
                    [str(c) for c in coop], str(form.get("deadline") or "") or None,
                    str(form.get("direction") or "") or None)
    return _back(str(form.get("back") or "/lanh-dao") if str(form.get("back") or "").startswith("/") else "/lanh-dao")


# -- the unit ------------------------------------------------------------------------------
@router.get("/don-vi", response_class=HTMLResponse)
def unit_page(request: Request) -> Response:
    who = signed_in(request)
    store = desk_of(request).store()
    members = accounts.unit_members(store.ledger, who.user.unit, who.user.office) if who.user.unit else []
    return render(request, "unit.html", who, items=workflow.unit_queue(store, who.user), members=members,
                  today=date.today().isoformat(), soon=(date.today() + timedelta(days=6)).isoformat())


@router.post("/van-ban/{record_id}/xu-ly")
async def handle_page(request: Request, record_id: str) -> Response:
    who = signed_in(request)
    form = await _form(request, who)
    store = desk_of(request).store()
    action = str(form.get("action") or "")
    if action not in workflow.UNIT_STEPS:
        raise InputFileError(f"action is {', '.join(workflow.UNIT_STEPS)}", action)
    workflow.take_step(store, who.user, record_id, action, person=str(form.get("person") or ""),
                       reply_number=str(form.get("reply") or ""))
    return _back("/don-vi")


# -- the admin -----------------------------------------------------------------------------
def _require_admin(who: Caller) -> None:
    if who.user.role != "quan-tri":
        raise NotPermittedError("chỉ quản trị quản lý người dùng")


@router.get("/quan-tri", response_class=HTMLResponse)
def admin_page(request: Request) -> Response:
    who = signed_in(request)
    _require_admin(who)
    desk = desk_of(request)
    ledger = desk.store().ledger
    return render(request, "admin.html", who, users=accounts.users(ledger), log=accounts.audit_log(ledger),
                  roles=accounts.ROLES, units=desk.unit_names(who.user))


@router.post("/quan-tri/nguoi-dung")
async def admin_add_user(request: Request) -> Response:
    who = signed_in(request)
    _require_admin(who)
    form = await _form(request, who)
    ledger = desk_of(request).store().ledger
    role = str(form.get("role") or "")
    added = accounts.add_user(ledger, str(form.get("name") or ""), str(form.get("full_name") or ""), role,
                              str(form.get("password") or ""), str(form.get("unit") or "") or None,
                              head=form.get("head") == "1", secret=form.get("secret") == "1",
                              office=who.user.office)           # an office's admin adds its own people
    accounts.audit(ledger, who.user.name, "tạo/sửa tài khoản", detail=f"{added.name} ({added.role})")
    return _back("/quan-tri")


@router.post("/quan-tri/nguoi-dung/{name}/khoa")
async def admin_lock_user(request: Request, name: str) -> Response:
    who = signed_in(request)
    _require_admin(who)
    await _form(request, who)
    ledger = desk_of(request).store().ledger
    accounts.deactivate(ledger, name)
    accounts.audit(ledger, who.user.name, "khóa tài khoản", detail=name)
    return _back("/quan-tri")
