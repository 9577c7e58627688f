"""Generate the sample dispatches with ground truth: ``python samples/generate.py [--out samples/data]``.

Deterministic: a fixed seed per document, fixed PDF metadata. Each document is written as
``<id>.<ext>`` with ``<id>.json`` beside it (the record in the contract's form: what a perfect
extractor returns) and one line in ``manifest.json`` (damage class, format, dpi, ink).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import content  # noqa: E402
import ink  # noqa: E402
import layout  # noqa: E402
import second_office  # noqa: E402
from content import (  # noqa: E402
    CITATIONS,
    FONT_DIR,
    GIVEN,
    ISSUERS,
    MIDDLES,
    PROPOSER,
    RECEIVER,
    RECEIVER_SHORT,
    RECIPIENT_POOL,
    STAMP_RECEIVER,
    STAMP_STYLES,
    SURNAMES,
    TOPICS,
    UNIT_STAMP_CODE,
    UNITS,
    Citation,
    Issuer,
    Topic,
)
from layout import A4, MM, Canvas, font, pt  # noqa: E402

# The receiving offices a set can be rendered for: the development set's (samples/data) and a
# second one whose content the development set never uses (the held-out set; samples/second_office.py).
OFFICES = {"hai-duong": content, "binh-dinh": second_office}
OFFICE_CONTENT = ("CITATIONS", "FONT_DIR", "GIVEN", "ISSUERS", "MIDDLES", "PROPOSER", "RECEIVER", "RECEIVER_SHORT",
                  "RECIPIENT_POOL", "STAMP_RECEIVER", "STAMP_STYLES", "SURNAMES", "TOPICS", "UNIT_STAMP_CODE", "UNITS")


def use_office(name: str) -> None:
    """Render for office ``name``: its content, stamp designs and fonts replace the default ones."""
    module = OFFICES[name]
    globals().update({key: getattr(module, key) for key in OFFICE_CONTENT})
    layout.FONT_DIRS = (Path(module.FONT_DIR),)
    layout.FONT_FILES = dict(module.FONT_FILES)
    layout.font.cache_clear()
from PIL import Image, ImageDraw  # noqa: E402

SEED = 20_261_126
TYPE_ABBR = {"Quyết định": "QĐ", "Chỉ thị": "CT", "Kế hoạch": "KH", "Thông báo": "TB", "Hướng dẫn": "HD",
             "Giấy mời": "GM", "Tờ trình": "TTr", "Báo cáo": "BC", "Công văn": "CV"}
KINH_GUI_TYPES = {"Công văn", "Tờ trình", "Báo cáo"}


def vn_date_long(d: date, pad: bool = True) -> str:
    day = f"{d.day:02d}" if pad else str(d.day)
    month = f"{d.month:02d}" if pad and d.month <= 2 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


@dataclass
class Spec:
    ident: str
    rng: random.Random
    topic: Topic
    issuer: Issuer
    type: str
    number: str
    number_printed: str
    date: date
    subject: str
    kinh_gui: list[str]
    noi_nhan: list[str]
    signer_auth: str | None
    signer_lines: list[str]
    signer_title: str
    signer_name: str
    urgency: str | None
    secrecy: str | None
    paragraphs: list[str]
    references: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    stamp: dict[str, Any] | None
    damage: str
    fmt: str
    dpi: int
    pages_hint: int
    extra: dict[str, Any] = field(default_factory=dict)


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def cite_text(c: Citation, rng: random.Random) -> tuple[str, dict[str, Any]]:
    style = rng.random()
    if c.number.split("-")[0].isdigit() and "-" in c.number.split("/")[0]:      # Party number: 01-KL/TW
        when = f"{c.date.day:02d}-{c.date.month:02d}-{c.date.year}"
    elif style < 0.5:
        when = f"{c.date.day:02d}/{c.date.month:02d}/{c.date.year}" if style < 0.25 else \
            f"{c.date.day}/{c.date.month}/{c.date.year}"
    else:
        when = f"{c.date.day:02d} tháng {c.date.month:02d} năm {c.date.year}"
    with_issuer = c.type != "Luật" or rng.random() < 0.5
    title = f" {c.title}" if c.title and c.type == "Luật" else ""
    text = f"{c.type}{title} số {c.number} ngày {when}"
    if with_issuer:
        text += f" của {c.issuer}"
    if c.title and c.type != "Luật":
        text += f" {c.title}"
    ref = {"number": c.number, "type": c.type, "date": c.date.isoformat(),
           "issuer": c.issuer if with_issuer else None}
    return text, ref


def deadline_phrase(doc_date: date, rng: random.Random) -> tuple[str, dict[str, Any]]:
    if rng.random() < 0.3:
        day, month = rng.choice([(20, 6), (15, 12), (30, 11), (10, 1), (25, 9)])
        first = date(doc_date.year, month, day)
        if first < doc_date:
            first = date(doc_date.year + 1, month, day)
        word = rng.choice(["hằng năm", "hàng năm"])
        text = f"trước ngày {day} tháng {month} {word}"
        return text, {"date": first.isoformat(), "text": text, "recurring": "yearly"}
    due = doc_date + timedelta(days=rng.randint(7, 45))
    lead = rng.choice(["trước ngày", "chậm nhất ngày", "trước ngày"])
    text = f"{lead} {due.day:02d}/{due.month:02d}/{due.year}" if rng.random() < 0.6 else \
        f"{lead} {due.day} tháng {due.month} năm {due.year}"
    return text, {"date": due.isoformat(), "text": text, "recurring": None}


def make_number(issuer: Issuer, kind: str, n: int, year: int, rng: random.Random) -> str:
    num = f"{n:02d}"
    if issuer.party:
        return f"{num}-{TYPE_ABBR[kind]}/{issuer.abbr}"
    if kind == "Công văn":
        unit = rng.choice(issuer.units) if issuer.units else "VP"
        return f"{num}/{issuer.abbr}-{unit}"
    if kind == "Quyết định" and issuer.abbr == "UBND" and rng.random() < 0.3:
        return f"{num}/{year}/QĐ-UBND"
    return f"{num}/{TYPE_ABBR[kind]}-{issuer.abbr}"


def build_spec(i: int, damage: str, fmt: str, dpi: int, pages_hint: int, seed: int = SEED) -> Spec:
    rng = random.Random(seed + i * 7919)
    topic = TOPICS[i % len(TOPICS)]
    issuer = ISSUERS[rng.choice(topic.issuers)] if topic.issuers else rng.choice(ISSUERS)
    if issuer.party:
        kind = rng.choice(["Công văn", "Hướng dẫn", "Thông báo"])
    else:
        kind = rng.choice(topic.kinds)
        if issuer.abbr in ("CATTT", "VNPT-HD", "CAT") and kind not in ("Công văn", "Kế hoạch"):
            kind = "Công văn"
    d = date(2011, 1, 3) + timedelta(days=rng.randint(0, (date(2025, 2, 20) - date(2011, 1, 3)).days))
    n = rng.randint(1, 2999) if rng.random() > 0.12 else rng.randint(1, 9)
    number = make_number(issuer, kind, n, d.year, rng)
    spaced = not issuer.party and rng.random() < 0.25
    printed = number.replace("/", " /", 1) if spaced else number
    subject = rng.choice(topic.subjects)
    if subject.endswith("năm"):
        subject += f" {d.year + (1 if d.month >= 9 else 0)}"
    if kind == "Quyết định":
        subject = "Về việc " + subject[0].lower() + subject[1:] if rng.random() < 0.5 else \
            "Ban hành Kế hoạch " + subject[0].lower() + subject[1:]
    elif kind == "Giấy mời":
        subject = "Dự hội nghị " + subject[0].lower() + subject[1:]

    # citations that predate the document
    pool = [c for c in CITATIONS if c.date < d and (set(c.topics) & set(topic.cite_tags))]
    others = [c for c in CITATIONS if c.date < d and c not in pool]
    rng.shuffle(pool)
    rng.shuffle(others)
    chosen = (pool[:2] + others[:1]) if pool else others[:2]
    refs: list[dict[str, Any]] = []
    cite_texts: list[str] = []
    for c in chosen:
        t, r = cite_text(c, rng)
        cite_texts.append(t)
        refs.append(r)
        refs.extend({"number": n, "type": ty, "date": None, "issuer": None} for n, ty in c.nested)
    merged: dict[str, dict[str, Any]] = {}
    for r in refs:                     # one entry per cited number, with what any mention says
        have = merged.setdefault(r["number"], dict(r))
        for key in ("type", "date", "issuer"):
            have[key] = have[key] or r[key]
    refs = list(merged.values())

    deadlines: list[dict[str, Any]] = []
    sentences = list(topic.sentences)
    body_sentences: list[str] = []
    for s in sentences:
        if "{deadline}" in s:
            phrase, dl = deadline_phrase(d, rng)
            deadlines.append(dl)
            s = s.replace("{deadline}", phrase)
        body_sentences.append(s)

    paragraphs: list[str] = []
    if kind == "Quyết định":
        paragraphs = [f"Căn cứ {t};" for t in cite_texts]
        paragraphs.append(f"Theo đề nghị của {PROPOSER}.")
        paragraphs.append(f"Điều 1. {subject.removeprefix('Về việc ')[0].upper()}"
                          f"{subject.removeprefix('Về việc ')[1:]}. " + body_sentences[0])
        paragraphs.append("Điều 2. " + " ".join(body_sentences[1:]))
        paragraphs.append("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các "
                          "sở, ban, ngành và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "
                          "Quyết định này.")
    else:
        paragraphs.append(f"Thực hiện {cite_texts[0]}, " + body_sentences[0][0].lower() + body_sentences[0][1:]
                          if cite_texts else body_sentences[0])
        for t in cite_texts[1:]:
            paragraphs.append(f"Căn cứ {t}, {issuer.full} đề nghị các cơ quan, đơn vị triển khai "
                              "thực hiện một số nội dung sau:")
        paragraphs.extend(body_sentences[1:])
    if pages_hint > 1:
        filler = [s for t in TOPICS if t.key != topic.key for s in t.sentences if "{deadline}" not in s]
        rng.shuffle(filler)
        extra = 8 if pages_hint == 2 else 28
        insert = [f"{k + 1}. " + s for k, s in enumerate(filler[:extra])]
        paragraphs[1:1] = insert

    # signer
    deputy = rng.random() < 0.55
    if issuer.party:
        auth_line = f"T/M {issuer.collective}" if issuer.collective else ("K/T " + issuer.head if deputy else None)
        signer_auth = "TM." if issuer.collective else ("KT." if deputy else None)
        lines = ([auth_line] if auth_line else [])
        if issuer.collective:
            lines.append(issuer.deputy if deputy else issuer.head)
        elif deputy:
            lines.append(issuer.deputy)
        else:
            lines.append(issuer.head)
        title_caps = lines[-1]
    elif issuer.collective and kind in ("Quyết định", "Chỉ thị", "Kế hoạch", "Tờ trình", "Công văn"):
        lines = [f"TM. {issuer.collective}"]
        if deputy:
            lines += [f"KT. {issuer.head}", issuer.deputy]
            signer_auth = "KT."
        else:
            lines += [issuer.head]
            signer_auth = "TM."
        title_caps = lines[-1]
    else:
        if deputy:
            lines = [f"KT. {issuer.head}", issuer.deputy]
            signer_auth = "KT."
        elif rng.random() < 0.2:
            lines = [f"TL. {issuer.head}", "CHÁNH VĂN PHÒNG" if "VĂN PHÒNG" not in issuer.head else "TRƯỞNG PHÒNG"]
            signer_auth = "TL."
        else:
            lines = [issuer.head]
            signer_auth = None
        title_caps = lines[-1]
    title = sentence_case(title_caps)

    # recipients
    pool_r = [r for r in RECIPIENT_POOL if r != issuer.full]
    rng.shuffle(pool_r)
    kinh_gui: list[str] = []
    if kind in KINH_GUI_TYPES:
        kinh_gui = [RECEIVER_SHORT] if rng.random() < 0.5 else [RECEIVER_SHORT, *pool_r[:rng.randint(1, 2)]]
    noi_nhan = (["Như trên"] if kinh_gui else []) + pool_r[3:3 + rng.randint(2, 4)]
    if not kinh_gui:
        noi_nhan.insert(rng.randint(0, len(noi_nhan)), RECEIVER_SHORT)
    urgency = rng.choice([None] * 6 + ["Khẩn", "Thượng khẩn", "Hỏa tốc"])
    secrecy = rng.choice([None] * 12 + ["Mật"])

    stamp = None
    if damage != "born-digital" and rng.random() < 0.9:
        arrive = d + timedelta(days=rng.randint(1, 9))
        style = rng.choice(STAMP_STYLES)
        coord_units = [UNIT_STAMP_CODE[u] for u in topic.coordination]
        direction = rng.choice([None, f"Giao {UNIT_STAMP_CODE[topic.unit]} chủ trì",
                                f"{UNIT_STAMP_CODE[topic.unit]} tham mưu"])
        yy = rng.random() < 0.75
        stamp = {
            "style": style,
            "ink": rng.choice(["red", "red", "purple", "blue"]),
            "handwritten": rng.random() < 0.4,
            "number": str(rng.randint(max(1, arrive.timetuple().tm_yday * 8 - 60),
                                      arrive.timetuple().tm_yday * 9 + 20)),
            "date": arrive,
            "date_text": f"{arrive.day:02d}/{arrive.month:02d}/{arrive.year % 100:02d}" if yy else
            f"{arrive.day:02d}/{arrive.month:02d}/{arrive.year}",
            "leader": "[signed]" if style in ink.HANDLING_STYLES else None,
            "direction": direction if style in ink.HANDLING_STYLES else None,
            "main": UNIT_STAMP_CODE[topic.unit],
            "coordination": (", ".join(coord_units) or None) if style in ink.HANDLING_STYLES else None,
            "abbrev_receiver": rng.random() < 0.4,
        }
    return Spec(ident=f"cv{i:03d}", rng=rng, topic=topic, issuer=issuer, type=kind, number=number,
                number_printed=printed, date=d, subject=subject, kinh_gui=kinh_gui, noi_nhan=noi_nhan,
                signer_auth=signer_auth, signer_lines=lines, signer_title=title, signer_name=person(rng),
                urgency=urgency, secrecy=secrecy, paragraphs=paragraphs, references=refs, deadlines=deadlines,
                stamp=stamp, damage=damage, fmt=fmt, dpi=dpi, pages_hint=pages_hint)


# How titles are written in running text (signer.title): "Phó" then the title it deputises,
# "Văn phòng" as the organ's name.
TITLE_CASE = {
    "CHỦ TỊCH": "Chủ tịch", "PHÓ CHỦ TỊCH": "Phó Chủ tịch", "GIÁM ĐỐC": "Giám đốc", "PHÓ GIÁM ĐỐC": "Phó Giám đốc",
    "BỘ TRƯỞNG": "Bộ trưởng", "THỨ TRƯỞNG": "Thứ trưởng", "CỤC TRƯỞNG": "Cục trưởng",
    "PHÓ CỤC TRƯỞNG": "Phó Cục trưởng", "CHÁNH VĂN PHÒNG": "Chánh Văn phòng",
    "PHÓ CHÁNH VĂN PHÒNG": "Phó Chánh Văn phòng", "TRƯỞNG BAN": "Trưởng ban", "PHÓ TRƯỞNG BAN": "Phó Trưởng ban",
    "BÍ THƯ": "Bí thư", "PHÓ BÍ THƯ": "Phó Bí thư", "TRƯỞNG PHÒNG": "Trưởng phòng",
}


def sentence_case(caps: str) -> str:
    return TITLE_CASE[caps]


# ---- composition -----------------------------------------------------------------------------

LEFT, RIGHT, TOP, BOTTOM = int(30 * MM), A4[0] - int(18 * MM), int(22 * MM), A4[1] - int(22 * MM)
BODY_W = RIGHT - LEFT


def compose(spec: Spec) -> tuple[list[Canvas], dict[str, Any]]:
    """Lay out the document's pages. Returns the canvases and where ink goes (page 1 positions)."""
    rng = spec.rng
    iss = spec.issuer
    pages = [Canvas()]
    c = pages[0]
    lc = LEFT + int(33 * MM)                    # centre of the left header column (66 mm wide)
    rc = RIGHT - int(45 * MM)                   # centre of the right header column
    y = TOP
    yl = y
    if iss.parent:
        for line in header_lines(iss.parent, "r"):
            yl += c.text(lc, yl, line, "r", 12, anchor="centre")
    for line in header_lines(iss.name_caps, "b"):
        yl += c.text(lc, yl, line, "b", 12, anchor="centre")
    if iss.party:
        yl += c.text(lc, yl, "*", "b", 12.5, anchor="centre")
    else:
        c.rule(lc, yl + 6, 190)
        yl += 20
    yr = y
    if iss.party:
        yr += c.text(rc, yr, "ĐẢNG CỘNG SẢN VIỆT NAM", "b", 13, anchor="centre", underline=True) + 12
    else:
        yr += c.text(rc, yr, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b", 12, anchor="centre")
        yr += c.text(rc, yr, "Độc lập - Tự do - Hạnh phúc", "b", 13.5, anchor="centre", underline=True) + 12
    y = max(yl, yr) + 14
    so = f"Số {spec.number_printed}" if iss.party else f"Số: {spec.number_printed}"
    pad = spec.rng.random() < 0.8
    place_date = f"{iss.place}, {vn_date_long(spec.date, pad)}"
    pen: list[tuple[float, float, str]] = []
    if "pen-header" in spec.extra.get("traits", ()):
        pen = pen_filled(c, spec, (lc, rc), y, so, place_date)
    else:
        c.text(lc, y, so, "r", 13, anchor="centre")
        c.text(rc, y, place_date, "i", 13, anchor="centre")
    y += pt(13) * 1.5
    if spec.type == "Công văn":
        y = c.paragraph(lc - int(40 * MM), y, int(80 * MM), f"V/v {spec.subject}", "r", 12, justify=False,
                        spacing=1.2, align="centre")
        y += 10
    marks_at = (LEFT + int(6 * MM), int(y))
    ink_marks = [m.upper() for m in (spec.secrecy, spec.urgency) if m]
    if ink_marks:
        y += pt(16) + 40
    heading = None if spec.type == "Công văn" else spec.type.upper()
    if heading:
        y += 20
        y += c.text(A4[0] / 2, y, heading, "b", 14, anchor="centre")
        y = c.paragraph(LEFT + int(20 * MM), y, BODY_W - int(40 * MM), spec.subject, "b", 14, justify=False,
                        spacing=1.2, align="centre")
        c.rule(A4[0] / 2, y + 8, 320)
        y += 40
    if spec.type == "Quyết định":
        auth = (f"{iss.head} {iss.full.upper()}" if iss.collective else iss.head + " " + iss.full.upper())
        y = c.paragraph(LEFT + int(10 * MM), y, BODY_W - int(20 * MM), auth, "b", 13.5, justify=False,
                        align="centre")
        y += 20
    if spec.kinh_gui:
        y += 20
        if len(spec.kinh_gui) == 1:
            y += c.text(A4[0] / 2, y, f"Kính gửi: {spec.kinh_gui[0]}", "r", 14, anchor="centre") + 20
        else:
            x0 = LEFT + int(35 * MM)
            c.text(x0, y, "Kính gửi:", "r", 14)
            x1 = x0 + font("r", 14).getlength("Kính gửi: ") + 10
            for k, rcp in enumerate(spec.kinh_gui):
                end = "." if k == len(spec.kinh_gui) - 1 else ";"
                y += c.text(x1, y, f"- {rcp}{end}", "r", 14)
            y += 20
    y += 10
    size = 13.5 if spec.pages_hint == 1 else 13
    for para in spec.paragraphs:
        if spec.type == "Quyết định" and para.startswith("Điều 1."):
            y += 10
            y += c.text(A4[0] / 2, y, "QUYẾT ĐỊNH:", "b", 14, anchor="centre") + 10
        style = "i" if spec.type == "Quyết định" and para.startswith("Căn cứ") else "r"
        if y > BOTTOM - pt(size) * 3:
            c = Canvas()
            pages.append(c)
            c.text(A4[0] / 2, TOP - 40, str(len(pages)), "r", 13, anchor="centre")
            y = TOP + 60
        y = c.paragraph(LEFT, y, BODY_W, para, style, size, indent=int(12 * MM)) + 8
    # signature block: bottom right; nơi nhận: bottom left
    need = pt(13) * (len(spec.signer_lines) + 2) + int(32 * MM)
    if y + need > BOTTOM:
        c = Canvas()
        pages.append(c)
        c.text(A4[0] / 2, TOP - 40, str(len(pages)), "r", 13, anchor="centre")
        y = TOP + 60
    y += 30
    sx = RIGHT - int(48 * MM)
    ys = y
    for line in spec.signer_lines:
        ys += c.text(sx, ys, line, "b", 13, anchor="centre")
    sig_box = (sx - 230, ys + 20, sx + 200, ys + int(22 * MM))
    ys += int(27 * MM)
    c.text(sx, ys, spec.signer_name, "b", 13.5, anchor="centre")
    yn = y
    yn += c.text(LEFT, yn, "Nơi nhận:", "bi", 12)
    for k, r in enumerate(spec.noi_nhan):
        yn += c.text(LEFT, yn, f"- {r}{' (để b/c)' if k == 1 and spec.rng.random() < 0.4 else ''};", "r", 11)
    drafter = spec.number.split("-")[-1] if "-" in spec.number else "VP"
    yn += c.text(LEFT, yn, f"- Lưu: VT, {drafter}.", "r", 11)
    stamp_zone = stamp_position(spec, rng)
    caption = esign_caption(pages[0], spec) if "esign" in spec.extra.get("traits", ()) else None
    if caption:
        spec.extra["caption"] = caption["truth"]
    return pages, {"sig_box": sig_box, "sig_page": len(pages) - 1, "marks_at": marks_at, "marks": ink_marks,
                   "stamp_at": stamp_zone, "pen": pen, "caption": caption}


# ---- real paper's traits (issue 20) ----------------------------------------------------------

# Each appended document carries some of the traits real paper has and the first 35 lack:
# "pen-header": the number and the day left blank in print and filled in by pen;
# "esign": a provincial e-signature system's caption ("Ký bởi: …", "Thời gian ký: …");
# "verso": every page scanned with its blank back, the seal bleeding through mirrored;
# "photo": a phone photo (perspective, light falling off, a desk around the page);
# "cv-den" / "portal": other incoming stamp designs (a "CV ĐẾN" box; an e-portal's "ĐẾN" with
# Giờ and Ngày and no số đến).
REAL_PLAN: list[tuple[tuple[str, ...], str, int, int]] = [
    (("pen-header",), "pdf", 150, 1),
    (("pen-header", "esign"), "jpeg", 200, 1),
    (("verso", "cv-den"), "pdf", 150, 1),
    (("photo",), "jpeg", 150, 1),
    (("cv-den",), "tiff-g4", 300, 1),
    (("portal", "esign"), "pdf", 200, 1),
    (("photo", "pen-header"), "jpeg", 150, 1),
]


def pen_filled(c: Canvas, spec: Spec, centres: tuple[float, float], y: float, so: str,
               place_date: str) -> list[tuple[float, float, str]]:
    """Print the Số line and the place-date line with blanks where the number and the day go, as
    offices print them before signing; return where the pen writes them. The recorded text is
    the page as it reads once filled in."""
    digits, _, rest = spec.number_printed.partition("/")
    day = str(spec.date.day) if spec.rng.random() < 0.5 else f"{spec.date.day:02d}"
    blank = " " * 9
    lead = "Số " if spec.issuer.party else "Số: "
    printed_so = f"{lead}{blank}/{rest}" if rest else so
    day_at = place_date.index("ngày ") + len("ngày ")
    day_end = place_date.index(" tháng")
    printed_date = place_date[:day_at] + blank + place_date[day_end:]
    out = []
    for centre, printed, read, style, before, value in (
            (centres[0], printed_so, so.replace(" /", "/"), "r", lead, digits),
            (centres[1], printed_date, place_date, "i", printed_date[:day_at], day)):
        f = font(style, 13)
        x0 = centre - f.getlength(printed) / 2
        c.text(centre, y, printed, style, 13, anchor="centre", record=False)
        from layout import Element
        c.elements.append(Element(int(x0), int(y), int(f.getlength(printed)), int(pt(13) * 1.15), read))
        out.append((x0 + f.getlength(before) + spec.rng.uniform(4, 16), y - spec.rng.uniform(4, 12), value))
    return out


def esign_caption(c: Canvas, spec: Spec) -> dict[str, Any]:
    """An e-signature system's caption at the top right of page 1: who signed and when, with the UTC
    offset. Recorded as the page's text; its truth is ``source.digital_signature``."""
    rng = spec.rng
    signed = spec.date
    hh, mm, ss = rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59)
    lines = [f"Ký bởi: {spec.issuer.full}", f"Thời gian ký: {signed.day:02d}.{signed.month:02d}.{signed.year} "
             f"{hh:02d}:{mm:02d}:{ss:02d} +07:00"]
    x, y = RIGHT - int(78 * MM), int(6 * MM)
    from layout import Element
    for k, line in enumerate(lines):
        f = font("sans", 8)
        c.elements.append(Element(x + 20, int(y + 14 + k * pt(8) * 1.3), int(f.getlength(line)), int(pt(8) * 1.15),
                                  line))
    return {"at": (x, y), "lines": lines, "truth": {
        "signer": spec.issuer.full, "time": f"{signed.isoformat()}T{hh:02d}:{mm:02d}:{ss:02d}+07:00",
        "kind": "caption"}}


