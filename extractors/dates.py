"""Dates and the place-date line (địa danh, ngày … tháng … năm …), lenient with OCR.

OCR reads 0 as O/o/Ø/D, 1 as I/l/|/Ì/Í/!, drops leading zeros, splits "ngày" into "ng ày",
uses a Cyrillic "у". Ranges are checked (day 1–31, month 1–12, year 1945–2100) and impossible
dates are refused rather than guessed.
"""

from __future__ import annotations

from datetime import date

from congvan.extractors import rx as re
from congvan.extractors.orgs import known_place
from congvan.extractors.view import View
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import vntext

_OCR_DIGITS = str.maketrans("OoØøDQIl|ÌÍ!i][tTZzSB", "000000111111111112258")
# in folded (lower-case, accent-free) text; a leading "T" is a 1 in serif fonts ("T7" for 17)
D = r"(?:[0-9oil|!\]\[]|t(?=[0-9oil]))[0-9oil|!\]\[]?"
Y = r"[12il](?:[ ]?[0-9oil\]]){3}"                 # a year OCR split in two: "năm 20 23"
# "tháng", "năm" folded, with OCR's rn for m and ri for n ("nărn", "thárig")
THANG = r"th[ ]?a(?:[nm]|ri|rn)g"
NAM = r"n[ ]?a(?:[mn]|rn)"
# folded text: "ngay 05 thang 01 nam 2020" with OCR slips in the keywords
RE_NGAY_THANG = re.compile(
    rf"ng[ ]?a[yу]\W{{0,2}}[ \t]*(?P<d>{D})[ \t.,]*{THANG}[ \t.,]*(?P<m>{D})[ \t.,]*{NAM}[ \t.,]*(?P<y>{Y})",
    re.IGNORECASE)
RE_NUMERIC = re.compile(r"(?<![\d/])(?P<d>\d{1,2})[ \t]*(?P<sep>[/.-])[ \t]*(?P<m>\d{1,2})[ \t]*(?P=sep)[ \t]*"
                        r"(?P<y>(?:19|20)?\d{2})(?![\d/])")
# "31 tháng 5 năm 2021" whose "…, ngày" a stamp or a smudge took away
RE_THANG_NAM = re.compile(rf"(?<![0-9a-z])(?P<d>{D})[ \t.,]*{THANG}[ \t.,]*(?P<m>{D})[ \t.,]*{NAM}[ \t.,]*"
                          rf"(?P<y>{Y})")
# the place-date line's shape, digits unread or not: "…, ngày 0] tháng ồ năm 2022"
RE_LOOSE = re.compile(rf"ng[ ]?a[yу]\W{{0,2}}[ \t]*\S{{0,3}}[ \t.,]*{THANG}[ \t.,]*\S{{0,3}}[ \t.,]*{NAM}(?![a-z])")
# "Hải Dương, ngày 15/3/2024": not the standard's form, but written
RE_NGAY_NUMERIC = re.compile(r"ng[ ]?a[yу]\W{0,2}[ \t]*(?P<d>\d{1,2})[ \t]*(?P<sep>[/.-])[ \t]*(?P<m>\d{1,2})[ \t]*"
                             r"(?P=sep)[ \t]*(?P<y>(?:19|20)\d{2})(?![\d/])")
_BODY_ROW = re.compile(r"^\W*(?:kinh g[uo]i|can cu|thuc hien|quyet dinh|chi thi|ke hoach|thong bao|"
                       r"huong dan|bao cao|to trinh|giay moi|nghi quyet|cong dien|theo|de |nham|dieu \d)\b")


def ocr_int(s: str) -> int | None:
    try:
        return int(s.replace(" ", "").translate(_OCR_DIGITS))
    except ValueError:
        return None


def make_date(y: int | None, m: int | None, d: int | None) -> date | None:
    if y is None or m is None or d is None or not 1945 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_long_date(text: str) -> tuple[date | None, re.Match[str] | None]:
    """First ``ngày D tháng M năm Y`` in ``text`` (any case, with or without diacritics)."""
    m = RE_NGAY_THANG.search(vntext.fold(text, aligned=True))
    if not m:
        return None, None
    return make_date(ocr_int(m["y"]), ocr_int(m["m"]), ocr_int(m["d"])), m


def parse_numeric_date(text: str, century_hint: date | None = None) -> date | None:
    m = RE_NUMERIC.search(text)
    if not m:
        return None
    y = int(m["y"])
    if y < 100:
        y = expand_year(y, century_hint)
    return make_date(y, int(m["m"]), int(m["d"]))


def expand_year(yy: int, not_before: date | None = None, today: date | None = None) -> int:
    """Two-digit year of a stamp or a body date: the arrival cannot precede the document."""
    if not_before is not None:
        for y in (1900 + yy, 2000 + yy, 2100 + yy):
            if y >= not_before.year:
                return y
    return 2000 + yy if 2000 + yy <= (today or date.today()).year + 1 else 1900 + yy


_PLACE_WORD = r"[\p{Lu}][\p{Ll}\p{Lu}]*"
RE_PLACE = re.compile(
    rf"(?P<place>(?:(?:TP|Tp)(?:\.[ \t]*|[ \t]+)|Thành phố[ \t]+)?"
    rf"{_PLACE_WORD}(?:[ \t]+(?:-[ \t]+)?{_PLACE_WORD}){{0,5}})"
    r"[ \t]*[,.]?[ \t]*$")


