"""Cơ quan ban hành: read from the header block, or inferred (with a lower confidence) from what
is left when the header is unreadable: the ký hiệu, the place, the signer block, the authority
line of a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH").

The header (top left) holds one to three caps lines: an optional parent body (not bold) above
the issuer. A line that does not start a new body continues the previous one ("BỘ THÔNG TIN VÀ"
/ "TRUYỀN THÔNG", "ỦY BAN NHÂN DÂN" / "TỈNH HẢI DƯƠNG").
"""

from __future__ import annotations

from congvan.extractors import rx as re
from congvan.extractors.dates import RE_SO_LABEL
from congvan.extractors.lexicon import restore
from congvan.extractors.marks import RE_MARK
from congvan.extractors.numbers import RE_PARTY, RE_STATE, TYPE_BY_ABBR
from congvan.extractors.orgs import (
    FOLDED_ORG_TYPES,
    ISSUER_BY_ABBR,
    case_name,
    expand_abbreviations,
    locality_of,
)
from congvan.extractors.view import View
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import stamp_words, vntext

# Right-column header text that may run into the issuer's line when columns merge.
_QUOC_HIEU = re.compile(r"cong\s*h[oò]a\s*x|doc\s*lap\s*-?|tu\s*do\s*-|hanh\s*phuc|dang\s*cong\s*san\s*viet")
# (but "BAN CHỈ ĐẠO", "CHUYỂN ĐỔI SỐ" of a body's name are no stamp labels)
_IN_NAMES = {"chuyen": "chuyen(?! (?:doi|giao|mon|nganh|de|trach))", "chi dao": "(?<!ban )chi dao"}
_STAMP_WORDS = re.compile(r"\b(?:" + "|".join([stamp_words.TITLE_LONG, stamp_words.TITLE, stamp_words.NUMBER_LONG,
                                               *(_IN_NAMES.get(s, s) for s in stamp_words.STEMS), "luu ho so"])
                          + r")\b"
                          r"|^\W*cong\W*van\W*$")          # the ĐẾN stamp's label, interleaved with the header
# The line under a stamp's receiver: "CÔNG VĂN ĐẾN …", "ĐẾN …", "CÔNG Số: 359" (the label stacked)
_DEN_LABEL = re.compile(r"^\W*(?:cong\W*(?:van\W*)?(?:den\b|so\W*\d)|den\b)")
_CONTINUES = ("VÀ", "CỦA", ",", "-", "&")
_SECOND_SO = re.compile(r"(?<=\S\s+)(?:SỞ|SƠ|SỎ)\s")      # one header line names one body
# Where the issuer block has ended, even when the số/ký hiệu was too garbled to parse ("S6: 1l5 /SYT")
# (a label of up to 4 characters, then the number: "BAN CHỈ ĐẠO 389/ĐP" is still an issuer line)
# (or a ký hiệu's shape anywhere on the line, its digits garbled: "Sóz2⁄⁄6/TB-ĐHĐL")
_BLOCK_END = re.compile(r"^\W*\S{0,4}[ \t]*[:.]?[ \t]*[\dIlO]{1,5}[ \t]*/[ \t]*\p{Lu}{2,}"
                        r"|^\W*(?i:V[ \t]*/[ \t]*[vw]\b|k[iíì]nh\s*g|n[oơ]i\s*nh)"
                        r"|/[ \t]*\p{Lu}{1,5}\p{Ll}?[ \t]*[-–][ \t]*\p{Lu}{2,}")


def starts_body(fw: list[str]) -> bool:
    """Folded words that open a body's name: Sở, Bộ, Ủy ban nhân dân, UBND…"""
    return any(fw[: len(t)] == t for t, _, _ in FOLDED_ORG_TYPES) or fw[:1] in (["ubnd"], ["hdnd"])


def starts_local_government(fw: list[str]) -> bool:
    """Folded words that open a People's Committee's or Council's name (a place's government,
    whose units take only its place: "Phòng Tư pháp huyện …", "Sở Nội vụ tỉnh …")."""
    return fw[:4] in (["uy", "ban", "nhan", "dan"], ["hoi", "dong", "nhan", "dan"]) or fw[:1] in (["ubnd"], ["hdnd"])