def caption_cover(lines: list[str]) -> Image.Image:
    f = font("sans", 8)
    w = int(max(f.getlength(line) for line in lines)) + 40
    h = int(len(lines) * pt(8) * 1.3) + 28
    img = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(img)
    d.rectangle([2, 2, w - 3, h - 3], outline=255, width=3)
    for k, line in enumerate(lines):
        d.text((20, 14 + k * pt(8) * 1.3), line, font=f, fill=255)
    return img


def apply_traits(spec: Spec) -> None:
    """The stamp a trait asks for: the design, and what that design holds (no số on the portal's,
    no handling lines on either)."""
    traits = spec.extra.get("traits", ())
    style = next((t for t in traits if t in ("cv-den", "portal")), None)
    if style is None:
        return
    rng = spec.rng
    if spec.stamp is None:
        arrive = spec.date + timedelta(days=rng.randint(1, 9))
        spec.stamp = {"ink": rng.choice(["red", "purple", "blue"]), "handwritten": rng.random() < 0.5,
                      "number": str(rng.randint(100, 3000)), "date": arrive,
                      "date_text": f"{arrive.day:02d}/{arrive.month:02d}/{arrive.year}",
                      "abbrev_receiver": rng.random() < 0.4}
    spec.stamp.update({"style": style, "leader": None, "direction": None, "main": None, "coordination": None})
    if style == "portal":
        spec.stamp["number"] = None
        spec.stamp["hour"] = f"{rng.randint(7, 17)}h{rng.randint(0, 59):02d}"


