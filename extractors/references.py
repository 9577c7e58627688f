"""Documents cited in the text (``Căn cứ …``, ``Thực hiện …``): number, type, date, issuer.

"Chỉ thị số 17/2008/CT-TTg ngày 05 tháng 6 năm 2008 của Thủ tướng Chính phủ", "Quyết định số
99-QĐ/TW ngày 03 tháng 10 năm 2017 của Ban Chấp hành Trung ương", "Nghị quyết số 01a/NQ-HĐND",
Party dates "01-10-1997". The type is the word before the number, else the ký hiệu's; the
issuer is what follows "của", when it is written. The document's own number is not a citation.
"""

from __future__ import annotations

from datetime import date

from rapidfuzz.distance import Levenshtein

from congvan.extractors import rx as re
from congvan.extractors.dates import NAM, THANG, make_date, ocr_int, parse_long_date
from congvan.extractors.numbers import D_FOR_DJ, DJ_FOR_D, TYPE_NAMES, fix_group, type_from_number, undoubled
from congvan.extractors.orgs import ISSUER_BY_ABBR, KNOWN_NAMES, PROVINCES, case_name, expand_abbreviations, snap_place
from congvan.extractors.view import View
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import vntext

_TOK = r"[A-ZĐÐ][A-Za-zĐđÐÑ0-9&]*"            # Ð (eth) and Ñ: what OCR makes of Đ and of an N's echo
_N = r"(?=[0-9OoIl]{0,5}\d)[0-9OoIl]{1,6}"            # a number OCR may have written with O/o/I/l
RE_NUM = re.compile(
    rf"(?<![\w/.-])(?P<num>{_N}[a-z]?(?:/(?:19|20)\d{{2}})?/{_TOK}(?:[-–]{_TOK})*"
    rf"|{_N}[a-z]?-{_TOK}/{_TOK}(?:[-–]{_TOK})*)(?![\w/])")
_LOAI = sorted([vntext.fold(t, aligned=True) for t in TYPE_NAMES] + ["van ban"], key=len, reverse=True)
RE_LOAI = re.compile(r"\b(?P<loai>" + "|".join(re.escape(t) for t in _LOAI) + r")\b")
# (folded text; OCR's o/i/l for digits: "ngày l0/12/2O23")
RE_AFTER_DATE = re.compile(
    r"^[\s,]*ngay\s+(?=[0-9oil]{0,3}\d)(?:(?P<d>[0-9oil]{1,2})\s*(?P<sep>[/.-])\s*(?P<m>[0-9oil]{1,2})\s*(?P=sep)\s*"
    r"(?P<y>(?:19|2[0o])?[0-9oil]{2})(?![0-9oil])"
    rf"|(?P<long>[0-9oil]{{1,2}}\s*{THANG}\s*[0-9oil]{{1,2}}\s*{NAM}\s*[0-9oil]{{4}}))")
_BODIES = sorted({vntext.fold(n, aligned=True): n for n in [*KNOWN_NAMES, "Ban Thường vụ Tỉnh ủy",
                                                               "Ban Thường vụ Huyện ủy",
                                          "Ủy ban nhân dân", "Hội đồng nhân dân", "Tỉnh ủy", "Huyện ủy"]}.items(),
                 key=lambda kv: len(kv[0]), reverse=True)
_LOCALITY = re.compile(r"^\s+(?P<loc>tinh|huyen|thanh pho|thi xa)\b")
_PLACE_NAME = re.compile(r"^(?:\s+(?:-\s+)?[\p{Lu}][\p{Ll}]*){1,4}")
_FOLDED_PROVINCES = {vntext.fold(p, aligned=True) for p in PROVINCES}
_SOURCE_NUMBER = re.compile(r"(?:^|\s)s[o]\s*:\s*$")
# "… tại Chỉ thị Số: 16/CT-TTg": a "Số:" a type name stands right before cites that document
_NAMED_BEFORE = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in _LOAI) + r")\s+s[o]\s*:\s*$")