def header_lines(view: View) -> list[str]:
    """The caps lines of the issuer block, top-left, above the số/ký hiệu line."""
    found: list[tuple[str, bool]] = []           # (line, whether the stamp's ĐẾN label follows it)
    rows = view.header(12)
    for k, line in enumerate(rows):
        text = line.text
        if RE_STATE.search(text) or RE_PARTY.search(text):
            break
        if _DEN_LABEL.match(vntext.fold(line.flat, aligned=True)):
            continue                                     # the stamp's "CÔNG VĂN ĐẾN Số: 87", not the number
        if RE_SO_LABEL.search(text) or _BLOCK_END.search(text):
            break
        seg = line.parts[0] if len(line.parts) > 1 else line.flat
        f = vntext.fold(seg, aligned=True)
        cut = _QUOC_HIEU.search(f)
        if cut:
            seg = seg[: cut.start()]
        seg = re.sub(r"[_*~—–=\"“”'`|]+", " ", seg).strip(" -.,:;")
        second = _SECOND_SO.search(seg)
        if second and starts_body(vntext.fold(seg[:second.start()], aligned=True).split()):
            seg = seg[:second.start()]                   # a black stamp's "SỞ TT&TT …" run into the line
        letters = [c for c in seg if c.isalpha()]
        if len(letters) < 2 or sum(c.isupper() for c in letters) < 0.75 * len(letters):
            continue
        if _STAMP_WORDS.search(vntext.fold(seg, aligned=True)):
            continue
        if not RE_MARK.sub("", vntext.fold(seg, aligned=True)).strip():
            continue                                     # a boxed HỎA TỐC / MẬT under the issuer
        stamped = k + 1 < len(rows) and bool(_DEN_LABEL.match(vntext.fold(rows[k + 1].flat, aligned=True)))
        found.append((restore(re.sub(r"\s+", " ", seg)), stamped))
    # a line right above the ĐẾN label is the stamp's receiver, unless nothing else names a body
    return [t for t, stamped in found if not stamped] or [t for t, _ in found]


def compose(lines: list[str]) -> tuple[str | None, str | None]:
    """Caps header lines → (issuer caps, parent caps)."""
    units: list[str] = []
    for raw in lines:
        line = expand_abbreviations(raw)
        fw = vntext.fold(line, aligned=True).split()
        joined_prev = units and (units[-1].endswith(_CONTINUES) or units[-1].split()[-1] in _CONTINUES)
        if units and (joined_prev or not starts_body(fw)):
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
    if not units:
        return None, None
    # a body is not the parent of a body of its own kind ("SỞ THÔNG TIN …" over "SỞ NỘI VỤ": a
    # black stamp's receiver read among the header lines): the nearest line above of another kind
    kind = vntext.fold(units[-1], aligned=True).split()[:1]
    parent = next((u for u in reversed(units[:-1]) if vntext.fold(u, aligned=True).split()[:1] != kind), None)
    return units[-1], parent


def full_name(issuer: str, parent: str | None, place: str | None = None) -> str:
    """Issuer caps + parent caps → the full name in running-text case. ``place``: the document's
    place name ("Bắc Ninh, ngày …"), the locality a name ending in its level word ("BỆNH VIỆN ĐA
    KHOA TỈNH") takes when its parent names the place without one ("SỞ Y TẾ BẮC NINH")."""
    issuer = _level_unglued(issuer)
    name = case_name(issuer)
    if parent is None:
        return name
    fw = vntext.fold(issuer, aligned=True).split()
    parent_name = case_name(parent)
    if fw == ["van", "phong"]:
        return f"Văn phòng {parent_name}"
    if locality_of(issuer):
        return name                                  # it names its own place
    if fw[-1:] in (["tinh"], ["huyen"]):             # "CÔNG AN TỈNH" under "UBND TỈNH HẢI DƯƠNG"
        loc = locality_of(parent)
        if loc and " " in loc:
            return f"{name} {loc.split(' ', 1)[1]}"
        pf, at = vntext.fold(parent, aligned=True).split(), vntext.fold(place or "", aligned=True).split()
        return f"{name} {place}" if at and pf[-len(at):] == at else name
    pf = vntext.fold(parent, aligned=True).split()
    if pf[:2] in (["tinh", "uy"], ["huyen", "uy"], ["thanh", "uy"]):
        return f"{name} {parent_name}"               # "Ban Tuyên giáo" + "Tỉnh ủy Hải Dương"
    if fw[:1] == ["phong"] and not starts_local_government(pf):
        return f"{name} {parent_name}"               # a division of its parent: "Phòng …" + "Công an thành phố …"
    loc = locality_of(parent)
    if loc and fw[:1] in (["so"], ["ban"], ["phong"], ["thanh"], ["chi"], ["trung"], ["van"]):
        return f"{name} {loc}"                       # "Sở Nội vụ" + "tỉnh Hải Dương"
    return name