def header_lines(text: str, style: str) -> list[str]:
    """Header lines as printed: a line wider than the 66 mm column is split in two balanced halves."""
    out: list[str] = []
    for line in text.split("\n"):
        words = line.split()
        if font(style, 12).getlength(line) <= 66 * MM or len(words) < 2:
            out.append(line)
            continue
        best = min(range(1, len(words)), key=lambda k: abs(font(style, 12).getlength(" ".join(words[:k]))
                                                         - font(style, 12).getlength(" ".join(words[k:]))))
        out += [" ".join(words[:best]), " ".join(words[best:])]
    return out


def stamp_position(spec: Spec, rng: random.Random) -> tuple[int, int]:
    """Where the clerk put the ĐẾN stamp on page 1: mostly the upper part, often over the header."""
    choice = rng.random()
    if choice < 0.45:            # between the header columns, over the first lines
        return int(A4[0] * rng.uniform(0.30, 0.40)), int(TOP + rng.uniform(-40, 120))
    if choice < 0.75:            # right, under the place-date line, over the title
        return int(A4[0] * rng.uniform(0.50, 0.62)), int(TOP + rng.uniform(260, 420))
    return int(LEFT + rng.uniform(-200, 80)), int(TOP + rng.uniform(330, 470))  # left, under Số


