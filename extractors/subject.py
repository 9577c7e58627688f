"""Trích yếu: after ``V/v`` for a công văn (left column, under the number), else the line(s)
under the TÊN LOẠI heading; joined into one line, without the ``V/v``.

A trích yếu is one sentence: its continuation lines start in lower case (or with a digit), or
with a name ("… quản lý, vận hành / Trung tâm điều hành thông minh tỉnh") when the line is no
longer than a trích yếu line and what follows it does not run on in lower case, as a body
paragraph's first line does. It ends before Kính gửi, a rule, the authority line of a decision,
or the body ("Căn cứ …").
"""

from __future__ import annotations

from congvan.extractors import rx as re
from congvan.extractors.dates import THANG
from congvan.extractors.lexicon import restore
from congvan.extractors.numbers import RE_VV_INLINE, heading_type, vv_at
from congvan.extractors.orgs import FOLDED_PLACES
from congvan.extractors.view import Line, View
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import stamp_words, vntext

# what only a body or a header line opens with; and what a body opens with, capitalised: a
# lower-case line is the trích yếu running on ("… thủ tục hành chính / qua dịch vụ bưu chính công ích")
_ALWAYS = (r"can cu", r"kinh g[uo]i", r"noi nhan", r"so:", r"dieu \d")
_CAPITALISED = (r"thuc hien", r"theo de nghi", r"de (?!an\b)", r"nham ", r"trong ", r"ngay \d", r"hien nay",
                r"qua ", r"quyet dinh")
_BODY_START = re.compile(rf"^(?:{'|'.join(_ALWAYS + _CAPITALISED)})")
_BODY_ALWAYS = re.compile(rf"^(?:{'|'.join(_ALWAYS)})")
_DEBRIS = "\"'“(-–—_~ "                                # OCR debris of the rule under the heading


def _body_start(text: str) -> bool:
    f = vntext.fold(text, aligned=True)
    if text[:5].lower() == "nhâm ":                    # a year's name ("Nhâm Dần"), which folds as "Nhằm" does
        return False
    return bool(_BODY_ALWAYS.match(f) or (text[:1].isupper() and _BODY_START.match(f)))


_STAMP_LABELS = [w for w, _ in stamp_words.HANDLING if w != "y kien"] + [stamp_words.NUMBER_LONG]
_STAMPISH = re.compile(rf"^\W*(?:(?:{stamp_words.alternation(_STAMP_LABELS)})\s*:|{stamp_words.TITLE_LONG}\b)")


def _clean(text: str) -> str:
    text = re.sub(r"[_=~—]{2,}.*$", "", text)          # a rule, or stamp debris after it
    text = re.sub(r"\s+", " ", text).strip(" .;:-_")
    return re.sub(r"(?<=\p{Ll}{2})\.(?= \p{Ll})", ",", text)   # "Nâng cấp. vận hành": a comma read as a full stop


def _speck(text: str) -> bool:
    """A line with no word in it (no two letters together: "Z", "'", "Ẻ"): ink debris (a pen
    stroke, a stamp's edge) Tesseract put on a row of its own between the subject's lines."""
    return not re.search(r"\p{L}{2}", text)


def _continues(text: str) -> bool:
    t = text.lstrip(_DEBRIS)
    return bool(t) and (t[0].islower() or t[0].isdigit()) and not _body_start(t)


# the header's other rows, which single-column OCR puts after the V/v lines
_HEADER_ROW = re.compile(rf"doc lap|tu do\s*-|hanh phuc|cong hoa|ng[ ]?a[yу]\W{{0,2}}[ \t]*\S{{0,3}}[ \t.,]*{THANG}|"
                         r"ng[ ]?a[yу]\W{0,2}[ \t]*\d{1,2}[ \t]*[/.-]")
VV_WIDTH = 60          # characters: the left column a công văn's V/v line sits in
HEADING_WIDTH = 80     # characters: a centred trích yếu line under the TÊN LOẠI heading


