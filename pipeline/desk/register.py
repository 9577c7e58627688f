"""The sổ đăng ký văn bản đến (Nghị định 30/2020/NĐ-CP, Phụ lục IV, mục VI): its rows for a span
of arrival dates, and the spreadsheet a clerk prints and has signed. Extracted text is untrusted:
a value a spreadsheet would take for a formula is written as text (:mod:`congvan.pipeline.core.cells`)."""

from __future__ import annotations

import io

import orjson

from congvan.pipeline.core.cells import is_formula_like
from congvan.pipeline.core.records import Record
from congvan.search.index import Visibility, visible
from congvan.search.ledger import Ledger

HEADERS = ["Số đến", "Ngày đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung",
           "Đơn vị hoặc người nhận", "Ký nhận", "Ghi chú"]
WIDTHS = (8, 11, 32, 20, 11, 60, 22, 12, 24)


def dmy(iso: str | None) -> str:
    """An ISO date as the register writes it (dd/mm/yyyy); empty for none."""
    return "/".join(reversed(iso.split("-"))) if iso else ""


def register_table(ledger: Ledger, start: str, end: str, who: Visibility | None = None,
                   office: str = "") -> list[list[str]]:
    """``office``'s register rows whose ngày đến is in [``start``, ``end``] (ISO dates), by year
    and số đến; only the records ``who`` may see."""
    rows: list[list[str]] = []
    for seq, day, stamp, clash, text in ledger.conn.execute(
            "SELECT g.seq, g.arrival_day, g.stamp_number, g.clash, j.json FROM register g "
            "JOIN records r ON r.id = g.record_id JOIN record_json j ON j.rid = r.rowid "
            "WHERE g.office = ? AND g.arrival_day >= ? AND g.arrival_day <= ? ORDER BY g.year, g.seq",
            (office, start, end)):
        record = Record.from_dict(orjson.loads(text))
        if not visible(record, who):
            continue
        d = record.document
        note = f"số in the stamp: {stamp}" if clash and stamp else ""
        rows.append([str(seq), dmy(str(day)), d.issuer or "", d.number or "", dmy(d.date),
                     " - ".join(v for v in (d.type, d.subject) if v), record.unit or "", "", note])
    return rows


def write_xlsx(rows: list[list[str]], title: str, sheet: str) -> bytes:
    """The register as an XLSX workbook: a title row, the standard headers, one row per entry."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    top = Alignment(wrap_text=True, vertical="top")        # one style object for every body cell
    for number, row in enumerate(rows, start=3):
        ws.append([int(row[0]), *row[1:]])
        for k in range(1, len(row) + 1):
            cell = ws.cell(row=number, column=k)
            cell.alignment = top
            if k > 1 and isinstance(cell.value, str) and is_formula_like(cell.value):
                cell.data_type = "s"                    # extracted text: a string cell, never a formula
    for k, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
