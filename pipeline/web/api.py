"""The REST API, version 1 (``/api/v1``): the same permissions as the pages.

Authenticate with ``Authorization: Bearer <token>`` (``congvan user token NAME``) or, from the
desk's own pages, the session cookie plus the ``X-CSRF-Token`` header on writes. Errors are
problem details (``application/problem+json``). Lists are paginated (``page``, ``size`` ≤ 100).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from congvan.pipeline.core.errors import CongvanError, NotPermittedError
from congvan.pipeline.correct import correct as correct_field
from congvan.pipeline.desk import uploads, workflow
from congvan.pipeline.routing import route
from congvan.pipeline.web.auth import Caller, check_csrf, signed_in
from congvan.pipeline.web.context import Desk, desk_of
from congvan.pipeline.web.views import field_views, page_image_of, query_from, register_download_response, result_json

router = APIRouter(prefix="/api/v1", tags=["v1"])


def _who(request: Request, write: bool = False) -> Caller:
    """Who is asking; a write made with a session carries its CSRF token in ``X-CSRF-Token``."""
    who = signed_in(request)
    if write:
        check_csrf(who, request.headers.get("x-csrf-token"))
    return who


class Me(BaseModel):
    name: str
    full_name: str
    role: str
    unit: str | None


class Correction(BaseModel):
    field: str = Field(description="the record's dotted field or the clerk's short name (subject, so-den, …)")
    value: str = Field(description="as typed; '' clears it; lists are separated by ';'")


class Decision(BaseModel):
    main: str = Field(description="the handling unit (name or code)")
    coordination: list[str] = []
    deadline: str | None = Field(None, description="YYYY-MM-DD")
    direction: str | None = None


class StepIn(BaseModel):
    action: str = Field(description="present | assign | start | finish | note")
    person: str | None = None
    reply_number: str | None = None
    note: str | None = None


@router.get("/users/me", summary="Who the token or session belongs to")
def me(request: Request) -> Me:
    u = _who(request).user
    return Me(name=u.name, full_name=u.full_name, role=u.role, unit=u.unit)


@router.get("/documents", summary="Search and list documents (only those the caller may see)")
def documents(request: Request, q: str = "", type: str | None = None, issuer: str | None = None,
              unit: str | None = None, urgency: str | None = None, confidentiality: str | None = None,
              date_from: Annotated[str | None, Query(alias="from")] = None,
              date_to: Annotated[str | None, Query(alias="to")] = None, sort: str = "relevance",
              page: int = 1, size: int = 20) -> dict[str, Any]:
    who = _who(request)
    params = {k: v for k, v in {"q": q, "type": type, "issuer": issuer, "unit": unit, "urgency": urgency,
                                "confidentiality": confidentiality, "from": date_from, "to": date_to,
                                "sort": sort, "page": str(page), "size": str(size)}.items() if v}
    query = query_from(params, who.user)
    return result_json(desk_of(request).store().index.search(query), query)


def _document_json(desk: Desk, record_id: str, who: Caller) -> dict[str, Any]:
    store = desk.store()
    record = workflow.readable(store, who.user, record_id)
    step = workflow.step(store.ledger, record_id)
    reg = store.ledger.registered(record_id)
    return {"id": record_id, "record": record.to_dict(),
            "fields": [{"field": f.field, "label": f.label, "value": f.value, "confidence": f.confidence,
                        "to_check": f.to_check} for f in field_views(record)],
            "register": {"year": reg[0], "number": reg[1]} if reg else None,
            "step": {"state": step.state, "label": step.label, "deadline": step.deadline, "assignee": step.assignee,
                     "reply_number": step.reply_number},
            "history": workflow.history(store.ledger, record_id)}


@router.get("/documents/{record_id}", summary="One document: its record, fields with confidence, its step")
def document(request: Request, record_id: str) -> dict[str, Any]:
    return _document_json(desk_of(request), record_id, _who(request))


@router.get("/documents/{record_id}/pages/{page}", summary="A page of the filed original, as JPEG",
            response_class=Response)
def page(request: Request, record_id: str, page: int) -> Response:
    who = _who(request)
    return Response(page_image_of(desk_of(request), who.user, record_id, page), media_type="image/jpeg")


@router.patch("/documents/{record_id}", summary="Correct one field (kept through re-extraction)")
def patch(request: Request, record_id: str, body: Correction) -> dict[str, Any]:
    who = _who(request, write=True)
    desk = desk_of(request)
    workflow.readable(desk.store(), who.user, record_id)
    if who.user.role != "van-thu":
        raise NotPermittedError("only a clerk corrects fields")
    correct_field(desk.store(), record_id, body.field, body.value, who.user.name)
    return _document_json(desk, record_id, who)


@router.get("/documents/{record_id}/routing", summary="congvan's routing proposal with its reasons")
def proposal(request: Request, record_id: str) -> dict[str, Any]:
    who = _who(request)
    desk = desk_of(request)
    record = workflow.readable(desk.store(), who.user, record_id)
    fresh = route(record, desk.office_for(who.user))
    return {"stored": record.routing.to_dict(), "proposal": fresh.to_dict(),
            "deadline": workflow.proposed_deadline(record)}


@router.post("/documents/{record_id}/routing", summary="A leader confirms or changes the routing")
def decide(request: Request, record_id: str, body: Decision) -> dict[str, Any]:
    who = _who(request, write=True)
    desk = desk_of(request)
    workflow.decide(desk.store(), desk.office_for(who.user), who.user, record_id, body.main, body.coordination,
                    body.deadline, body.direction)
    return _document_json(desk, record_id, who)


@router.post("/documents/{record_id}/steps", summary="A handling step: present, assign, start, finish, note")
def steps(request: Request, record_id: str, body: StepIn) -> dict[str, Any]:
    who = _who(request, write=True)
    desk = desk_of(request)
    workflow.take_step(desk.store(), who.user, record_id, body.action, body.person, body.reply_number, body.note)
    return _document_json(desk, record_id, who)


@router.get("/register", summary="The incoming register (sổ đăng ký văn bản đến) as XLSX", response_class=Response)
def register(request: Request, date_from: Annotated[str, Query(alias="from")],
             date_to: Annotated[str, Query(alias="to")]) -> Response:
    who = _who(request)
    if who.user.role not in ("van-thu", "lanh-dao"):
        raise NotPermittedError("the register is the clerks' and the leaders'")
    return register_download_response(desk_of(request), who.user, date_from, date_to)


@router.post("/uploads", summary="Upload scans into the inbox (PDF, TIFF, JPEG, PNG; checked by content)")
def upload(request: Request, files: Annotated[list[UploadFile], File()]) -> dict[str, Any]:
    who = _who(request, write=True)
    if who.user.role != "van-thu":
        raise NotPermittedError("only a clerk uploads scans")
    inbox = desk_of(request).config.inbox_of(who.user.office)
    taken, refused = [], []
    for f in files:
        try:
            up = uploads.accept(f.file, f.filename or "", inbox)
            taken.append({"name": up.shown_name, "stored": up.stored.name})
        except CongvanError as exc:
            refused.append({"name": exc.path or f.filename, "reason": exc.message})
    return {"accepted": taken, "refused": refused}