def _fix_token(tok: str) -> str:
    """``QHI2`` → ``QH12``: an l/I among a group's trailing digits is a 1."""
    m = re.fullmatch(r"([A-ZĐ]+?)([0-9Il]*[0-9][0-9Il]*)", tok)
    return m[1] + m[2].translate(str.maketrans("Il", "11")) if m else tok


def normalise_number(num: str) -> str:
    """OCR's spelling of a cited number put right: ``O5`` → ``05``; ``QĐÐ``/``NÑQ`` (a letter
    echoed) → ``QĐ``/``NQ``; ``QD`` → ``QĐ``; ``QHI2`` → ``QH12``."""
    num = num.replace("–", "-").replace("Ð", "Đ").replace("Ñ", "N")
    lead = re.match(r"[0-9OoIl]+", num)
    if lead:                                       # "O5/2014/CT-UBND" → "05/2014/CT-UBND"
        num = lead[0].translate(str.maketrans("OoIl", "0011")) + num[lead.end():]
    head, _, tail = num.rpartition("/")
    if not head:
        return num
    groups = tail.split("-")
    party = re.fullmatch(r"(\d+[a-z]?)-([^/]+)", head)
    if party:                                      # "99-QĐĐ/TW": the type sits before the slash
        return f"{party[1]}-{fix_group(party[2])}/{'-'.join(map(_fix_group_token, groups))}"
    first = fix_group(groups[0])                   # the type code when there is one ("NÑQ" → "NQ")
    if first == groups[0]:
        first = _undoubled(DJ_FOR_D.get(first, _fix_token(first)))
    return f"{head}/{'-'.join([first, *map(_fix_group_token, groups[1:])])}"


def _fix_group_token(tok: str) -> str:
    fixed = D_FOR_DJ.get(tok, _fix_token(tok))
    fixed = DJ_FOR_D.get(fixed.replace("Ð", "Đ"), fixed)
    return fixed if fixed in ISSUER_BY_ABBR else _undoubled(fixed)


def _undoubled(group: str) -> str:
    """A body's code with a letter echoed by OCR (``HĐĐND``) back to the code (``HĐND``)."""
    return undoubled(group, ISSUER_BY_ABBR) or group


def _years_together(text: str) -> str:
    """``25/201 1/NĐ-CP``: OCR split a year inside a number; ``số 1234 /BTTTT``: a space before the slash."""
    def join(m: re.Match[str]) -> str:
        year = m[1] + m[2]
        return year if len(year) == 4 and year[:2] in ("19", "20") else m[0]
    return RE_SPLIT_YEAR.sub(join, RE_SPACED_SLASH.sub(r"\1/", text))


RE_SPLIT_YEAR = re.compile(r"(?<=\d[a-z]?/)(\d{1,3}) (\d{1,3})(?=/)")
# "số 1234 /BTTTT-CATTT": the number typed into the blank of a form, as on the document's own line
RE_SPACED_SLASH = re.compile(r"(?<=\b[Ss][ốôo][ \t]{1,3})(\d{1,6}[a-z]?)[ \t]+/[ \t]*(?=[A-ZĐ\d])")


# the issuer as written after "của": capitalised words, "và", a locality word, an abbreviation
_ISSUER_WORDS = re.compile(r"(?:(?:[\p{Lu}][\p{Ll}]*|[\p{Lu}&\-]{2,}|và|tỉnh|huyện|thành phố|thị xã)"
                           r"(?:\s+|$)){1,9}")
_LOOSE_END = re.compile(r"(?:\s+(?:và|tỉnh|huyện|thành phố|thị xã))+$")


_HOLDER = re.compile(r"^(?:pho\s+)?(?:chu tich|bo truong|thu truong|giam doc|chanh van phong|truong ban|bi thu)\s+")


