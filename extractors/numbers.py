"""Số/ký hiệu and tên loại (document type): patterns and rules of NĐ 30/2020 and TT 01/2011.

Forms (NĐ 30/2020 Điều 15, Phụ lục I mục II.3, Phụ lục III): state ``25/CT-UBND``, legal-normative with the
year ``04/2015/NĐ-CP``, Party ``99-QĐ/TW``; công văn ``1234/UBND-VP`` (issuer + drafting unit).
Scans show ``Số: 25 /CT-UBND`` (the number typed into a blank), OCR adds ``Sô``/``So``, ``l``
for ``1``, ``Ð`` for ``Đ``, a doubled letter.
"""

from __future__ import annotations

from collections.abc import Container

from congvan.extractors import rx as re
from congvan.extractors.dates import RE_SO_LABEL, place_date_row
from congvan.extractors.view import Line, View
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import vntext

TYPE_BY_ABBR = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định",
    "QĐi": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình",
    "Ctr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo",
    "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ",
    "GN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận", "TTh": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền",
    "UQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu", "GT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "NP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
    "KL": "Kết luận", "CV": "Công văn", "NĐ": "Nghị định", "TTLT": "Thông tư liên tịch", "PL": "Pháp lệnh",
}
# Canonical names (RECORD.md), longest first so "Thông tư liên tịch" wins over "Thông tư".
TYPE_NAMES = sorted({
    "Nghị quyết", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Thông báo", "Hướng dẫn",
    "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Biên bản", "Tờ trình", "Hợp đồng",
    "Công văn", "Công điện", "Bản ghi nhớ", "Bản thỏa thuận", "Giấy ủy quyền", "Giấy mời", "Giấy giới thiệu",
    "Giấy nghỉ phép", "Phiếu gửi", "Phiếu chuyển", "Phiếu báo", "Thư công", "Luật", "Pháp lệnh", "Nghị định",
    "Thông tư", "Thông tư liên tịch", "Kết luận", "Thông tri",
}, key=len, reverse=True)
FOLDED_TYPE = {vntext.fold(name, aligned=True): name for name in TYPE_NAMES}

_TOK = r"(?:[A-ZĐÐ]|8(?=[A-ZĐ]))[A-Za-zĐđÐ0-9&]*"         # "8C": a B read as 8 (_LOOKS_LIKE)
# a digit as OCR may read it: I, l, | for 1; O, o for 0; and a pen's slanted 1 as a fraction
# slash (U+2044, U+2215: "2⁄⁄6" for 2116), which no printed number holds
_DIGITS = r"[0-9Il|Oo\u2044\u2215]"
_NUMBER = rf"(?=[Il|Oo\u2044\u2215]*\d){_DIGITS}{{1,5}}[a-z]?"   # at least one real digit: "1O23", "l52"
# "S6", "Sê", Greek "Sό": the ố misread; the colon read as a letter glued to the digits ("Sóz2116")
_SO = r"(?<![\p{L}\d])S[ốôoóòổồỗộớờởơ0ÓÒÔỐỒỔ6êếềểễỏõọοό](?:\b|[a-z](?=\d))"
RE_PARTY = re.compile(
    rf"{_SO}[ \t]*[:;.,]?[ \t]*(?P<so>{_NUMBER})[ \t]*[-–][ \t]*(?P<loai>{_TOK})[ \t]*/[ \t]*"
    rf"(?P<cq>{_TOK}(?:[ \t]*[-–][ \t]*{_TOK})*)")
RE_STATE = re.compile(
    rf"{_SO}[ \t]*[:;.,]?[ \t]*(?P<so>{_NUMBER})[ \t]*/[ \t]*(?:(?P<nam>(?:19|2[0O])[\dO]{{2}})[ \t]*/[ \t]*)?"
    rf"(?P<kh>{_TOK}(?:[ \t]*[-–][ \t]*{_TOK})*)")
# "V/v" as OCR writes it: "V/V", "VIv", "V|v", "V.v", "W/v", "V/y", "Vv"; and typed "v/v"
RE_VV = re.compile(r"(?m)^[ \t]*(?:[VWv][ \t]*[/|Il1\\.][ \t]*[vVwy]|Vv)(?![\p{L}])[ \t]*[:.]?[ \t]*(?=\S)")
# "Số: 12/UBND-VP V/v góp ý": the V/v run onto the number's line (its plain form only)
RE_VV_INLINE = re.compile(r"(?<=/\S+[ \t]+)V[ \t]*/[ \t]*[vV](?![\p{L}])[ \t]*[:.]?[ \t]*(?=\S)")


