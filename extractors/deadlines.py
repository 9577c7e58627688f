"""Deadlines the text sets: "trước ngày 15/12/2020", "chậm nhất ngày 5 tháng 3 năm 2021",
"trước ngày 20 tháng 6 hằng năm" (yearly). Without a year, the deadline is the first such day on
or after the document date; "hằng năm"/"hàng năm" in the same sentence makes it yearly.
"""

from __future__ import annotations

from datetime import date

from congvan.extractors import rx as re
from congvan.extractors.dates import NAM, THANG, D, Y, make_date, ocr_int
from congvan.extractors.view import View
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import vntext

RE_DEADLINE = re.compile(
    # "Hạn cuối nộp hồ sơ: ngày …", "Thời hạn thực hiện: ngày …" (a few words between, no "từ ngày")
    # "chậm" read "chận", "chầm" (m/n, rn/m: the confusions of a serif m)
    r"(?P<lead>truoc|cha(?:m|n|rn) nhat(?: la)?|khong muon hon|khong qua|den het"
    r"|(?:han chot|han cuoi|thoi han)(?:(?!truoc|cha(?:m|n|rn) nhat)[^.;:\d\n]){0,40}?[ \t]*:?(?:[ \t]*(?:la|vao))?)"
    r"(?:\s+\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}\s*(?:phut)?)?\s*,?)?\s+ngay\s+"     # "trước 17 giờ ngày …"
    rf"(?P<d>{D})\s*(?:/|-|\.|\s+{THANG}\s+)\s*(?P<m>{D})"
    rf"(?:\s*(?:/|-|\.|\s+{NAM}\s+)\s*(?P<y>{Y}|\d{{2}})(?!\d))?")
RE_YEARLY = re.compile(r"\bhang\s*nam\b")                  # OCR may glue them: "hàngnăm"
RE_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


def _next_on_or_after(month: int, day: int, ref: date) -> date | None:
    for year in (ref.year, ref.year + 1):
        d = make_date(year, month, day)
        if d and d >= ref:
            return d
    return None


def find_deadlines(view: View, doc_date: date | None) -> tuple[list[dict[str, str | None]], float]:
    text = re.sub(r"\s*\n\s*", " ", "\n".join("\n".join(ln.flat for ln in page) for page in view.main_pages()))
    fold = vntext.fold(text, aligned=True)
    out: list[dict[str, str | None]] = []
    for m in RE_DEADLINE.finditer(fold):
        end = m.end()
        tail = fold[end:]
        stop = RE_SENTENCE_END.search(tail)
        sentence_rest = tail[: stop.start() if stop else 200]
        head = fold[:m.start()]
        sentence_start = max(head.rfind(". "), head.rfind("; "), 0)
        yearly = bool(RE_YEARLY.search(sentence_rest) or RE_YEARLY.search(head[sentence_start:]))
        y, month, day = (ocr_int(m["y"]) if m["y"] else None), ocr_int(m["m"]), ocr_int(m["d"])
        due: date | None = None
        if month is None or day is None:
            pass
        elif y is not None and not yearly:
            due = make_date(y + 2000 if y < 100 else y, month, day)
        elif doc_date:
            due = _next_on_or_after(month, day, doc_date)
        elif y is not None and y >= 1000:
            due = make_date(y, month, day)
        adj = re.match(r"\s+hang\s*nam\b", tail)
        if adj:
            end += adj.end()
        out.append({"date": due.isoformat() if due else None, "text": text[m.start():end],
                    "recurring": "yearly" if yearly else None})
    return out, level.READ_BOUNDED if out else level.DOUBTFUL