def _issuer_at(original: str, fold: str, pos: int) -> str | None:
    """The body after "của": a known one (with its locality), else the capitalised words in running case."""
    m = re.match(r"[\s,]*cua\s+", fold[pos:])
    if not m:
        return None
    return _body(expand_abbreviations(original[pos + m.end():pos + m.end() + 90]).replace("\n", " "))


def _body(seg: str) -> str | None:
    fseg = vntext.fold(seg, aligned=True)
    holder = _HOLDER.match(fseg)
    if holder:                                      # "của Chủ tịch UBND tỉnh Hải Dương"
        body = _body(seg[holder.end():])
        title = re.sub(r"\s+", " ", seg[:holder.end()].strip().lower())
        return f"{title[:1].upper()}{title[1:]} {body}" if body else None
    for key, name in _BODIES:
        if fseg.startswith(key) and (len(fseg) == len(key) or not fseg[len(key)].isalnum()):
            end = len(key)
            loc = _LOCALITY.match(fseg[end:end + 20])
            if not loc:
                return name
            unit = seg[end:end + loc.end()].strip().lower()
            place_m = _PLACE_NAME.match(seg[end + loc.end():end + loc.end() + 60])
            place = place_m[0].strip() if place_m else ""
            if vntext.fold(place, aligned=True) in _FOLDED_PROVINCES:
                return f"{name} {unit} {snap_place(place)}"
            return f"{name} {unit}" if key in ("uy ban nhan dan", "hoi dong nhan dan") else name
    words = _ISSUER_WORDS.match(seg)
    text = _LOOSE_END.sub("", words[0].strip()) if words else ""
    if not text or not text[0].isupper():
        return None
    return case_name(text.upper())


# the issuer's part of the ký hiệu is fixed for these bodies (NĐ 30 Phụ lục III; Party rules)
ISSUER_CODES = {"Thủ tướng Chính phủ": "TTg", "Chính phủ": "CP", "Bộ Thông tin và Truyền thông": "BTTTT",
                "Ban Chấp hành Trung ương": "TW", "Bộ Chính trị": "TW", "Ban Bí thư": "TW"}


def code_of_issuer(num: str, issuer: str | None) -> str:
    """A cited number whose last group is one letter off the code of the issuer written after it
    ("17/2008/CT-TTE … của Thủ tướng Chính phủ") with that code ("CT-TTg")."""
    code = ISSUER_CODES.get(issuer or "")
    head, sep, last = num.rpartition("-") if "-" in num.rpartition("/")[2] else num.rpartition("/")
    if code is None or not sep or last == code:
        return num
    return head + sep + code if Levenshtein.distance(last.lower(), code.lower()) <= 1 else num


# A ký hiệu broken where the line ends ("Báo cáo số 312/BC-" / "STP ngày …") or where OCR saw a gap
# after its hyphen ("185/TB- VPCP"): the next token is its last group when it is a code (two
# capitals at least: "STP", "TTg", "SGDĐT"), never a word of the sentence ("Sở", "ngày").
RE_CUT_CODE = re.compile(r"(?<=\d[a-z]?/(?:[A-ZĐ][A-Za-zĐđ0-9&]*[-–])+)[ \t]*\n?[ \t]*(?:[-–][ \t]*)?"
                         r"(?=(?=[A-Za-zĐđ0-9&]*[A-ZĐ][A-Za-zĐđ0-9&]*[A-ZĐ])[A-ZĐ][A-Za-zĐđ0-9&]*(?![\w]))")


# OCR's gaps inside a number: "08- QĐ/TW" (after a Party number's hyphen), "5959//QĐ-BVT" (a slash echoed)
RE_PARTY_GAP = re.compile(r"(?<=(?<![\w/])\d{1,6}[a-z]?-)[ \t]+(?=[A-ZĐ]{2,}/)")
RE_DOUBLE_SLASH = re.compile(r"(?<=\d[a-z]?)/{2,}(?=[A-ZĐ])")