def _digits(s: str) -> str:
    return s.translate(str.maketrans("Il|Oo\u2044\u2215", "1110011"))


def _digits_after_digit(group: str) -> str:
    """A unit code's digits as OCR misread them after its first digit ("PV0I" → "PV01", "QH1l"
    → "QH11"): no code has a letter I, l or O after a digit."""
    return re.sub(r"(?<=\d)[IlO]+$", lambda m: _digits(m[0]), group)


# Codes whose Đ an accent-blind OCR writes as D, where the D form is no other code.
D_FOR_DJ = {"QD": "QĐ", "ND": "NĐ", "CD": "CĐ", "QyD": "QyĐ", "QDi": "QĐi", "HDND": "HĐND"}
# and the other way: an echo of the accent-blind fix on a code that has no Đ
DJ_FOR_D = {"UBNĐ": "UBND"}


def fix_group(group: str) -> str:
    """``Ð`` (eth) for ``Đ``; ``QD`` for ``QĐ``; a type code doubled by OCR (``QĐĐ``) back to the code."""
    group = D_FOR_DJ.get(group.replace("Ð", "Đ"), group.replace("Ð", "Đ"))
    if group in TYPE_BY_ABBR:
        return group
    misread = _misread_type(group)
    if misread:
        return misread
    return undoubled(group, TYPE_BY_ABBR) or group


def undoubled(group: str, known: Container[str]) -> str | None:
    """``group`` with the letters OCR echoed taken out, when that is a code of ``known``: one
    letter doubled ("QĐĐ", "HĐĐND"), or every letter struck twice ("QQĐĐ": a typewriter's echo);
    None when no such code is ("ĐĐBQH" is a code of its own)."""
    for i in range(1, len(group)):
        if group[i] == group[i - 1] and group[:i] + group[i + 1:] in known:
            return group[:i] + group[i + 1:]
    single = re.sub(r"(.)\1+", r"\1", group)
    return single if single != group and single in known else None


# what OCR makes of a type code's capitals ("8C" for BC, "TIr" for TTr, "T8" for TB); no type code
# holds a digit, and none an I or l
_LOOKS_LIKE = {"8": "B", "I": "T", "l": "T", "1": "T", "0": "O", "5": "S"}


def _misread_type(group: str) -> str | None:
    """The one type code ``group`` becomes with each look-alike put back (:data:`_LOOKS_LIKE`),
    where it is no code as read; None when none or several."""
    spots = [i for i, ch in enumerate(group) if ch in _LOOKS_LIKE]
    if not spots or len(spots) > 2:
        return None
    mended = "".join(_LOOKS_LIKE.get(ch, ch) if i in spots else ch for i, ch in enumerate(group))
    return mended if mended in TYPE_BY_ABBR else None


def parse_number(text: str) -> tuple[str, str] | None:
    """The first số/ký hiệu in ``text`` as ``(number, "party"|"state")``."""
    got = _parse(text)
    return (got[0], got[1]) if got else None


def _parse(text: str) -> tuple[str, str, bool] | None:
    """:func:`parse_number`, and whether the ký hiệu runs on into other letters with no space
    ("SKHĐT-TIPÔNG": its end glued to a black stamp's CÔNG, so its last letters are unsure)."""
    m = RE_PARTY.search(text)
    s = RE_STATE.search(text)
    if m and (not s or m.start() <= s.start()):
        cq = re.sub(r"[ \t]+", "", m["cq"]).replace("–", "-")
        return f"{_digits(m['so'])}-{fix_group(m['loai'])}/{cq.replace('Ð', 'Đ')}", "party", _glued(text, m.end())
    if s:
        groups = [g for g in re.split(r"[ \t]*[-–][ \t]*", s["kh"]) if g]
        groups[0] = fix_group(groups[0])
        fixed = [_digits_after_digit(D_FOR_DJ.get(g, g).replace("Ð", "Đ")) for g in groups]
        kh = "-".join(DJ_FOR_D.get(g, g) for g in fixed)
        year = f"{_digits(s['nam'])}/" if s["nam"] else ""
        return f"{_digits(s['so'])}/{year}{kh}", "state", _glued(text, s.end())
    return None


