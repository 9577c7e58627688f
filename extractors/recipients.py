"""Recipients: the Kính gửi list (above the body), then the Nơi nhận list (bottom left).

Entries lose their leading dash and trailing ``;``/``.``, parenthesised notes such as
"(để báo cáo)" are dropped; "Như trên" (it stands for the Kính gửi list) and "Lưu: VT, …"
(the sender's own file copy) are not recipients; an entry listed twice appears once.
"""

from __future__ import annotations

from congvan.extractors import rx as re
from congvan.extractors.lexicon import restore
from congvan.extractors.numbers import vv_at
from congvan.extractors.orgs import snap_known
from congvan.extractors.signer import CAPS_TAIL
from congvan.extractors.view import Line, View, noi_nhan_row
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import vntext
from congvan.pipeline.core.vntext import canon

_DASH = r"[-–—~+•*_]"
# a speck OCR read before the dash (".- CVP, PVP") is no part of the entry
RE_ENTRY = re.compile(rf"^\s*[.,'`·]?\s*{_DASH}+\s*(?P<e>\S.*)$")
# "Kính pưi:" is OCR's gửi; "Kính gởi" the older spelling; "K ính" a space OCR put in
RE_KINH_GUI = re.compile(r"k\s?[i]nh\s*(?:g[uo]i|[pqys][u]i(?=\s*:))\s*[:;.]?")    # the g misread, with the colon
RE_LUU = re.compile(r"^\s*l[uư]u\b")                 # "Lưu: VT, KGVX.", "Lưu VP": the sender's own copy
# "Như trên" (OCR: "Như tên"), "Như Điều 3", "Như thành phần mời", "Như Kính gửi": the list is given elsewhere
RE_NHU_TREN = re.compile(r"^\s*nh[u]\s*(?:t?r?[e]n\b|(?:dieu|khoan|muc|diem)\s*\d|thanh phan\b|kinh gui\b)")
_CAPS_TAIL = re.compile(rf"\s+{CAPS_TAIL}\s*$")


