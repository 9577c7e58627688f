"""Signer block (bottom right of the last page): thẩm quyền ký, chức vụ, họ tên.

Read top to bottom (NĐ 30 Điều 8, Phụ lục I): ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` /
``PHÓ CHỦ TỊCH`` / signature / ``Trần Văn Minh``. Party documents write ``T/M`` and ``K/T``.
``signer.title`` is the last caps line before the name; ``authority`` the nearest prefix above.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from congvan.extractors import rx as re
from congvan.extractors.view import Line, View, noi_nhan_label, noi_nhan_row
from congvan.pipeline.core import vntext

# OCR reads the T of a bold "KT." under a seal's ring as Ĩ, I, Í or 1 ("Kĩ. GIÁM ĐỐC")
# (a Party's or an old typewriter's slashed form keeps its shape under a stray letter OCR put before it: "XK/T")
RE_PREFIX = re.compile(r"^\s*(?:\p{Lu}(?=[KT]\s*/))?(?P<qh>TM|K[TĨĩIÍỊ1]|TL|TUQ|Q|T\s*/\s*M|K\s*/\s*T|T\s*/\s*L)"
                       r"(?:\s*[.,:]\s*|\s+)(?P<rest>\S.*)$")          # "TL. HIỆU TRƯỞNG", "TL.HIỆU TRƯỞNG"
AUTH = {"tm": "TM.", "kt": "KT.", "tl": "TL.", "tuq": "TUQ.", "q": "Q.", "t/m": "TM.", "k/t": "KT.", "t/l": "TL."}


def _authority(qh: str) -> str | None:
    key = re.sub(r"\s+", "", qh).lower()
    return AUTH.get("kt" if len(key) == 2 and key[0] == "k" else key)

# How titles are written in running text: "Phó" keeps the deputised title's capital.
TITLES = {vntext.fold(t, aligned=True): t for t in (
    "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Bộ trưởng", "Thứ trưởng", "Cục trưởng",
    "Phó Cục trưởng", "Chánh Văn phòng", "Phó Chánh Văn phòng", "Trưởng ban", "Phó Trưởng ban", "Bí thư",
    "Phó Bí thư", "Trưởng phòng", "Phó Trưởng phòng", "Chánh Thanh tra", "Phó Chánh Thanh tra", "Thủ tướng",
    "Phó Thủ tướng", "Tổng Giám đốc", "Phó Tổng Giám đốc", "Tổng cục trưởng", "Phó Tổng cục trưởng",
    "Chi cục trưởng", "Viện trưởng", "Hiệu trưởng", "Chủ nhiệm", "Phó Chủ nhiệm", "Tổng Biên tập",
    "Vụ trưởng", "Phó Vụ trưởng", "Trưởng Công an", "Tư lệnh", "Chánh án", "Thư ký",
    "Phó Bí thư Thường trực", "Phó Chủ tịch Thường trực", "Ủy viên", "Phó Viện trưởng", "Phó Hiệu trưởng",
    "Phó Chi cục trưởng", "Phó Tổng Biên tập", "Trưởng đoàn", "Phó Trưởng đoàn", "Giám đốc Sở",
    "Phó Trưởng ban Thường trực",
)}
_SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trịnh", "Đào", "Mai", "Lương", "Lưu", "Trương", "Cao", "Văn", "Tạ", "Hà", "Đoàn",
    "Tô", "Chu", "Triệu", "Vương", "Quách", "Thái", "Kiều", "Lâm", "Mạc", "La", "Tăng", "Châu", "Tống",
    "Thân", "Phùng", "Nghiêm", "Khúc", "Khổng", "Quang", "Lại", "Lò", "Hứa", "Từ", "Diệp", "Đồng", "Giáp",
    "Hầu", "Kim", "Lục", "Ninh", "Phí", "Tiêu", "Tôn", "Ông", "Âu", "Bạch", "Đàm", "Đoàn", "Mẫn", "Nông", "Hạ",
)
SURNAMES = {vntext.fold(s, aligned=True) for s in _SURNAMES}


def _by_letters(names: tuple[str, ...]) -> dict[str, str]:
    """Folded letters → the one spelling of ``names`` that has them (letters two names share are left out)."""
    spellings: dict[str, set[str]] = {}
    for n in names:
        spellings.setdefault(vntext.fold(n, aligned=True), set()).add(n)
    return {k: next(iter(v)) for k, v in spellings.items() if len(v) == 1}


_SURNAME_BY_LETTERS = _by_letters(_SURNAMES)


def mended_name(name: str) -> str:
    """A name whose surname OCR read with other marks ("Định Hữu Nghĩa") with the spelling of the
    one surname that has those letters ("Đinh"). Surnames are few and listed; a surname as read,
    or whose letters two surnames share ("Hà", "Hạ"), is left alone, and so is every given name:
    they are too many to tell a misread mark from a rarer name."""
    words = name.split()
    if len(words) >= 2 and words[0] not in _SURNAMES:
        words[0] = _SURNAME_BY_LETTERS.get(vntext.fold(words[0], aligned=True), words[0])
    return " ".join(words)
# a police or army signer's rank stands before the name: "Thượng tướng Lương Tam Quang"
RE_RANK = re.compile(r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)|Đại\s+(?:tướng|tá))\s+(?=\p{Lu})",
                     re.IGNORECASE)
# an academic degree before the name: "PGS.TS. Nguyễn Văn An", "ThS Lê Thị Hoa" (dots already spaces)
RE_DEGREE = re.compile(r"^(?:(?:GS|PGS|TS|TSKH|ThS|Ths|BS|BSCKII|BSCKI|DS|KS|LS|NCS)\s+)+(?=\p{Lu})")
_NAME_WORD = re.compile(r"^[\p{Lu}][\p{Ll}]+$")


_TITLE_WORDS = re.compile(r"chu tich|giam doc|truong|thu ky|bi thu|chanh|tong|chu nhiem|uy vien|tu lenh|chanh an")


def title_case(caps: str) -> str | None:
    """A caps title line in running-text case, snapped to a known title when OCR garbled it.

    Short debris (a seal's edge read as "HP") is not a title: it must look like one.
    """
    caps = _rejoined(re.sub(r"\s+", " ", caps).strip(" .,:;_-–—~"))
    key = vntext.fold(caps, aligned=True)
    if key in TITLES:
        return TITLES[key]
    head = next((k for k in _TITLES_LONGEST_FIRST if key.startswith(k + " ")), None)
    if head:                                     # "TRƯỞNG PHÒNG CTSV", "PHÓ TRƯỞNG PHÒNG PHỤ TRÁCH"
        return f"{TITLES[head]} {_running_case(caps[len(head) + 1:])}"
    hit = process.extractOne(key, list(TITLES), scorer=fuzz.ratio, score_cutoff=80)
    if hit:
        return TITLES[hit[0]]
    if RE_DAMAGED.search(caps) and (mended := _mended_head(caps)):
        return mended
    if sum(c.isalpha() for c in caps) < 5 or not _TITLE_WORDS.search(key):
        return None
    low = caps.lower()
    return low[:1].upper() + low[1:]


_TITLES_LONGEST_FIRST = sorted(TITLES, key=len, reverse=True)
# a caps line with digits or symbols among its letters ("74K&ƯỚNG ?HÒNG ĐÀO TẠO"): a seal or a
# signature's ink was read into it, and its first words may be a known title, garbled
RE_DAMAGED = re.compile(r"[^\p{L}\s.,:;()/-]")
HEAD_FUZZY = 80        # fuzz.ratio of a damaged line's first words to a known title of as many words
HEAD_MARGIN = 5        # ... and how far ahead of the next title it must be: two near ones, no title


def _mended_head(caps: str) -> str | None:
    """A damaged title line whose first words, their debris dropped, come close to a known title
    of as many words (:data:`HEAD_FUZZY`): that title, and the rest in running-text case
    ("Trưởng phòng" + "đào tạo"). The longest such head wins."""
    words = re.sub(r"[^\p{L} ]+", "", caps).split()
    for n in range(min(4, len(words)), 1, -1):
        key = vntext.fold(" ".join(words[:n]), aligned=True)
        hits = process.extract(key, [t for t in TITLES if t.count(" ") == n - 1], scorer=fuzz.ratio, limit=2)
        if hits and hits[0][1] >= HEAD_FUZZY:
            if len(hits) > 1 and hits[0][1] - hits[1][1] < HEAD_MARGIN:
                return None                  # "iyu tuong": Hiệu trưởng 80, Thủ tướng 78; either, or neither
            return f"{TITLES[hits[0][0]]} {_running_case(' '.join(words[n:]))}".strip()
    return None


# one Vietnamese syllable, folded: onset, vowels, coda; a capitals word that is none is an abbreviation
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?[aeiouy]+(?:ch|ng|nh|[cmnpt])?$")


def _rejoined(caps: str) -> str:
    """A word OCR split before its marked vowel ("TR ƯỞNG PHÒNG", "PH Ó"): a fragment of consonants
    alone is joined to the next when together they make one syllable."""
    words = caps.split(" ")
    out: list[str] = []
    for w in words:
        prev = out[-1] if out else ""
        if prev and not re.search(r"[aeiouy]", vntext.fold(prev, aligned=True)) and \
                _SYLLABLE.match(vntext.fold(prev + w, aligned=True)):
            out[-1] = prev + w
        else:
            out.append(w)
    return " ".join(out)


def _running_case(caps: str) -> str:
    """What follows a known title, in running-text case; an abbreviation ("CTSV", "UBND") stays."""
    return " ".join(w.lower() if _SYLLABLE.match(vntext.fold(w, aligned=True)) else w for w in caps.split())


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _initial_joined(text: str) -> str:
    """A surname OCR broke after its capital ("T, 1rịnh Văn Toàn": a misread letter taken out
    leaves "T rịnh") joined again where the two pieces make a listed surname."""
    def join(m: re.Match[str]) -> str:
        whole = m[1] + m[2]
        return whole if vntext.fold(whole, aligned=True) in SURNAMES else m[0]
    return re.sub(r"(?<!\p{L})(\p{Lu}) +(\p{Ll}+)", join, text)


def looks_like_name(s: str) -> bool:
    words = s.split()
    if not 2 <= len(words) <= 5:
        return False
    if vntext.fold(words[0], aligned=True) not in SURNAMES:
        return False
    # a one-letter given name is a vowel ("Lê Thị Ý", "Y Bih"), never the surname
    return all(_NAME_WORD.match(w) or (w.isupper() and len(w) > 1)
               or (k and len(w) == 1 and vntext.fold(w, aligned=True) in "aeiouy")
               for k, w in enumerate(words))


ABOVE_LABEL = 2        # rows above the Nơi nhận label the signer block may start at
TITLE_LONGEST = 40     # characters of a title or authority line standing alone there


def signer_column(view: View, page: list[Line] | None = None) -> list[str]:
    """Candidate lines of the signer block: right-hand parts of the lower rows of ``page`` (the
    last page with text unless told)."""
    page = view.last_page() if page is None else page
    start = next((k for k in range(len(page)) if noi_nhan_row(page, k)), None)
    out: list[str] = []
    if start is None:
        start = max(0, len(page) - 14)
    else:                                       # the title may stand a row or two above the label
        out = [ln.flat for ln in page[max(0, start - ABOVE_LABEL):start]
               if len(ln.parts) == 1 and len(ln.flat) <= TITLE_LONGEST
               and (_is_caps(ln.flat) or RE_PREFIX.match(ln.flat))]
    for ln in page[start:]:
        parts = ln.parts
        if len(parts) > 1:
            out.append(parts[-1])
        elif not _recipient_like(ln):
            out.append(parts[0] if parts else ln.flat)
        else:                                   # columns run together: "- Sở Nội vụ; PHÓ CHỦ TỊCH"
            tail = _CAPS_TAIL.search(ln.flat)
            if tail:
                out.append(tail["caps"])
    return out


# The signer column run into a recipient line: an optional authority prefix and a caps title.
CAPS_TAIL = r"(?:(?:TM|KT|TL|TUQ|Q|T/M|K/T)\.?\s+)?[\p{Lu}][\p{Lu} ,-]{3,}[\p{Lu}]"
_CAPS_TAIL = re.compile(rf"[;:.,)]\s*(?P<caps>{CAPS_TAIL})\s*$")


def _recipient_like(line: Line) -> bool:
    return line.flat.startswith(("-", "–", "+", "•")) or bool(noi_nhan_label(line))


def _deputy_title(head: str) -> str | None:
    """The title of the deputy who signs KT. (for) ``head``: "Phó" and the head's title, but a
    minister's deputy is a Thứ trưởng."""
    known = title_case(head)
    if not known or known.startswith("Phó"):
        return None
    return "Thứ trưởng" if vntext.fold(known, aligned=True) == "bo truong" else "Phó " + known


def _deputy_of(head: str, line: str) -> str | None:
    """``PHÓ GIÁM ĐỐC`` under ``KT. GIÁM ĐỐC`` when OCR garbled it past snapping ("HÓ {MĐỐC").

    Under KT. the signer is the head's deputy (NĐ 30 Điều 13): the line reads "Phó" and the
    head's title. The garbled line must still resemble that, letter for letter.
    """
    deputy = _deputy_title(head)
    if not deputy:
        return None
    letters = re.sub(r"[^\p{L} ]+", "", vntext.fold(line, aligned=True))
    return deputy if fuzz.ratio(re.sub(r"\s+", " ", letters).strip(), vntext.fold(deputy, aligned=True)) >= 65 else None


def find_signer(view: View) -> tuple[str | None, str | None, str | None, list[str], float]:
    """(name, title, authority, the block's lines, confidence), from the page that closes the main
    text with its Nơi nhận (:meth:`View.closing_page`: an attached draft's signer further on is not
    the document's); without one, from the first page whose block has its thẩm quyền prefix (TM.,
    KT., …: the second document of a file is not the first's), else the last page that has a signer
    block: annexes, tables and forms after the signature have none (NĐ 30 Điều 12: the phụ lục
    follows the văn bản it belongs to)."""
    closing = view.closing_page()
    if closing is not None:
        got = _signer_on(view, view.pages[closing])
        if got[0] or got[1]:
            return got
    else:                    # no Nơi nhận read: the first page whose block has its thẩm quyền prefix
        for page in view.main_pages():
            got = _signer_on(view, page)
            if got[2] and (got[0] or got[1]):
                return got
    first = None
    for page in reversed([p for p in view.main_pages() if p] or [[]]):
        got = _signer_on(view, page)
        first = first or got
        if got[0] or got[1]:
            return got
    return first if first is not None else _signer_on(view, [])


# Two or more words running in a title ("văn phòng" of "Chánh Văn phòng", "chủ tịch"), letters only
_TITLE_RUNS = {"".join(words[i:j]) for t in TITLES for words in [t.split()]
               for i in range(len(words)) for j in range(i + 2, len(words) + 1)}
TITLE_LIKENESS = 88          # rapidfuzz ratio of a caps line's letters to a title's words


def _title_letters(cand: str) -> bool:
    """A caps line whose letters, spaces left out, are a title's words OCR broke apart ("VĂN PHI
    ÒNG": "Văn phòng"): a title's line seen twice (a copy's, a bleed-through's), not a name,
    though its first word may be a surname."""
    if not cand.isupper():
        return False
    letters = vntext.fold(re.sub(r"[^\p{L}]+", "", cand), aligned=True)
    return process.extractOne(letters, _TITLE_RUNS, scorer=fuzz.ratio, score_cutoff=TITLE_LIKENESS) is not None


def _signer_on(view: View, page: list[Line]) -> tuple[str | None, str | None, str | None, list[str], float]:
    lines = signer_column(view, page)
    name = None
    name_at = len(lines)
    for k in range(len(lines) - 1, -1, -1):
        cand = _initial_joined(re.sub(r"[^\p{L} ]+", " ", lines[k]))
        cand = RE_DEGREE.sub("", RE_RANK.sub("", re.sub(r"\s+", " ", cand).strip()))
        if looks_like_name(cand) and not _title_letters(cand):
            name = mended_name(" ".join(w if not w.isupper() else w.capitalize() for w in cand.split()))
            name_at = k
            break
    title = authority = inferred = None
    block: list[str] = []
    for line in lines[:name_at]:
        text = line.strip(" .")
        m = RE_PREFIX.match(text)
        if m:
            authority = _authority(m["qh"])
            block.append(text)
            if _is_caps(m["rest"]):
                title = m["rest"]
            continue
        if _is_caps(text) and len(text) < 60 and title_case(text):
            block.append(text)
            title = text
        elif authority == "KT." and title and _is_caps(text) and (deputy := _deputy_of(title, text)):
            block.append(text)
            inferred = deputy
    title_out = inferred or (title_case(title) if title else None)
    unread = bool(title and block and RE_PREFIX.match(block[-1]))      # no title line under the prefix
    if authority in ("TM.", "TL.", "TUQ.") and unread:
        # "TM. ỦY BAN NHÂN DÂN" alone, no title under it: the collective is not a title; nor is
        # the head's under TL./TUQ., for whom a unit's head signs (NĐ 30 Điều 13)
        title_out = None
    elif authority == "KT." and unread and title and not inferred:
        # "KT. CHỦ TỊCH" names the head; its deputy signs (NĐ 30 Điều 13), whose title line was
        # not read (under the seal or the signature): the deputy's title, inferred, to be checked
        title_out = inferred = _deputy_title(title)
    # a title snapped from a garbled read, or a deputy's inferred, is shown to the clerk to check
    as_read = bool(title and title_out and not inferred
                   and vntext.fold(re.sub(r"\s+", " ", title).strip(" .,:;"), aligned=True)
                   == vntext.fold(title_out, aligned=True))
    conf = (0.9 if as_read else 0.75) if name and title_out else 0.5 if name or title_out else 0.0
    if inferred and unread:
        conf = min(conf, 0.5)
    return name, title_out, authority, block, conf