def _glued(text: str, end: int) -> bool:
    return end < len(text) and bool(re.match(r"\p{L}", text[end]))


# "- Lưu: VT, TH." names the drafting unit, the last group of a công văn's ký hiệu (NĐ 30 Phụ lục I mục II.3)
RE_LUU_UNITS = re.compile(r"(?m)^[ \t]*[-–]?[ \t]*L[uưú]u[ \t]*[:;.]?[ \t]*VT[ \t]*[,.;][ \t]*(?P<rest>[^\n]*)")


def luu_units(view: View) -> list[str]:
    """The unit codes of the last page's ``Lưu: VT, …`` line (not the drafter's name or initials)."""
    m = RE_LUU_UNITS.search("\n".join(ln.parts[0] if ln.parts else ln.flat for ln in view.last_page()))
    if not m:
        return []
    codes = [c.strip(" .;:") for c in re.split(r"[,;]", m["rest"])]
    # codes are capitals ("TH", "KGVX", "TTr"); "Hùng", "Ng" are the drafter's
    return [c.replace("Ð", "Đ") for c in codes if re.fullmatch(r"[A-ZĐÐ]{2,8}|[A-ZĐÐ]{2,}[a-z]", c)]


def _mend_tail(number: str, units: list[str]) -> str | None:
    """The ký hiệu's glued last group taken from the Lưu line's unit that OCR made it ("TIP" → "TH")."""
    head, _, last = number.rpartition("-")
    if not head or "/" not in head:
        return None
    if last in units:
        return number
    near = [u for u in units if u[0] == last[0] and abs(len(u) - len(last)) <= 2]
    return f"{head}-{near[0]}" if len(near) == 1 else None


RE_BARE_NUMBER = re.compile(
    rf"(?<![\w/.-])(?P<so>\d{{1,5}}[a-z]?)[ \t]*(?:/[ \t]*(?:(?P<nam>(?:19|20)\d\d)[ \t]*/[ \t]*)?(?P<kh>{_TOK}"
    rf"(?:[ \t]*[-–][ \t]*{_TOK})*)|-(?P<loai>{_TOK})/(?P<cq>{_TOK}(?:-{_TOK})*))(?![\w/])")


def find_number(view: View) -> tuple[str | None, str | None, float]:
    """(number, kind, confidence): "Số: …" in the header, then on page 1; then, when OCR lost the
    "Số" label, a number of the standard's shape in the header's left column (lower confidence)."""
    header = "\n".join(ln.text for ln in view.header())
    for zone, conf in ((header, 0.95), ("\n".join(ln.text for ln in view.pages[0]) if view.pages else "", 0.7)):
        got = _parse(zone)
        if got and got[2]:
            mended = _mend_tail(got[0], luu_units(view))
            return (mended, got[1], min(conf, level.MENDED)) if mended else (got[0], got[1], min(conf, level.DOUBTFUL))
        if got:
            return got[0], got[1], conf
    # The số/ký hiệu shares its row with the place-date line (NĐ 30 Phụ lục I, cells 3 and 4): look
    # only there and above, so that a citation in the body is never taken for the document's number.
    rows = view.header(12)
    date_row = place_date_row(view)
    for line in rows[: date_row + 1] if date_row is not None else []:
        m = RE_BARE_NUMBER.search(line.parts[0] if line.parts else line.text)
        if m:
            bare = parse_number(f"Số: {m[0]}")
            if bare:
                return bare[0], bare[1], level.INFERRED
    return None, None, level.NONE


RE_SO_LINE = re.compile(rf"{_SO}[ \t]*[:.]?[ \t]*(?P<rest>[^\t\n]*)")
RE_STATE_CODE = re.compile(rf"{_TOK}(?:-{_TOK})+")


def header_code(view: View) -> str | None:
    """The ký hiệu of the header's Số line ("UBND-KSTTHC" of "Số: /22/UBND- KSTTHC") whatever
    became of its digits: what follows its last slash, a state-form code of at least two groups
    (NĐ 30/2020, Phụ lục I, cell 3)."""
    for line in view.header():
        m = RE_SO_LINE.search(line.text)
        if m is None:
            continue
        rest = re.sub(r"[ \t]*([-/])[ \t]*", r"\1", m["rest"]).strip()
        code = RE_STATE_CODE.fullmatch(rest.rsplit("/", 1)[-1].split(" ")[0]) if "/" in rest else None
        if code:                                # a stamp's "Số: 125" among the header's lines has none
            return code[0].replace("Ð", "Đ")
    return None