def stamp_images(spec: Spec) -> tuple[Image.Image, Image.Image, ink.StampFill]:
    s = spec.stamp
    assert s is not None
    fill = ink.StampFill(number=s["number"], date=s["date_text"], leader=s["leader"], direction=s["direction"],
                         main=s["main"], coordination=s["coordination"], handwritten=s["handwritten"],
                         hour=s.get("hour"))
    receiver = STAMP_RECEIVER[0] if s["abbrev_receiver"] else STAMP_RECEIVER[1]
    box, pen = ink.stamp_cover(s["style"], receiver, fill, spec.rng)
    return box, pen, fill


def render(spec: Spec) -> tuple[list[Image.Image], list[str]]:
    pages, where = compose(spec)
    rng = spec.rng
    images = [p.image for p in pages]
    texts = [p.rows() for p in pages]
    # signature + seal on the last page
    last = images[where["sig_page"]]
    sig = Image.new("L", last.size, 0)
    ink.scribble(ImageDraw.Draw(sig), where["sig_box"], rng, width=5)
    ink.apply_ink(last, sig, ink.PEN, (0, 0), rng)
    if not spec.issuer.party or rng.random() < 0.8:
        seal = ink.seal_cover(spec.issuer.seal, rng)
        bx = where["sig_box"][0] - seal.width // 2 + rng.randint(-30, 60)
        by = int(where["sig_box"][1] - seal.height * 0.55 + rng.randint(-30, 30))
        ink.apply_ink(last, seal, ink.INKS["red"], (bx, by), rng)
    if where["marks"]:
        x, y = where["marks_at"]
        for m in where["marks"]:
            cover = ink.mark_cover(m)
            ink.apply_ink(images[0], cover, ink.INKS["red"], (x, y), rng)
            x += cover.width + 40
    for x, y, value in where["pen"]:
        cover = Image.new("L", images[0].size, 0)
        ink.hand_text(ImageDraw.Draw(cover), (x, y), value, 15, rng)
        ink.apply_ink(images[0], cover, ink.PEN, (0, 0), rng, strength=0.98)
    if where["caption"]:
        ink.apply_ink(images[0], caption_cover(where["caption"]["lines"]), ink.INKS["blue"],
                      where["caption"]["at"], rng, strength=0.98)
    if spec.stamp:
        box, pen, _ = stamp_images(spec)
        angle = rng.uniform(-6, 6)
        box_r = box.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        pen_r = pen.rotate(angle + rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, expand=True)
        at = where["stamp_at"]
        ink.apply_ink(images[0], box_r, ink.INKS[spec.stamp["ink"]], at, rng)
        pen_colour = ink.PEN if spec.stamp["handwritten"] else (60, 60, 150)
        ink.apply_ink(images[0], pen_r, pen_colour, at, rng, strength=0.98)
    return images, texts


