"""Recipients: the Kính gửi list (above the body), then the Nơi nhận list (bottom left).

Entries lose their leading dash and trailing ``;``/``.``, parenthesised notes such as
"(để báo cáo)" are dropped; "Như trên" (it stands for the Kính gửi list) and "Lưu: VT, …"
(the sender's own file copy) are not recipients; an entry listed twice appears once.
"""

from __future__ import annotations

from congvan.extractors import rx as re
from congvan.extractors.lexicon import restore
from congvan.extractors.orgs import snap_known
from congvan.extractors.signer import CAPS_TAIL
from congvan.extractors.view import Line, View
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import vntext
from congvan.pipeline.core.vntext import canon

_DASH = r"[-–—~+•*_]"
RE_ENTRY = re.compile(rf"^\s*{_DASH}+\s*(?P<e>\S.*)$")
# "Kính pưi:" is OCR's gửi; "Kính gởi" the older spelling; "K ính" a space OCR put in
RE_KINH_GUI = re.compile(r"k\s?[i]nh\s*(?:g[uo]i|[pqys][u]i(?=\s*:))\s*[:;.]?")    # the g misread, with the colon
RE_NOI_NHAN = re.compile(r"n[o]i\s*nh[a]n\s*[:;.]?")
RE_LUU = re.compile(r"^\s*l[uư]u\b")                 # "Lưu: VT, KGVX.", "Lưu VP": the sender's own copy
# "Như trên" (OCR: "Như tên"), "Như Điều 3", "Như thành phần mời", "Như Kính gửi": the list is given elsewhere
RE_NHU_TREN = re.compile(r"^\s*nh[u]\s*(?:t?r?[e]n\b|(?:dieu|khoan|muc|diem)\s*\d|thanh phan\b|kinh gui\b)")
_CAPS_TAIL = re.compile(rf"\s+{CAPS_TAIL}\s*$")


def clean_entry(raw: str) -> str | None:
    s = re.sub(r"\([^)]*\)?", " ", raw)                 # "(để b/c)", a note cut off by the line end
    s = _CAPS_TAIL.sub("", s) if not s.isupper() else s  # the signer column run into the line
    s = s.split(";")[0]
    s = re.sub(r"\s+", " ", s).strip().lstrip("-–—~+•*_ ").rstrip(" ;.,:")
    s = re.sub(r"^[^\p{L}\d]+", "", s)                 # debris before the entry: "= Sở", "Z Sở"
    s = re.sub(r"^[\p{L}]\s+(?=\p{Lu}\p{Ll})", "", s)
    s = re.sub(r"(?<=\p{Ll}{2})\.(?= \p{Ll})", ",", s)   # "các huyện. thị xã": a comma read as a full stop
    f = vntext.fold(s, aligned=True)
    if len(s) < 3 or RE_NHU_TREN.match(f) or RE_LUU.match(f):
        return None
    return snap_known(restore(s))


def _first_part(line: Line) -> str:
    return line.parts[0] if line.parts else line.flat


def _entries_after(lines: list[Line], start: int, first_rest: str, listed: bool = False) -> list[str]:
    """The entries of the list whose label is on line ``start`` (``first_rest``: what follows the
    label there). ``listed``: a Nơi nhận list, which runs to its "Lưu" line; a line without its
    dash between two entries is an entry OCR garbled ("25G NỘI VMP =7"), passed over."""
    out: list[str] = []
    for piece in first_rest.split(";"):               # "Kính gửi: Sở Nội vụ; Sở Tài chính."
        if piece.strip(" :;.-"):
            e = clean_entry(piece)
            if e:
                out.append(e)
    dashed = False
    for k in range(start + 1, len(lines)):
        part = _first_part(lines[k])
        m = RE_ENTRY.match(part)
        dashed = dashed or bool(m)
        if m:
            e = clean_entry(m["e"])
            if e:
                out.append(e)
            elif RE_LUU.match(vntext.fold(m["e"], aligned=True)):
                break
            continue
        if out and part[:1].islower():                  # an entry wrapped onto a second line
            out[-1] = clean_entry(f"{out[-1]} {part}") or out[-1]
            continue
        if not re.search(r"\p{L}{2}", part):            # debris between entries: a seal's letters, "Ạ Ø ¬"
            continue
        if listed and dashed and k + 1 < len(lines) and RE_ENTRY.match(_first_part(lines[k + 1])):
            continue
        break
    return out


def kinh_gui(view: View) -> list[str]:
    """The Kính gửi list, and a Đồng kính gửi list under it (copies sent for information)."""
    page = view.pages[0] if view.pages else []
    for k, ln in enumerate(page[:60]):
        m = RE_KINH_GUI.search(vntext.fold(ln.flat, aligned=True))
        if m and m.start() < 12:
            out = _entries_after(page, k, ln.flat[m.end():])
            for j in range(k + 1, min(len(page), k + 15)):
                f = vntext.fold(page[j].flat, aligned=True)
                also = RE_KINH_GUI.search(f)
                if also and re.match(r"^\W*dong\s*$", f[:also.start()]):
                    out += _entries_after(page, j, page[j].flat[also.end():])
                    break
            return out
    return []


def noi_nhan(view: View) -> list[str]:
    for page in reversed(view.pages):
        for k in range(len(page) - 1, -1, -1):
            ln = page[k]
            part = _first_part(ln)
            m = RE_NOI_NHAN.match(vntext.fold(part, aligned=True).lstrip())
            if m:
                rest = part.lstrip()[m.end():]
                return _entries_after(page, k, "" if rest.isupper() else rest, listed=True)
    return []


def find_recipients(view: View) -> tuple[list[str], float]:
    seen: set[str] = set()
    out: list[str] = []
    for e in [*kinh_gui(view), *noi_nhan(view)]:
        key = canon(e)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out, level.READ_BOUNDED if out else level.ABSENT