def type_from_number(number: str, kind: str) -> str | None:
    if kind == "party":
        loai = number.split("-", 1)[1].split("/")[0]
        return "Thông tri" if loai == "TT" else TYPE_BY_ABBR.get(loai)
    parts = number.split("/")
    first = parts[-1].split("-")[0]
    if first == "TT" and len(parts) == 3:
        return "Thông tư"
    if re.fullmatch(r"QH\d+", first):
        return None                                 # a Luật or a Nghị quyết of the Quốc hội: needs the heading
    return TYPE_BY_ABBR.get(first, "Công văn")      # no type code: issuer + unit → công văn


def _caps_keys(view: View) -> list[tuple[int, str]]:
    """(line index, folded words) of the short capitals parts of page 1's first 40 lines."""
    out = []
    for k, line in enumerate(view.pages[0][:40] if view.pages else []):
        for part in line.parts:
            letters = re.sub(r"[^\p{L} ]+", " ", part).strip()
            if letters and len(letters) <= 30 and sum(c.isupper() for c in letters) >= 0.7 * sum(
                    c.isalpha() for c in letters):
                lettered = re.sub(r"(?<=\p{Lu})l|l(?=\p{Lu})", "I", letters)          # "TỜ TRlNH"
                key = re.sub(r"\s+", " ", vntext.fold(lettered, aligned=True))
                if re.fullmatch(r"\S(?: \S)+", key):             # letter-spaced: "K Ế H O Ạ C H"
                    key = _SPACED.get(key.replace(" ", ""), key)
                out.append((k, key))
    return out


_SPACED = {key.replace(" ", ""): key for key in FOLDED_TYPE}


def heading_type(view: View, expected: str | None = None) -> tuple[str | None, int | None, bool]:
    """A TÊN LOẠI heading line (short, capitals) on page 1 → canonical type, its line index, and
    whether the whole heading was read.

    With the type ``expected`` from the ký hiệu, a capitals line holding only part of its name
    ("BÁO" of a THÔNG BÁO whose first word a stamp covered) is taken for its heading too.
    """
    keys = _caps_keys(view)
    for k, key in keys:
        # a công văn never prints its type; a "CÔNG VĂN" line is the ĐẾN stamp's label
        if key in FOLDED_TYPE and FOLDED_TYPE[key] != "Công văn":
            return FOLDED_TYPE[key], k, True
    if expected is None or expected == "Công văn":
        return None, None, False
    name = f" {vntext.fold(expected, aligned=True)} "
    for k, key in keys:
        if f" {key} " in name and max(len(w) for w in key.split()) >= 3:
            return expected, k, False
    return None, None, False


# "Về việc" written out, where a công văn puts its V/v: the left column's first line under the
# Số line (NĐ 30/2020 Phụ lục I: the trích yếu of a công văn sits under its số, ký hiệu). Under a
# TÊN LOẠI heading ("QUYẾT ĐỊNH" / "Về việc …") it is that document's trích yếu, not a công văn's
RE_VE_VIEC = re.compile(r"^[ \t]*V[ềêe][ \t]+vi[ệêe]c\b[ \t]*[:.]?[ \t]*(?=\S)")


def vv_at(lines: list[Line], k: int) -> re.Match[str] | None:
    """The V/v that opens line ``k``'s left column: "V/v" as OCR writes it, anywhere in the
    header; "Về việc" written out, on the line right under the Số line."""
    left = lines[k].text.split("\t")[0]
    m = RE_VV.search(left)
    if m or k == 0:
        return m
    return RE_VE_VIEC.match(left) if RE_SO_LABEL.search(lines[k - 1].text) else None


def has_vv(view: View) -> bool:
    rows = view.header(24)
    return any(vv_at(rows, k) for k in range(len(rows)))


def find_type(view: View, number: str | None, kind: str | None) -> tuple[str | None, float]:
    """Strongest evidence first: a V/v line (công văn), the printed heading, the ký hiệu."""
    if has_vv(view):
        return "Công văn", level.PRINTED
    heading, _, _ = heading_type(view)
    if heading:
        return heading, level.PRINTED
    if number and kind:
        t = type_from_number(number, kind)
        if t:
            return t, level.READ_PLAIN if t != "Công văn" else level.INFERRED
    return None, level.NONE