def joined_codes(text: str) -> str:
    """A cited number put back together across a line break, an OCR gap after a hyphen, an echoed slash."""
    return RE_DOUBLE_SLASH.sub("/", RE_PARTY_GAP.sub("", RE_CUT_CODE.sub("", text)))


HEADER_CHARS = 250          # of the text: the issuer and Quốc hiệu lines, then the own number line


def _own_in_part(num: str, own: str) -> bool:
    """``num`` is the document's own number with its first digits lost (the number line's pen
    digits read as symbols: "2⁄⁄6/TB-ĐHĐL" gives "6/TB-ĐHĐL" beside the whole 2116/TB-ĐHĐL)."""
    digits, _, code = num.partition("/")
    own_digits, _, own_code = own.partition("/")
    return bool(code) and code == own_code and own_digits != digits and own_digits.endswith(digits)


def find_references(view: View, own_number: str | None) -> tuple[list[dict[str, str | None]], float]:
    pages = ["\n".join(ln.flat for ln in page) for page in view.main_pages()]
    text = _years_together(re.sub(r"\s*\n\s*", " ", joined_codes("\n".join(pages))))
    fold = vntext.fold(text, aligned=True)
    refs: list[dict[str, str | None]] = []
    seen: set[str] = set()
    for m in RE_NUM.finditer(text):
        num = normalise_number(m["num"])
        if own_number and (num == own_number or (m.start() < HEADER_CHARS and _own_in_part(num, own_number))):
            continue
        back = fold[max(0, m.start() - 90):m.start()]
        if _SOURCE_NUMBER.search(back[-8:]) and not _NAMED_BEFORE.search(back):
            continue                                     # "Số: 25/CT-UBND", the document's own line
        loai = None
        for lm in RE_LOAI.finditer(back):
            between = back[lm.end():]
            if len(between) <= 60 and not re.search(r"[;:]|\.\s", between):
                loai = lm["loai"]
        kind = "party" if re.match(r"\d+[a-z]?-", num) else "state"
        ref_type = (next((t for t in TYPE_NAMES if vntext.fold(t, aligned=True) == loai), None)
                    if loai and loai != "van ban" else None)
        if ref_type is None:
            ref_type = type_from_number(num, kind)
            if ref_type == "Công văn" and loai != "van ban" and not loai:
                ref_type = None                          # a bare number: do not guess its type
        d, end = _date_after(fold, m.end())
        issuer = _issuer_at(text, fold, end)
        num = code_of_issuer(num, issuer)
        found = {"number": num, "type": ref_type, "date": d.isoformat() if d else None, "issuer": issuer}
        if num in seen:                                  # cited again: fill what the first mention lacked
            first = next(r for r in refs if r["number"] == num)
            for key in ("type", "date", "issuer"):
                first[key] = first[key] or found[key]
            continue
        seen.add(num)
        refs.append(found)
    refs = _one_reading(_whole(_with_dj(refs, own_number)))
    return refs, level.READ_BOUNDED if refs else level.DOUBTFUL


def _date_after(fold: str, end: int) -> tuple[date | None, int]:
    """The date written after a citation ending at ``end`` of the folded text ("…, ngày 07/12/2011",
    "ngày 5 tháng 6 năm 2008"), and where it ends (``end`` when there is none)."""
    dm = RE_AFTER_DATE.match(fold[end:end + 45])
    if not dm:
        return None, end
    if dm["long"]:
        d, _ = parse_long_date("ngay " + dm["long"])
    else:
        y = ocr_int(dm["y"]) or 0
        y = y + (2000 if y < 50 else 1900) if y < 100 else y
        d = make_date(y, ocr_int(dm["m"]), ocr_int(dm["d"]))
    return d, end + dm.end()