def damage(spec: Spec, images: list[Image.Image]) -> list[Image.Image]:
    rng = spec.rng
    out = []
    rot = spec.extra.get("rotation", 0)
    spec.extra["angles"] = []
    for k, img in enumerate(images):
        if spec.damage == "noise":
            img = ink.photocopy(img, rng) if rng.random() < 0.7 else img
            img = ink.blur(img, rng.uniform(0.6, 1.1))
            img = ink.noise(img, rng, rng.uniform(8, 16))
        elif spec.damage in ("skew", "lowdpi", "rotation", "stamp") and spec.fmt != "png":
            if rng.random() < 0.4:
                img = ink.photocopy(img, rng)
            img = ink.noise(img, rng, rng.uniform(2, 4))
        angle = 0.0
        if spec.damage == "skew":
            angle = spec.extra["skew"] * (1 if k == 0 else rng.uniform(0.5, 1.0))
        elif spec.damage == "rotation" and k == 0:
            angle = rot
        elif spec.damage in ("noise", "lowdpi", "stamp") and rng.random() < 0.6:
            angle = rng.uniform(-0.8, 0.8)
        if angle:
            img = ink.rotate(img, angle)
        spec.extra["angles"].append(round(angle, 3))
        img = ink.rescale(img, spec.dpi)
        traits = spec.extra.get("traits", ())
        if "photo" in traits:
            img = ink.photo(img, rng)
        out.append(img)
        if "verso" in traits:
            out.append(ink.verso(img, rng))
    return out


