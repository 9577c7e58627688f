"""Names of issuing bodies and places: abbreviations, canonical spellings, casing rules.

Written from NĐ 30/2020 Phụ lục II (how names are capitalised), the provincial bodies of
NĐ 24/2014/NĐ-CP (as amended by NĐ 107/2020/NĐ-CP) and the abbreviations of NĐ 30/2020
Phụ lục III. Canonical spellings let an OCR'd header that lost its accents ("TRUYEN THÔNG") come back as the real name.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Hamming

from congvan.extractors import rx as re
from congvan.pipeline.core import vntext

# Caps abbreviations as printed in headers and ký hiệu → caps expansion.
HEADER_ABBR = [
    (r"\bUBND\b", "ỦY BAN NHÂN DÂN"), (r"\bHĐND\b", "HỘI ĐỒNG NHÂN DÂN"),
    (r"\bTT\s*&\s*TT\b|\bTTTT\b", "THÔNG TIN VÀ TRUYỀN THÔNG"), (r"\bKH\s*&\s*ĐT\b", "KẾ HOẠCH VÀ ĐẦU TƯ"),
    (r"\bGD\s*&\s*ĐT\b", "GIÁO DỤC VÀ ĐÀO TẠO"), (r"\bNN\s*&\s*PTNT\b", "NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"),
    (r"\bTN\s*&\s*MT\b", "TÀI NGUYÊN VÀ MÔI TRƯỜNG"), (r"\bKH\s*&\s*CN\b", "KHOA HỌC VÀ CÔNG NGHỆ"),
    (r"\bLĐ\s*-?\s*TB\s*&\s*XH\b", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    (r"\bVH\s*,?\s*TT\s*&\s*DL\b", "VĂN HÓA, THỂ THAO VÀ DU LỊCH"), (r"\bGTVT\b", "GIAO THÔNG VẬN TẢI"),
    (r"\bNN\s+VÀ\s+PTNT\b", "NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"), (r"\bPTNT\b", "PHÁT TRIỂN NÔNG THÔN"),
    (r"\bLĐTBXH\b|\bLĐ\s*-\s*TB\s*-?\s*XH\b", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    (r"\bTNMT\b|\bTN\s*-\s*MT\b", "TÀI NGUYÊN VÀ MÔI TRƯỜNG"), (r"\bKHCN\b", "KHOA HỌC VÀ CÔNG NGHỆ"),
    (r"\bVHTTDL\b|\bVH\s*-\s*TT\s*-\s*DL\b", "VĂN HÓA, THỂ THAO VÀ DU LỊCH"), (r"\bGDĐT\b", "GIÁO DỤC VÀ ĐÀO TẠO"),
    (r"\bKHĐT\b", "KẾ HOẠCH VÀ ĐẦU TƯ"),
    (r"\bCNTT\s*&\s*TT\b", "CÔNG NGHỆ THÔNG TIN VÀ TRUYỀN THÔNG"), (r"\bCNTT\b", "CÔNG NGHỆ THÔNG TIN"),
    (r"\bBHXH\b", "BẢO HIỂM XÃ HỘI"), (r"\bKBNN\b", "KHO BẠC NHÀ NƯỚC"),
    (r"\bPT\s*-?\s*TH\b", "PHÁT THANH VÀ TRUYỀN HÌNH"),
    (r"\bTP\.\s*|\bTP\s+(?=[\p{Lu}])", "THÀNH PHỐ "),
    (r"^\s*BND\b(?=\s+(?:TỈNH|HUYỆN|THÀNH|QUẬN|THỊ|XÃ))", "ỦY BAN NHÂN DÂN"),
]

# Organisation-type phrases, as written inside a name. ``place`` = what follows is a place name.
ORG_TYPES: list[tuple[str, bool]] = [
    ("Ủy ban nhân dân", True), ("Hội đồng nhân dân", True), ("Văn phòng", False), ("Công an", True),
    ("Viễn thông", True), ("Bưu điện", True), ("Tỉnh ủy", True), ("Huyện ủy", True), ("Thành ủy", True),
    ("Đảng ủy", True), ("Thanh tra", True), ("Kho bạc Nhà nước", True), ("Bảo hiểm xã hội", True),
    ("Cục Thuế", True), ("Ban Thường vụ", False), ("Ban Chấp hành", False), ("Đài Phát thanh và Truyền hình", True),
    ("Báo", True), ("Tập đoàn", False), ("Tổng công ty", False), ("Công ty", False), ("Trung tâm", False),
    ("Tổng cục", False), ("Chi cục", False), ("Sở", False), ("Bộ", False), ("Cục", False), ("Ban", False),
    ("Phòng", False), ("Vụ", False), ("Viện", False), ("Học viện", False), ("Trường", False),
    ("Ủy ban", False), ("Hội", False), ("Đoàn", False), ("Liên đoàn", False), ("Mặt trận Tổ quốc", True),
    ("Bệnh viện", False), ("Đại học", False), ("Tòa án nhân dân", True), ("Viện kiểm sát nhân dân", True),
    ("Ngân hàng", False), ("Chi nhánh", False),
]
ORG_TYPES.sort(key=lambda t: len(t[0]), reverse=True)
FOLDED_ORG_TYPES = [(vntext.fold(name, aligned=True).split(), name, place) for name, place in ORG_TYPES]

# Whole names whose casing does not follow from the rule, or that OCR often mangles.
KNOWN_NAMES = [
    "Bộ Thông tin và Truyền thông", "Sở Thông tin và Truyền thông", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư", "Sở Công Thương", "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải", "Sở Xây dựng", "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế",
    "Sở Ngoại vụ", "Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo", "Sở Du lịch", "Bộ Nội vụ",
    "Bộ Tài chính", "Bộ Kế hoạch và Đầu tư", "Bộ Công an", "Bộ Quốc phòng", "Bộ Y tế", "Bộ Giáo dục và Đào tạo",
    "Bộ Tư pháp", "Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Công Thương",
    "Bộ Xây dựng", "Bộ Giao thông vận tải", "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Lao động - Thương binh và Xã hội", "Bộ Khoa học và Công nghệ", "Cục An toàn thông tin",
    "Cục Báo chí", "Cục Xuất bản, In và Phát hành", "Cục Viễn thông", "Cục Tin học hóa",
    "Cục Chuyển đổi số quốc gia", "Cục Bưu điện Trung ương", "Cục Phát thanh, truyền hình và thông tin điện tử",
    "Cục Thông tin cơ sở", "Cục Tần số vô tuyến điện", "Ban Tuyên giáo", "Ban Dân vận", "Ban Tổ chức",
    "Ban Nội chính", "Ủy ban Kiểm tra", "Văn phòng Chính phủ", "Văn phòng Trung ương Đảng", "Chính phủ",
    "Thủ tướng Chính phủ", "Quốc hội", "Ủy ban Thường vụ Quốc hội", "Bộ Chính trị", "Ban Bí thư",
    "Ban Chấp hành Trung ương", "Thanh tra Chính phủ", "Cổng Thông tin điện tử Chính phủ",
    "Ngân hàng Nhà nước Việt Nam",
    "Tập đoàn Bưu chính Viễn thông Việt Nam", "Tổng công ty Bưu điện Việt Nam",
    "Tập đoàn Công nghiệp - Viễn thông Quân đội", "Thanh tra tỉnh", "Ban Dân tộc",
]
FOLDED_KNOWN = {vntext.fold(n, aligned=True): n for n in KNOWN_NAMES}

PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Huế",
    # districts and towns of Hải Dương, the first user's province
    "Gia Lộc", "Cẩm Giàng", "Bình Giang", "Thanh Hà", "Kim Thành", "Kinh Môn", "Nam Sách", "Ninh Giang",
    "Thanh Miện", "Tứ Kỳ", "Chí Linh",
]
FOLDED_PLACES = {vntext.fold(p, aligned=True): p for p in PROVINCES}
_PLACES_NOSPACE = {vntext.fold(p, aligned=True).replace(" ", ""): p for p in PROVINCES}
LOCALITY_WORDS = ["thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường"]
FOLDED_LOCALITY = [(vntext.fold(w, aligned=True).split(), w) for w in LOCALITY_WORDS]
# Folded, "quan" is also quản, quân, quan (BAN QUẢN LÝ, QUÂN SỰ, CƠ QUAN) and "xa" is XÃ HỘI: these
# two are a locality only as written, with their marks.
_MARKED_ONLY = {"quận", "xã"}


def is_locality(words: list[str], fw: list[str], i: int, loc_words: list[str], loc: str) -> bool:
    """Do ``words[i:]`` (folded ``fw``) open with the locality word ``loc``?"""
    if fw[i:i + len(loc_words)] != loc_words:
        return False
    return loc not in _MARKED_ONLY or [w.lower() for w in words[i:i + len(loc_words)]] == loc.split()

# ký hiệu issuer groups → body: completes a header name cut short (issuer._completed) and tells a
# code OCR echoed a letter in (references); never an issuer on its own (a value not on the page is null)
ISSUER_BY_ABBR = {
    "UBND": "Ủy ban nhân dân {unit}", "HĐND": "Hội đồng nhân dân {unit}", "BTTTT": "Bộ Thông tin và Truyền thông",
    "STTTT": "Sở Thông tin và Truyền thông {unit}", "SNV": "Sở Nội vụ {unit}", "STC": "Sở Tài chính {unit}",
    "SKHĐT": "Sở Kế hoạch và Đầu tư {unit}", "STP": "Sở Tư pháp {unit}", "SYT": "Sở Y tế {unit}",
    "TU": "Tỉnh ủy {place}", "BTGTU": "Ban Tuyên giáo Tỉnh ủy {place}", "BDVTU": "Ban Dân vận Tỉnh ủy {place}",
    "BTCTU": "Ban Tổ chức Tỉnh ủy {place}", "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ", "BNV": "Bộ Nội vụ", "BTC": "Bộ Tài chính", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BCA": "Bộ Công an", "BYT": "Bộ Y tế", "BGDĐT": "Bộ Giáo dục và Đào tạo", "BTP": "Bộ Tư pháp",
    "CATTT": "Cục An toàn thông tin", "CAT": "Công an {unit}", "TW": "Ban Chấp hành Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
}


# what every HEADER_ABBR pattern starts with: most lines hold none, and skip the patterns
_ABBR_HINT = re.compile(r"\b(?:UBND|HĐND|TT|KH|GD|NN|TN|LĐ|VH|GTVT|PTNT|CNTT|BHXH|KBNN|PT|TP\.|TP\s)|^\s*BND\b")


def expand_abbreviations(caps: str) -> str:
    if _ABBR_HINT.search(caps):
        for pattern, repl in HEADER_ABBR:
            caps = re.sub(pattern, repl, caps)
    return re.sub(r"\s+", " ", caps).strip()


CENTRAL_CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh"}


def _fuzzy(key: str, table: dict[str, str], cutoff: float) -> str | None:
    if key in table:
        return table[key]
    hit = process.extractOne(key, list(table), scorer=fuzz.ratio, score_cutoff=cutoff)
    return table[hit[0]] if hit else None


def snap_known(text: str, cutoff: float = 88) -> str:
    """``text`` whose leading words are a known body's name misspelt by OCR, with that name's
    spelling ("Sở Thông tia và Fruyền-thông" → "Sở Thông tin và Truyền thông"); the rest as it is.

    The first word (Sở, Bộ, Ban, Ủy…) must be read right: "Bộ …" never becomes "Sở …". Only a
    first word no name opens with may be one letter off the one that does ("Sẻ Thông tin …").
    """
    words = text.split()
    for n in range(min(len(words), 8), 1, -1):
        key = re.sub(r"\s+", " ", re.sub(r"[^a-z ]", " ", vntext.fold(" ".join(words[:n]), aligned=True))).strip()
        if not key:
            continue
        first, size = key.split()[0], len(key.split())
        table = _KNOWN_BY_SHAPE.get((first, size))
        if table is None and first not in _FIRST_WORDS:
            # a first word no name opens with, one letter from exactly one that does ("Sẻ" for Sở)
            near = [w for w in _FIRST_WORDS if len(w) == len(first) and w[0] == first[0]
                    and Hamming.distance(w, first) == 1 and (w, size) in _KNOWN_BY_SHAPE]
            if len(near) == 1:
                key, table = near[0] + key[len(first):], _KNOWN_BY_SHAPE[(near[0], size)]
        head = _fuzzy(key, table, cutoff) if table else None
        if head:
            return " ".join([head, *words[n:]])
    return text


def _by_shape() -> dict[tuple[str, int], dict[str, str]]:
    out: dict[tuple[str, int], dict[str, str]] = {}
    for key, name in FOLDED_KNOWN.items():
        out.setdefault((key.split()[0], len(key.split())), {})[key] = name
    return out


_KNOWN_BY_SHAPE = _by_shape()          # (first word, word count) → known names of that shape
_FIRST_WORDS = frozenset(first for first, _ in _KNOWN_BY_SHAPE)


KNOWN_CUTOFF = 80          # fuzz ratio of a garbled name's letters to a known body's name of four words or more
KNOWN_MARGIN = 10          # ... ahead of the next such name by this much (Sở … and Bộ … are a letter apart)
_LONG_KNOWN = {k: v for k, v in FOLDED_KNOWN.items() if len(k.split()) >= 4}


def known_body(reading: str) -> str | None:
    """The known body whose name ``reading`` is, garbled past its first word ("THỦNG TIN ĐIỆN TỦ
    CHÍNH PHỤ" of a stamp: Cổng Thông tin điện tử Chính phủ). Only names of four words or more
    (shorter ones are a letter from each other), and only one clearly nearer than the rest."""
    key = re.sub(r"\s+", " ", re.sub(r"[^a-z ]", " ", vntext.fold(reading, aligned=True))).strip()
    hits = process.extract(key, list(_LONG_KNOWN), scorer=fuzz.ratio, limit=2)
    if not hits or hits[0][1] < KNOWN_CUTOFF or (len(hits) > 1 and hits[0][1] - hits[1][1] < KNOWN_MARGIN):
        return None
    return _LONG_KNOWN[hits[0][0]]


def known_place(words: str) -> str | None:
    """The gazetteer's spelling of a place, tolerating OCR slips ("HÃI DƯƠRG", "Bắcninh")."""
    key = re.sub(r"[^a-z -]", "", vntext.fold(words, aligned=True)).strip()
    if len(key) < 3:
        return None
    return _fuzzy(key, FOLDED_PLACES, 85) or _fuzzy(key.replace(" ", ""), _PLACES_NOSPACE, 85)


def snap_place(words: str) -> str:
    """A place name in title case, snapped to the gazetteer when it matches."""
    known = known_place(words)
    if known:
        return known
    return " ".join(w if w == "-" else w[:1].upper() + w[1:].lower() for w in words.split())


def _field_case(words: list[str]) -> str:
    """"THÔNG TIN VÀ TRUYỀN THÔNG" → "Thông tin và Truyền thông": each coordinated part capitalised."""
    out: list[str] = []
    start = True
    for w in words:
        low = w.lower()
        if any(c.isdigit() for c in w) or (len(w) > 1 and w.isupper()
                                           and not re.search(r"[aeiouy]", vntext.fold(w, aligned=True))):
            out.append(w)                    # a code or an acronym keeps its case: "389/ĐP", "C06", "VNPT"
            start = False
            continue
        if low in ("và", ",", "-"):
            out.append(low)
            start = True
            continue
        if w.endswith(","):
            out.append((low[:1].upper() + low[1:]) if start else low)
            start = True
            continue
        out.append((low[:1].upper() + low[1:]) if start else low)
        start = False
    return " ".join(out)


def case_name(caps: str) -> str:
    """A caps organisation name as it is written in running text (NĐ 30 Phụ lục II)."""
    words = caps.split()
    fw = vntext.fold(caps, aligned=True).split()
    # a known name, alone or followed by more words ("SỞ NỘI VỤ TỈNH HẢI DƯƠNG"); OCR slips tolerated
    exact = [n for n in range(len(fw), 0, -1) if " ".join(fw[:n]) in FOLDED_KNOWN]
    for n in exact or range(len(fw), 0, -1):
        key = " ".join(fw[:n])
        head = FOLDED_KNOWN.get(key)
        if head is None and not exact and len(key) >= 8:
            head = _fuzzy(key, FOLDED_KNOWN, 90)
            if head and len(head.split()) != n:
                head = None                      # a fuzzy match must cover as many words
        if head:
            if n == len(fw):
                return head
            tail = case_rest(words[n:], fw[n:], place=True)
            city = known_place(" ".join(words[n:])) if head.startswith("Sở ") else None
            if city:                             # "SỞ TT&TT HẢI DƯƠNG": a Sở of the province
                tail = f"{'thành phố' if city in CENTRAL_CITIES else 'tỉnh'} {city}"
            return f"{head} {tail}"
    for type_words, name, takes_place in FOLDED_ORG_TYPES:
        if fw[: len(type_words)] == type_words:
            rest = words[len(type_words):]
            if not rest:
                return name
            return f"{name} {case_rest(rest, fw[len(type_words):], takes_place)}"
    for n in range(1, min(4, len(words) - 1) + 1):       # "VNPT HẢI DƯƠNG": a name, then its place
        place = FOLDED_PLACES.get(" ".join(fw[-n:]))
        if place:
            return f"{_field_case(words[:-n])} {place}"
    return _field_case(words)


def case_rest(words: list[str], fw: list[str], place: bool) -> str:
    """What follows an organisation type: a locality ("tỉnh Hải Dương"), a place, or a field name."""
    for i in range(len(fw)):
        for loc_words, loc in FOLDED_LOCALITY:
            if is_locality(words, fw, i, loc_words, loc):
                rest = words[i + len(loc_words):]
                tail = f"{loc} {snap_place(' '.join(rest))}" if rest else loc
                return f"{_field_case(words[:i])} {tail}" if i else tail
    joined = " ".join(words)
    if place or vntext.fold(joined, aligned=True) in FOLDED_PLACES:
        return snap_place(joined)
    return _field_case(words)


def locality_of(caps: str) -> str | None:
    """The locality phrase a parent body carries: "UBND TỈNH HẢI DƯƠNG" → "tỉnh Hải Dương"."""
    fw = vntext.fold(caps, aligned=True).split()
    words = caps.split()
    for i in range(len(fw)):
        for loc_words, loc in FOLDED_LOCALITY:
            if is_locality(words, fw, i, loc_words, loc) and i + len(loc_words) < len(fw) \
                    and fw[i:i + 2] != ["xa", "hoi"]:          # "THƯƠNG BINH VÀ XÃ HỘI" names no commune
                return f"{loc} {snap_place(' '.join(words[i + len(loc_words):]))}"
    return None