def cited_own_number(view: View, code: str, day: date) -> str | None:
    """The document's number when its header lost the digits (written by pen, not read) but a
    later document scanned into the same file (:meth:`View.main_end`: a forwarding letter, a
    reply) cites it: a citation with the header's ký hiệu ``code`` dated the document's ``day``
    is this document, for an issuer numbers its documents once a year and in order
    (NĐ 30/2020, Điều 15). None when no such citation, or two that disagree."""
    later = view.pages[view.main_end():]
    text = _years_together(re.sub(r"\s*\n\s*", " ", joined_codes("\n".join(ln.flat for page in later for ln in page))))
    fold = vntext.fold(text, aligned=True)
    key = vntext.fold(code, aligned=True)
    found = set()
    for m in RE_NUM.finditer(text):
        num = normalise_number(m["num"])
        if vntext.fold(num.rsplit("/", 1)[-1], aligned=True) == key and _date_after(fold, m.end())[0] == day:
            found.add(num)
    return found.pop() if len(found) == 1 else None


def _with_dj(refs: list[dict[str, str | None]], own_number: str | None) -> list[dict[str, str | None]]:
    """A ký hiệu group OCR read with D where the same code stands with Đ in the document's own
    number or another citation ("2033/KH-DHĐL" beside "2164/TB-ĐHĐL") takes the Đ: one issuer,
    one code."""
    known = {g for n in [own_number or "", *(str(r["number"]) for r in refs)] for g in re.split(r"[-/]", n)
             if "Đ" in g}
    by_fold: dict[str, str] = {}
    for g in sorted(known, key=lambda g: g.count("Đ")):
        by_fold[vntext.fold(g, aligned=True)] = g               # the form with the most Đ wins

    def group(g: str) -> str:
        other = by_fold.get(vntext.fold(g, aligned=True), g)
        return other if other.count("Đ") > g.count("Đ") else g

    def mend(num: str) -> str:
        return re.sub(r"[^-/]+", lambda m: group(m[0]), num)
    out: list[dict[str, str | None]] = []
    for r in refs:
        num = mend(str(r["number"]))
        if num != r["number"] and any(o["number"] == num for o in out):
            continue
        out.append({**r, "number": num})
    return out


def _whole(refs: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    """Citations cut at a line's end ("27/2017/NQ" where "27/2017/NQ-HĐND" is cited too) left
    out: the same document, its last groups on the next line."""
    numbers = [str(r["number"]) for r in refs]
    return [r for r in refs if not any(n != r["number"] and n.startswith(f"{r['number']}-") for n in numbers)]


def _one_reading(refs: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    """Two readings of one citation ("1899/SGDĐT-CTrTT" with its date, "1899/SGDĐT-CTTTT" again
    later) kept once: the same number and issuer's code, the rest one letter apart. An issuer
    numbers its documents once a year (NĐ 30/2020, Điều 15), so that is one document read twice.
    The spelling whose groups the other citations also use stands ("BGTVT", not "BGTYVT"), then the
    first; what either reading says of type, date and issuer is kept."""
    groups = [g for r in refs for g in re.split(r"[-/]", str(r["number"]))]
    out: list[dict[str, str | None]] = []
    for r in refs:
        twin = next((o for o in out if _twins(str(o["number"]), str(r["number"]))), None)
        if twin is None:
            out.append(r)
            continue
        seen = [sum(groups.count(g) for g in re.split(r"[-/]", str(x["number"]))) for x in (twin, r)]
        number = r["number"] if seen[1] > seen[0] else twin["number"]
        out[out.index(twin)] = {k: (twin[k] or r[k]) if k != "number" else number for k in twin}
    return out


def _twins(a: str, b: str) -> bool:
    ga, gb = re.split(r"([-/])", a), re.split(r"([-/])", b)
    if len(ga) != len(gb) or len(ga) < 5 or ga[:3] != gb[:3]:
        return False                         # not the same number and first code
    return Levenshtein.distance("".join(ga[3:]), "".join(gb[3:])) == 1