def save(spec: Spec, images: list[Image.Image], path: Path) -> None:
    fmt = spec.fmt
    dpi = (spec.dpi, spec.dpi)
    if fmt == "pdf":
        frames = [jpeg_roundtrip(im, 45) for im in images]
        buf = io.BytesIO()
        frames[0].save(buf, "PDF", save_all=True, append_images=frames[1:], resolution=float(spec.dpi),
                       title=spec.ident, creationDate=None, modDate=None)
        path.write_bytes(strip_pdf_dates(buf.getvalue()))
    elif fmt == "tiff-g4":
        frames = [im.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1") for im in images]
        frames[0].save(path, "TIFF", save_all=True, append_images=frames[1:], compression="group4", dpi=dpi)
    elif fmt == "tiff":
        frames = images
        frames[0].save(path, "TIFF", save_all=True, append_images=frames[1:], compression="jpeg", quality=40,
                       dpi=dpi)
    elif fmt == "jpeg":
        images[0].save(path, "JPEG", quality=rng_quality(spec), dpi=dpi, optimize=True)
    elif fmt == "png":
        images[0].convert("P", palette=Image.Palette.ADAPTIVE, colors=256).save(path, "PNG", dpi=dpi,
                                                                               optimize=True)
    else:
        raise ValueError(fmt)


def rng_quality(spec: Spec) -> int:
    return 50 + spec.rng.randint(0, 15)


def jpeg_roundtrip(im: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, optimize=True)
    buf.seek(0)
    return Image.open(buf)


def strip_pdf_dates(data: bytes) -> bytes:
    """Pillow stamps the current time into the PDF; fix it so generation is byte-for-byte repeatable."""
    import re as _re
    return _re.sub(rb"\(D:\d{14}[^)]*\)", b"(D:20260101000000Z)", data)


# ---- ground truth ----------------------------------------------------------------------------

def ground_truth(spec: Spec, path: Path, pages: int, texts: list[str], kind: str) -> dict[str, Any]:
    recipients: list[str] = []
    for r in [*spec.kinh_gui, *spec.noi_nhan]:
        if r != "Như trên" and r not in recipients:
            recipients.append(r)
    incoming = None
    if spec.stamp:
        s = spec.stamp
        incoming = {"receiver": RECEIVER, "arrival_number": s["number"], "arrival_date": s["date"].isoformat(),
                    "handling": {"leader": s["leader"], "direction": s["direction"], "main": s["main"],
                                 "coordination": s["coordination"]}}
    source: dict[str, Any] = {"path": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                              "pages": pages, "kind": kind}
    if spec.extra.get("caption"):
        source["digital_signature"] = spec.extra["caption"]
    return {
        "source": source,
        "document": {
            "number": spec.number, "type": spec.type, "issuer": spec.issuer.full, "place": spec.issuer.place,
            "date": spec.date.isoformat(), "subject": spec.subject,
            "signer": {"name": spec.signer_name, "title": spec.signer_title, "authority": spec.signer_auth},
            "recipients": recipients, "urgency": spec.urgency, "confidentiality": spec.secrecy,
            "references": spec.references, "deadlines": spec.deadlines,
        },
        "incoming": incoming,
        "routing": {"main": UNITS[spec.topic.unit], "coordination": [UNITS[u] for u in spec.topic.coordination],
                    "confidence": 1.0, "reasons": ["ground truth"]},
        "confidence": {},
        "text": "\f".join(texts),
    }


# ---- the set ---------------------------------------------------------------------------------

# (damage class, format, dpi, pages)
PLAN: list[tuple[str, str, int, int]] = [
    *[("stamp", f, 200 if f == "tiff" else 300, p)
      for f, p in [("pdf", 1), ("png", 1), ("jpeg", 1), ("tiff", 2), ("pdf", 2), ("png", 1), ("pdf", 1)]],
    *[("skew", f, d, p) for f, d, p in [("pdf", 300, 1), ("jpeg", 300, 1), ("tiff", 200, 2), ("pdf", 200, 3),
                                        ("png", 200, 1), ("jpeg", 300, 1), ("pdf", 300, 2)]],
    *[("rotation", f, d, p) for f, d, p in [("pdf", 300, 2), ("jpeg", 300, 1), ("png", 200, 1),
                                            ("tiff", 200, 1), ("pdf", 200, 1)]],
    *[("noise", f, d, p) for f, d, p in [("pdf", 300, 1), ("jpeg", 300, 1), ("tiff", 200, 2), ("pdf", 300, 1),
                                         ("jpeg", 200, 1), ("tiff-g4", 300, 2)]],
    *[("lowdpi", f, d, p) for f, d, p in [("pdf", 150, 1), ("jpeg", 150, 1), ("png", 150, 1), ("tiff", 200, 2),
                                          ("pdf", 150, 2), ("tiff-g4", 200, 1)]],
    *[("born-digital", "text-pdf", 300, p) for p in (1, 2, 1, 1)],
]
FIRST_REAL = len(PLAN)
PLAN += [("real", f, d, p) for _, f, d, p in REAL_PLAN]
EXT = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "tiff": "tif", "tiff-g4": "tif", "text-pdf": "pdf"}