def clean_entry(raw: str) -> str | None:
    s = re.sub(r"\([^)]*\)?", " ", raw)                 # "(để b/c)", a note cut off by the line end
    s = _CAPS_TAIL.sub("", s) if not s.isupper() else s  # the signer column run into the line
    s = s.split(";")[0]
    s = re.sub(r"\s+([,;:])", r"\1", re.sub(r"\s+", " ", s)).strip().lstrip("-–—~+•*_ ").rstrip(" ;.,:")
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
    dash between two entries continues the item above when it reads as words (one dash item may
    span lines and hold several bodies: "- Các Công ty: CP Môi trường …;" / "Điện lực …;"), else
    it is an entry OCR garbled ("25G NỘI VMP =7"), passed over."""
    out: list[str] = []
    for piece in first_rest.split(";"):               # "Kính gửi: Sở Nội vụ; Sở Tài chính."
        if piece.strip(" :;.-"):
            e = clean_entry(piece)
            if e:
                out.append(e)
    dashed = False
    item: list[str] = []                               # the current dash item's pieces, as read
    for k in range(start + 1, len(lines)):
        part = _first_part(lines[k])
        m = RE_ENTRY.match(part)
        dashed = dashed or bool(m)
        if m:
            e = clean_entry(m["e"])
            item = [m["e"]] if e else []
            if e:
                out.append(e)
                out += _more_on_the_line(m["e"])
            elif RE_LUU.match(vntext.fold(m["e"], aligned=True)):
                break
            continue
        if out and (part[:1].islower() or (item and listed and dashed and _wrapped(lines, k))):
            item = item or [out[-1]]                   # an entry wrapped onto the next line
            if item[-1].rstrip().endswith(";"):
                item.append(part)
            else:
                item[-1] = f"{item[-1]} {part}"
            out[-1] = "; ".join(e for e in map(clean_entry, item) if e) or out[-1]
            continue
        if out and not dashed and not listed and _parallel(out[0], part):
            e = clean_entry(part)                      # "Kính gửi: Cổng … Quốc gia" / "Cổng … Sở Y tế"
            if e:
                out.append(e)
                continue
        if not re.search(r"\p{L}{2}", part):            # debris between entries: a seal's letters, "Ạ Ø ¬"
            continue
        if listed and dashed and k + 1 < len(lines) and RE_ENTRY.match(_first_part(lines[k + 1])):
            continue
        break
    return out


def _more_on_the_line(entry: str) -> list[str]:
    """The other bodies of a dash line that names several, each closed by its ";" ("- TT Tỉnh
    ủy; TT HĐND tỉnh;"): a piece after a ";" that opens with a capital is an entry of its own. A
    lower-case one is the rest of a phrase OCR cut, and one all in capitals the signer's column
    run into the line ("THỨ TRƯỞNG"): left out."""
    out = []
    for piece in re.sub(r"\([^)]*\)?", " ", entry).split(";")[1:]:
        piece = piece.strip()
        if piece[:1].isupper() and not piece.isupper():
            e = clean_entry(piece)
            if e:
                out.append(e)
    return out


_ENTRY_LONGEST = 70         # characters: a line longer is the body's running text, not an entry


def _parallel(first: str, part: str) -> bool:
    """An undashed line under a Kính gửi entry that names a body of the same kind (its first word
    is the entry's: "Cổng thông tin điện tử …" twice), short, not a lead-in to a list (":")."""
    head = vntext.fold(first.split()[0], aligned=True) if first.split() else ""
    words = part.split()
    return (bool(words) and vntext.fold(words[0], aligned=True) == head and len(part) <= _ENTRY_LONGEST
            and not part.rstrip().endswith(":"))


_WORDS_SHARE = 0.75          # of a line's visible characters that are letters, for it to be words
_LIST_GOES_ON = 8            # lines within which a dashed entry must follow a line that continues an item


def _wrapped(lines: list[Line], k: int) -> bool:
    """Line ``k`` of a Nơi nhận list, without a dash, is the rest of the item above: it reads as
    words (mostly letters, some lower case) and the list goes on below it (a dashed entry follows)."""
    part = _first_part(lines[k])
    visible = [c for c in part if not c.isspace()]
    words = sum(c.isalpha() for c in visible) >= _WORDS_SHARE * len(visible) and re.search(r"\p{Ll}", part)
    return bool(words) and any(RE_ENTRY.match(_first_part(ln)) for ln in lines[k + 1:k + 1 + _LIST_GOES_ON])


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
    return _unlabelled_kinh_gui(view)


_AFTER_VV = 6          # lines after the V/v line within which its Kính gửi list starts


def _unlabelled_kinh_gui(view: View) -> list[str]:
    """A công văn's Kính gửi list whose label is lost (under a stamp, a seal): NĐ 30/2020 Phụ lục I
    puts it between the trích yếu and the body, one short dash entry a line, each closed by ";",
    the last by ".". Taken only in that shape, right under the V/v lines, before any other line
    the list cannot hold: a body paragraph that opens with a dash is long and does not close so."""
    rows = view.header(24)
    at = next((k for k in range(len(rows)) if vv_at(rows, k)), None)
    if at is None:
        return []
    out: list[str] = []
    for j in range(at + 1, len(rows)):
        ln = rows[j]
        part = next((p for p in (ln.parts or [ln.flat]) if RE_ENTRY.match(p)), None)
        m = RE_ENTRY.match(part) if part else None
        if part is None or m is None:
            if out or j - at >= _AFTER_VV:
                break
            continue                                  # the trích yếu's next line, a stamp's debris
        closed = part.rstrip(" „\"'”").rstrip()
        if len(part) > _ENTRY_LONGEST or not closed.endswith((";", ".")):
            break
        e = clean_entry(m["e"])
        if e:
            out.append(e)
        if closed.endswith("."):
            break
    return out


def noi_nhan(view: View) -> list[str]:
    """The Nơi nhận list of the main text: on its closing page (:meth:`View.closing_page`), not an
    annex's or an attached draft's further on."""
    at = view.closing_page()
    page = view.pages[at] if at is not None else []
    for k, ln in enumerate(page):
        m = noi_nhan_row(page, k)
        if m:
            rest = _first_part(ln).lstrip()[m.end():]
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
