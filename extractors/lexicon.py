"""Restore the diacritics OCR got wrong, from the words of official correspondence.

Tesseract's Vietnamese model confuses the marks on a vowel far more often than the letters
("Viên thông" for "Viễn thông", "thành phổ" for "thành phố", "TRUYÊN" for "TRUYỀN"). A pair of
neighbouring words whose letters match a known pair, with only the marks differing, is put
back to the known spelling — only when the letters leave no doubt (one known spelling). A run
of four words or more that is a known phrase but for one letter is put back too.

The phrases are the vocabulary of the standard (NĐ 30/2020), of provincial bodies and of the
units of a Sở TT&TT (NĐ 30/2020 Phụ lục III; the Sở's domains under NĐ 24/2014/NĐ-CP), not of
any sample.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from rapidfuzz.distance import Hamming

from congvan.extractors import rx as re
from congvan.pipeline.core import vntext

PHRASES = """
ủy ban nhân dân; hội đồng nhân dân; thường trực; tỉnh ủy; huyện ủy; thành ủy; đảng ủy; ban thường vụ;
ban chấp hành trung ương; bộ chính trị; ban bí thư; văn phòng; chính phủ; thủ tướng chính phủ; quốc hội;
sở thông tin và truyền thông; bộ thông tin và truyền thông; sở nội vụ; sở tư pháp; sở tài chính;
sở kế hoạch và đầu tư; sở công thương; sở nông nghiệp và phát triển nông thôn; sở tài nguyên và môi trường;
sở giao thông vận tải; sở xây dựng; sở lao động thương binh và xã hội; sở văn hóa thể thao và du lịch;
sở khoa học và công nghệ; sở giáo dục và đào tạo; sở y tế; sở ngoại vụ; thanh tra tỉnh; ban dân tộc;
công an tỉnh; bưu điện tỉnh; viễn thông; các doanh nghiệp viễn thông; doanh nghiệp bưu chính;
đài phát thanh và truyền hình tỉnh; báo; cổng thông tin điện tử tỉnh; cổng thông tin điện tử;
trang thông tin điện tử; cổng ttđt tỉnh; cổng ttđt; cổng thông tin; ứng phó sự cố;
các sở ban ngành tỉnh; các sở ban ngành; ủy ban nhân dân các huyện thị xã thành phố; các huyện thị xã thành phố;
chủ tịch các phó chủ tịch; chủ tịch; phó chủ tịch; giám đốc; phó giám đốc; chánh văn phòng;
ban tuyên giáo; ban dân vận; ban tổ chức; ban nội chính; ủy ban kiểm tra; mặt trận tổ quốc;
cục an toàn thông tin; cục báo chí; cục xuất bản in và phát hành; cục viễn thông; cục tin học hóa;
trung tâm công nghệ thông tin và truyền thông; phòng công nghệ thông tin; phòng bưu chính viễn thông;
phòng thông tin báo chí xuất bản; phòng kế hoạch tài chính; kho bạc nhà nước; bảo hiểm xã hội; cục thuế;
lưu văn thư; như trên; để báo cáo; để biết; để thực hiện; để phối hợp;
an toàn thông tin mạng; chuyển đổi số; chính quyền điện tử; chính quyền số; dịch vụ công trực tuyến;
cải cách hành chính; thủ tục hành chính; thi đua khen thưởng; ngân sách nhà nước; đầu tư công;
hạ tầng viễn thông thụ động; bưu chính công ích; thông tin cơ sở; truyền thanh cơ sở; báo chí; xuất bản;
tỉnh; huyện; thị xã; thành phố; quận; phường; xã; thị trấn; nhân dân; truyền thông; thông tin;
xử phạt vi phạm hành chính; phòng chống tham nhũng; kê khai tài sản; thu hồi giấy phép; tin nhắn rác;
kế hoạch trung hạn; chế độ tài chính; tem bưu chính; hạ tầng viễn thông; tần số vô tuyến điện;
viễn thông công ích; điểm truy nhập internet công cộng; thông tin liên lạc; ứng dụng công nghệ thông tin;
cơ sở dữ liệu; quản lý văn bản và điều hành; chữ ký số; an ninh mạng; ứng cứu sự cố;
kiến trúc chính quyền điện tử; trung tâm dữ liệu; cung cấp thông tin cho báo chí; xuất bản phẩm;
thông tin đối ngoại; trang thông tin điện tử tổng hợp; mạng xã hội; hỗ trợ kỹ thuật;
hội nghị truyền hình trực tuyến; thư điện tử công vụ; sao lưu dữ liệu; giám sát an toàn thông tin;
quy chế làm việc; báo cáo tổng hợp; lịch công tác
"""


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for phrase in PHRASES.replace("\n", " ").split(";"):
        words = tuple(phrase.split())
        if len(words) >= 2:
            table[tuple(vntext.fold(w, aligned=True) for w in words)].add(words)
    return table


NEAR_WORDS = 4     # a phrase this long also mends one letter OCR got wrong in one of its words


@lru_cache(maxsize=1)
def _long_vocabulary() -> frozenset[str]:
    """The words (folded) of the phrases ``NEAR_WORDS`` long and more."""
    return frozenset(w for key in _phrases() if len(key) >= NEAR_WORDS for w in key)


@lru_cache(maxsize=1)
def _near() -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    """Phrases of ``NEAR_WORDS`` words and more, keyed with one word left out (``"*"``)."""
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for key, spellings in _phrases().items():
        if len(key) >= NEAR_WORDS:
            for j in range(len(key)):
                table[(*key[:j], "*", *key[j + 1:])] |= spellings
    return table


def _one_letter_off(a: str, b: str) -> bool:
    """Same length, three letters or more, one letter different ("tiu" for "tin")."""
    return len(a) == len(b) >= 3 and Hamming.distance(a, b) == 1


_WORD = re.compile(r"\p{L}+")


def _like(model: str, word: str) -> str:
    """``model``'s spelling in ``word``'s case: all caps, capitalised or lower."""
    if word.isupper() and len(word) > 1:
        return model.upper()
    if word[:1].isupper():
        return model[:1].upper() + model[1:]
    return model


def _near_match(keys: list[str]) -> set[tuple[str, ...]]:
    """The long phrases ``keys`` spells with one letter of one word wrong."""
    near = _near()
    found: set[tuple[str, ...]] = set()
    for j in range(len(keys)):
        for spelling in near.get((*keys[:j], "*", *keys[j + 1:]), ()):
            if _one_letter_off(keys[j], vntext.fold(spelling[j], aligned=True)):
                found.add(spelling)
    return found


def restore(text: str) -> str:
    """Put known phrases back to their spelling where OCR changed only their marks.

    A two-word phrase is trusted only when no other known phrase reads the same words as they
    stand ("Viện thông tin": "thông tin" is right, so "viện" is not made "viễn"); three words
    and more carry their own context, and four or more mend one letter of one word too
    ("Công thông tiu điện tử" → "Cổng thông tin điện tử").
    """
    table = _phrases()
    spans = [(m.start(), m.end(), m[0]) for m in _WORD.finditer(text)]
    words = [w for _, _, w in spans]
    keys = [vntext.fold(w, aligned=True) for w in words]
    matches: list[tuple[int, tuple[str, ...], int]] = []        # (start, spelling, changes)
    # apart[k]: how many of the first k gaps between words hold more than spaces, "-" and ","
    apart = [0]
    for j in range(len(spans) - 1):
        apart.append(apart[-1] + bool(text[spans[j][1]:spans[j + 1][0]].strip(" -,")))
    # known[k]: how many of the first k words are words of a long phrase (a near match needs all
    # of its words but one to be)
    vocabulary = _long_vocabulary()
    known_words = [0]
    for k in keys:
        known_words.append(known_words[-1] + (k in vocabulary))
    for n in (6, 5, 4, 3, 2):
        for i in range(len(words) - n + 1):
            if apart[i + n - 1] != apart[i]:
                continue                                       # not neighbours in the text
            known = table.get(tuple(keys[i:i + n]))
            if not known and n >= NEAR_WORDS and known_words[i + n] - known_words[i] >= n - 1:
                known = _near_match(keys[i:i + n])
            if known and len(known) == 1:
                spelling = next(iter(known))
                changes = sum(w.lower() != k for w, k in zip(words[i:i + n], spelling, strict=True))
                matches.append((i, spelling, changes))
    exact = {j for i, sp, c in matches if c == 0 for j in range(i, i + len(sp))}
    fixed = list(words)
    for i, spelling, changes in matches:
        if changes == 0:
            continue
        span = range(i, i + len(spelling))
        if len(spelling) == 2 and any(j in exact for j in span):
            continue
        for j, k in zip(span, spelling, strict=True):
            fixed[j] = _like(k, words[j])
    out: list[str] = []
    last = 0
    for (start, end, _), word in zip(spans, fixed, strict=True):
        out.append(text[last:start])
        out.append(word)
        last = end
    out.append(text[last:])
    return "".join(out)