def text_pdf(spec: Spec, path: Path) -> tuple[int, list[str]]:
    """A born-digital PDF with a real text layer, laid out like the scans (fpdf2, the office's body font)."""
    from fpdf import FPDF

    pages, where = compose(spec)
    if where["marks"]:                      # born digital: the marks are red text in a box, in the layer
        from layout import Element
        x, y = where["marks_at"]
        for mark in where["marks"]:
            w = int(font("sansb", 14).getlength(mark))
            pages[0].elements.append(Element(x + 30, y + 25, w, pt(14), mark))
            x += w + 100
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(__import__("datetime").datetime(2026, 1, 1))
    for style, key in (("", "r"), ("B", "b"), ("I", "i"), ("BI", "bi")):
        pdf.add_font("Serif", style, str(Path(FONT_DIR) / layout.FONT_FILES[key]))
    scale = 72 / 300
    for canvas in pages:
        pdf.add_page()
        pdf.set_font("Serif", "", 13)
        for el in canvas.elements:
            size = el.h / 1.15 * scale
            pdf.set_font_size(size)
            red = el.text in ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "MẬT")
            pdf.set_text_color(200, 30, 45) if red else pdf.set_text_color(0, 0, 0)
            pdf.text(el.x * scale, (el.y + el.h * 0.78) * scale, el.text)
            if red:
                pdf.set_draw_color(200, 30, 45)
                pdf.rect((el.x - 15) * scale, (el.y - 10) * scale, (el.w + 30) * scale, (el.h + 20) * scale)
    pdf.output(str(path))
    return len(pages), [p.rows() for p in pages]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=HERE / "data")
    ap.add_argument("--only", type=int, default=None, help="generate only this index (debugging)")
    ap.add_argument("--seed", type=int, default=SEED,
                    help="another seed gives another set of the same plan: a held-out check that what was tuned "
                         "on samples/data carries over (samples/data is the default seed)")
    ap.add_argument("--office", choices=sorted(OFFICES), default="hai-duong",
                    help="the receiving office: hai-duong (samples/data) or binh-dinh, a held-out set whose "
                         "senders, signers, citations, topics, units, stamp design and body font samples/data "
                         "never uses (evaluate it with CONGVAN_UNITS=samples/offices/binh-dinh.toml)")
    args = ap.parse_args(argv)
    use_office(args.office)
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for i, (dmg, fmt, dpi, npages) in enumerate(PLAN):
        if args.only is not None and i != args.only:
            continue
        spec = build_spec(i, dmg, fmt, dpi, npages, args.seed)
        if dmg == "skew":
            spec.extra["skew"] = round(spec.rng.choice([-1, 1]) * spec.rng.uniform(0.8, 4.0), 2)
        if dmg == "rotation":
            spec.extra["rotation"] = [180, 90, 270, 180, 90][i % 5]
        if dmg == "real":
            spec.extra["traits"] = REAL_PLAN[i - FIRST_REAL][0]
            apply_traits(spec)
        path = args.out / f"{spec.ident}.{EXT[fmt]}"
        if fmt == "text-pdf":
            npage, texts = text_pdf(spec, path)
            kind = "text-pdf"
        else:
            images, texts = render(spec)
            images = damage(spec, images)
            if "verso" in spec.extra.get("traits", ()):
                texts = [t for text in texts for t in (text, "")]     # each back is blank
            save(spec, images, path)
            npage, kind = len(images), "scan"
        gt = ground_truth(spec, path, npage, texts, kind)
        (args.out / f"{spec.ident}.json").write_text(json.dumps(gt, ensure_ascii=False, indent=2) + "\n",
                                                     encoding="utf-8")
        manifest.append({"id": spec.ident, "file": path.name, "damage": dmg, "format": fmt, "dpi": dpi,
                         "pages": npage, "skew": spec.extra.get("skew"), "rotation": spec.extra.get("rotation"),
                         "angles": spec.extra.get("angles", []),
                         "stamp": None if not spec.stamp else {
                             "style": spec.stamp["style"], "ink": spec.stamp["ink"],
                             "handwritten": spec.stamp["handwritten"]}})
        if spec.extra.get("traits"):
            manifest[-1]["traits"] = list(spec.extra["traits"])
        if args.office != "hai-duong":
            manifest[-1]["office"] = args.office
        print(f"{path.name}: {dmg} {fmt} {dpi} dpi, {npage} page(s), {path.stat().st_size // 1024} KB")
    if args.only is None:
        (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