def find_place_date(view: View) -> tuple[str | None, date | None, float]:
    """The place-date line of the header → (place, date, confidence).

    Only the header rows are read (up to the V/v line, the type heading or Kính gửi): a date in
    the body is a citation's, never the document's. A line of the right shape whose digits OCR
    could not read gives the place and no date, rather than a guess.
    """
    row = place_date_row(view)
    if row is None:
        bare = _date_without_ngay(view)
        return None, bare, level.DOUBTFUL if bare else level.NONE
    for part in reversed(view.header(12)[row].parts):
        d, m = parse_long_date(part)
        loose = m or RE_LOOSE.search(vntext.fold(part, aligned=True))
        if loose is None and (loose := RE_NGAY_NUMERIC.search(vntext.fold(part, aligned=True))) is not None:
            d = make_date(int(loose["y"]), int(loose["m"]), int(loose["d"]))
        if loose is None:
            continue
        place = _place_before(part[: loose.start()])
        if d is None:
            return place, None, level.WEAK
        return place, d, level.PRINTED if place else level.READ_PLAIN
    return None, None, level.NONE


def _date_without_ngay(view: View) -> date | None:
    """A header row's "D tháng M năm Y" whose "Place, ngày" was lost: the document's date, less sure."""
    for line in view.header(8):
        f = vntext.fold(line.flat, aligned=True)
        if _BODY_ROW.match(f):
            return None
        m = RE_THANG_NAM.search(f)
        if m:
            return make_date(ocr_int(m["y"]), ocr_int(m["m"]), ocr_int(m["d"]))
    return None


def place_date_row(view: View) -> int | None:
    """Index (in the header rows) of the place-date line; the body, and its dates, never count."""
    for k, line in enumerate(view.header(12)):
        if _BODY_ROW.match(vntext.fold(line.flat, aligned=True)):
            return None
        for i, part in enumerate(line.parts):
            m = RE_LOOSE.search(vntext.fold(part, aligned=True))
            if m and _CITED.search(part[: m.start()]) and not RE_SO_LABEL.search(part[: m.start()]):
                continue                             # "… số 42/NQ-CP ngày 09 tháng 4 năm 2020": a cited document's
            # the header's place-date: near the top, or in the right column, or after a place name
            if m and (k <= 6 or i > 0 or _place_before(part[: m.start()])):
                return k
            n = RE_NGAY_NUMERIC.search(vntext.fold(part, aligned=True))     # "Ngày 08/8/2023, …" opens many a body
            if n and (i > 0 or _place_before(part[: n.start()])):
                return k
    return None


# a ký hiệu's last code just before "ngày" ("42/NQ-CP ngày", "số 1281/TB-SNV ngày"): the date that
# follows is the cited document's, not the header's
_CITED = re.compile(r"[/-][ \t]*[\p{Lu}Đ\d]{1,8}[ \t]*$")
# the "Số:" label of a document's own number line (NĐ 30/2020 Phụ lục I, ô số 3)
RE_SO_LABEL = re.compile(r"\bS[ốôo]\s*:")

_TP = ("TP.", "Tp.", "TP", "Tp")             # "thành phố" abbreviated before a city's name


def _place_before(prefix: str) -> str | None:
    prefix = prefix.rstrip()
    m = RE_PLACE.search(prefix)
    if not m:
        return None
    words = re.sub(r"^(?:TP|Tp)\.(?=\S)", lambda t: t[0] + " ", m["place"]).split()     # "TP.Hồ Chí Minh"
    city = words[0] in _TP or (len(words) > 2 and words[0] == "Thành" and words[1] == "phố")
    if city:
        words = words[1:] if words[0] in _TP else words[2:]
    # header words that spilled onto this line ("… TRUYỀN THÔNG Hà Nội"): drop leading all-caps words
    while len(words) > 1 and words[0].isupper() and len(words[0]) > 1 and not all(
            w.isupper() or w == "-" for w in words):
        words.pop(0)
    if words and words[0] in ("Số", "Số:"):
        return None
    place = " ".join(words)
    if place.isupper() and len(place) > 3:          # a place printed in capitals
        place = " ".join(w.capitalize() if w != "-" else w for w in place.split())
    if place:
        place = known_place(place) or place           # "Hải Dưỡng" → "Hải Dương"
    if place and city:
        place = "Thành phố " + place
    return place or None


RE_LOCAL = re.compile(r"(?:\b(?:tỉnh|huyện|thị xã)|\b(?:Tỉnh|Huyện) ủy)\s+"
                      r"(?P<name>\p{Lu}\p{Ll}*(?:\s+(?:-\s+)?\p{Lu}\p{Ll}*)*)$")


def place_of_issuer(issuer: str | None) -> str | None:
    """The place a local body writes (NĐ 30 Phụ lục I mục II.4: its own unit): "Sở Nội vụ tỉnh Hải
    Dương" → "Hải Dương". For a header whose place-date line a stamp or a smudge made unreadable."""
    m = RE_LOCAL.search(issuer or "")
    return known_place(m["name"]) or m["name"] if m else None