def _named(text: str, width: int, after: str | None) -> bool:
    """A continuation that starts with a name: short, not capitals, not a body opening, and (under a
    heading, where the body follows with no Kính gửi between) not running on into ``after``."""
    t = text.strip()
    letters = [c for c in t if c.isalpha()]
    if not t or not t[0].isupper() or len(t) > width or t.endswith((".", ";")) or ":" in t:   # "Kính pưi: …"
        return False
    f = vntext.fold(t, aligned=True)
    if sum(c.isupper() for c in letters) > 0.5 * len(letters) or _BODY_START.match(f) or _HEADER_ROW.search(f):
        return False
    if f.strip(" ,.") in FOLDED_PLACES:                  # "Hải Dương," of a place-date line broken in two
        return False
    return after is None or not after.lstrip(_DEBRIS)[:1].islower()


HEADING_LINES = 5      # a trích yếu under the heading is at most this many lines


def _within(text: str) -> bool:
    """A capitalised line between the trích yếu's first line and a body opening ("Ngày 03/01/2025, …",
    "Thực hiện …") found below it: the trích yếu goes on ("… Công ty TNHH" / "MTV Đầu tư, …";
    "… thực hiện 02" / "Chương trình MTQG: …") unless the line is capitals, ends a sentence or is a
    label ("Số và ký hiệu HS:")."""
    t = text.strip()
    letters = [c for c in t if c.isalpha()]
    return (bool(letters) and sum(c.isupper() for c in letters) <= 0.5 * len(letters) and len(t) <= HEADING_WIDTH
            and not t.endswith((".", ";", ":")) and not _HEADER_ROW.search(vntext.fold(t, aligned=True)))


def _vv_subject(view: View) -> tuple[str | None, float]:
    lines = view.header(26)
    for k, ln in enumerate(lines):
        left = ln.text.split("\t")[0]
        m = vv_at(lines, k) or RE_VV_INLINE.search(left)
        if not m:
            continue
        parts = [_clean(left[m.end():])]
        for nxt in lines[k + 1:k + 5]:
            seg = nxt.text.split("\t")[0].strip()
            if _speck(seg):
                continue
            if not (_continues(seg) or _named(seg, VV_WIDTH, None)) or _STAMPISH.search(vntext.fold(seg, aligned=True)):
                break
            parts.append(_clean(seg))
        text = " ".join(p for p in parts if p)
        return (text or None), level.READ if text else level.NONE
    return None, 0.0


def _heading_subject(view: View, doc_type: str | None) -> tuple[str | None, float]:
    _, at, whole = heading_type(view, doc_type)         # a heading partly read: a lower confidence
    if at is None:
        return None, 0.0
    page: list[Line] = view.pages[0]
    parts: list[str] = []
    segs = [max(ln.parts, key=len) if ln.parts else ln.flat for ln in page[at + 1:at + 8]]
    body_at = next((j for j, seg in enumerate(segs[:HEADING_LINES + 1]) if j and _body_start(seg.lstrip(_DEBRIS))),
                   len(segs))
    for j, seg in enumerate(segs[:HEADING_LINES]):
        if parts and _speck(seg):
            continue
        f = vntext.fold(seg, aligned=True)
        if _body_start(seg.lstrip(_DEBRIS)) or _STAMPISH.search(f):
            break
        if not parts and f.startswith("cua "):
            continue                                    # a Party heading's "của Bộ Chính trị" line
        letters = [c for c in seg if c.isalpha()]
        caps = letters and sum(c.isupper() for c in letters) > 0.8 * len(letters)
        if caps and parts:
            break                                       # the authority line of a decision
        after = segs[j + 1] if j + 1 < len(segs) else None
        if parts and not (_continues(seg) or _named(seg, HEADING_WIDTH, after)
                          or (j < body_at < len(segs) and _within(seg))):
            break
        cleaned = _clean(seg.lstrip("-–—_~ ") if parts else seg)
        if not cleaned:
            break
        parts.append(cleaned)
    text = " ".join(parts)
    return (text or None), (level.READ_BOUNDED if whole else level.INFERRED) if text else level.NONE


def find_subject(view: View, doc_type: str | None) -> tuple[str | None, float]:
    got: tuple[str | None, float] = (None, 0.0)
    if doc_type == "Công văn" or doc_type is None:
        got = _vv_subject(view)
    if not got[0]:
        got = _heading_subject(view, doc_type)
    text, conf = got
    if text:
        # "V/v tăng cường …" → "Tăng cường …"; the marks OCR confused in known phrases put back
        text = restore(text[:1].upper() + text[1:])
    return text or None, conf