_GLUED_LEVEL = re.compile(r"(?<=\p{Lu}{2})(TỈNH|HUYỆN|QUẬN)\b")


def _level_unglued(caps: str) -> str:
    """A level word OCR glued to the word before it ("ĐA KHOATỈNH"): Vietnamese writes each
    syllable apart, so a capitals word that ends in TỈNH, HUYỆN or QUẬN is two."""
    return _GLUED_LEVEL.sub(r" \1", caps)


def find_issuer(view: View, number: str | None, place: str | None, signer_lines: list[str]) -> tuple[str | None, float]:
    lines = header_lines(view)
    issuer, parent = compose(lines)
    if issuer and len(issuer) >= 4:
        whole = _completed(issuer, number)
        if whole:
            return full_name(whole, parent, place), level.COMPLETED
        return full_name(issuer, parent, place), level.READ if parent or len(lines) == 1 else level.READ_BOUNDED
    return infer_issuer(view, number, place, signer_lines)


def _completed(caps: str, number: str | None) -> str | None:
    """A header name cut short ("SỞ NỘI", its last word under a stamp) that the ký hiệu names in
    full ("…/TB-SNV": Sở Nội vụ): that name, in capitals. Only its last word may be missing: "BAN
    TUYÊN GIÁO" under "TỈNH ỦY …" is whole, its parent in the line above."""
    pattern = ISSUER_BY_ABBR.get(issuer_abbr(number) or "") if number else None
    if not pattern:
        return None
    name = pattern.split("{")[0].strip()
    have, full = vntext.fold(caps, aligned=True).split(), vntext.fold(name, aligned=True).split()
    if len(have) >= 2 and len(full) == len(have) + 1 and full[:len(have)] == have:     # one word lost
        return name.upper()
    return None


_AUTHORITY = re.compile(r"(?:chu tich|giam doc|truong ban|bi thu)\s+(?P<body>uy ban nhan dan|hoi dong nhan dan)"
                        r"\s+(?P<loc>tinh|huyen|thanh pho|thi xa|quan)\s+(?P<name>[a-z\- ]{3,40}?)\s*$", re.M)


def infer_issuer(view: View, number: str | None, place: str | None,
                 signer_lines: list[str]) -> tuple[str | None, float]:
    """The header is gone: the body as the page still names it (a decision's authority line, a
    collective signature's "TM. ỦY BAN NHÂN DÂN" with the place); never more than 0.6 confident."""
    text = "\n".join(ln.flat for ln in view.pages[0]) if view.pages else ""
    m = _AUTHORITY.search(vntext.fold(text, aligned=True))
    if m:
        caps = text[m.start("body"):m.end("name")]
        return case_name(expand_abbreviations(caps.upper())), level.INFERRED
    unit = None
    if place:
        unit = f"tỉnh {place}"
    collective = next((ln for ln in signer_lines if vntext.fold(ln, aligned=True).startswith(("tm.", "t/m"))), None)
    if collective and "uy ban nhan dan" in vntext.fold(collective, aligned=True) and unit:
        return f"Ủy ban nhân dân {unit}", level.DOUBTFUL
    # The ký hiệu's code alone ("…/NĐ-CP") is no issuer on the page: a value not on the page is
    # null (the record contract), and the clerk reads the header the scan lost.
    return None, level.NONE


def issuer_abbr(number: str) -> str | None:
    """``17/2008/CT-TTg`` → ``TTg``; ``2457/UBND-VX`` → ``UBND``; ``99-QĐ/TW`` → ``TW``."""
    if "-" in number.split("/")[0]:
        return number.split("/", 1)[1]
    groups = number.split("/")[-1].split("-")
    return groups[1] if groups[0] in TYPE_BY_ABBR and len(groups) > 1 else groups[0]
