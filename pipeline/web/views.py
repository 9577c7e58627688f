"""What the pages and the API show of a record: labelled fields with their confidence, search
parameters read from a request, a search's results. Plain functions over plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Response

from congvan.pipeline.core.confidence import CHECK_BELOW
from congvan.pipeline.core.errors import InputFileError
from congvan.pipeline.core.records import Record
from congvan.pipeline.desk import workflow
from congvan.pipeline.desk.accounts import User
from congvan.pipeline.desk.register import dmy, register_table, write_xlsx
from congvan.pipeline.evaluate import get_field
from congvan.pipeline.page_images import page_jpeg
from congvan.pipeline.web.context import Desk
from congvan.search.index import FACETS, Query, SearchResult

FIELD_LABELS: dict[str, str] = {
    "document.number": "Số, ký hiệu", "document.type": "Loại văn bản", "document.issuer": "Cơ quan ban hành",
    "document.place": "Địa danh", "document.date": "Ngày ban hành", "document.subject": "Trích yếu",
    "document.signer.name": "Người ký", "document.signer.title": "Chức vụ người ký",
    "document.signer.authority": "Thẩm quyền ký", "document.urgency": "Độ khẩn",
    "document.confidentiality": "Độ mật", "document.recipients": "Nơi nhận",
    "incoming.arrival_number": "Số đến (trên dấu)", "incoming.arrival_date": "Ngày đến",
    "incoming.receiver": "Đơn vị nhận (dấu đến)", "incoming.handling.leader": "Lãnh đạo cho ý kiến",
    "incoming.handling.direction": "Ý kiến chỉ đạo", "incoming.handling.main": "Đơn vị chủ trì",
    "incoming.handling.coordination": "Đơn vị phối hợp",
}
FACET_LABELS = {"type": "Loại văn bản", "issuer": "Cơ quan ban hành", "unit": "Đơn vị", "urgency": "Độ khẩn",
                "confidentiality": "Độ mật", "year": "Năm"}
PAGE_SIZE = 20


@dataclass(frozen=True)
class FieldView:
    field: str
    label: str
    value: str
    confidence: float | None
    to_check: bool


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v.get("number", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def field_views(record: Record) -> list[FieldView]:
    data = record.to_dict()
    out = []
    for name, label in FIELD_LABELS.items():
        conf = record.confidence.get(name)
        out.append(FieldView(name, label, shown(get_field(data, name)), conf,
                             conf is not None and conf < CHECK_BELOW))
    return out


def _iso(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputFileError("not a date: give it as YYYY-MM-DD", f"{name}={value}") from None


def query_from(params: dict[str, str], user: User, size: int = PAGE_SIZE) -> Query:
    """A search from request parameters (q, type, issuer, unit, urgency, confidentiality, from,
    to, sort, page), restricted to what ``user`` may see."""
    sort = params.get("sort") or "relevance"
    if sort not in ("relevance", "date", "date_asc"):
        raise InputFileError("sort is relevance, date or date_asc", sort)
    try:
        page = max(1, int(params.get("page") or 1))
        size = max(1, min(100, int(params.get("size") or size)))
    except ValueError:
        raise InputFileError("page and size are whole numbers", "page") from None
    return Query(text=(params.get("q") or "")[:500], type=params.get("type") or None,
                 issuer=params.get("issuer") or None, unit=params.get("unit") or None,
                 urgency=params.get("urgency") or None, confidentiality=params.get("confidentiality") or None,
                 date_from=_iso(params.get("from"), "from"), date_to=_iso(params.get("to"), "to"),
                 sort=sort, page=page, size=size, visibility=user.visibility())  # type: ignore[arg-type]


def result_json(result: SearchResult, query: Query) -> dict[str, Any]:
    return {"total": result.total, "exact": result.exact, "page": query.page, "size": query.size,
            "items": [{"id": h.id, "number": h.number, "type": h.type, "issuer": h.issuer, "date": h.date,
                       "subject": h.subject, "snippet": h.snippet, "score": h.score} for h in result.hits],
            "facets": {name: [{"value": v, "count": n} for v, n in result.facets.get(name, [])] for name in FACETS}}


def page_image_of(desk: Desk, user: User, record_id: str, page: int) -> bytes:
    """Page ``page`` of a record ``user`` may see, as JPEG (not found otherwise)."""
    record = workflow.readable(desk.store(), user, record_id)
    return page_jpeg(desk.store().ledger, desk.config.home, record_id, page, record.source.pages)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register_download_response(desk: Desk, user: User, start: str, end: str) -> Response:
    """The register's entries with ngày đến in [start, end] that ``user`` may see, as an XLSX download."""
    try:
        start, end = date.fromisoformat(start).isoformat(), date.fromisoformat(end).isoformat()
    except ValueError:
        raise InputFileError("give the dates as YYYY-MM-DD", f"{start}–{end}") from None
    rows = register_table(desk.store().ledger, start, end, user.visibility(), user.office)
    data = write_xlsx(rows, f"SỔ ĐĂNG KÝ VĂN BẢN ĐẾN TỪ {dmy(start)} ĐẾN {dmy(end)}", "Sổ đến")
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="so-den-{start}-{end}.xlsx"'})
