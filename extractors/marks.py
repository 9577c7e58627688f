"""Độ khẩn and độ mật: boxed marks under the số/ký hiệu, often stamped in red.

Looked for only in the header zone and in the red-ink blocks, as a line (or a line part) of its
own: titles contain "KHẨN TRƯƠNG", "KHẨN CẤP", "BÍ MẬT NHÀ NƯỚC", so a word inside a sentence is
never a mark. ``HOẢ``/``HỎA`` are the same (NĐ 30 prints both); "HỎA TỐC HẸN GIỜ" is Hỏa tốc.
"""

from __future__ import annotations

from congvan.extractors import rx as re
from congvan.extractors.view import View
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import stamp_words, vntext

_STAMP_LABEL = re.compile(r"\b(?:" + stamp_words.alternation([*stamp_words.STEMS, stamp_words.NUMBER, stamp_words.DATE,
                                                                  stamp_words.TITLE_LONG, stamp_words.TITLE]) + r")\b")
# "THƯỢNG" then a word of KH: no other mark or title starts so ("THƯỢNG KHIỀN", "THƯỢNG KHÍ" of a
# red box read on the stamp it touches)
RE_MARK = re.compile(r"\b(?P<k>ho[a]?\s*toc(?:\s*hen\s*gio)?|thuong\s*kh\p{L}{0,4}|khan|tuyet\s*mat|toi\s*mat"
                     r"|mat)\b")


def _candidates(view: View) -> list[str]:
    parts = [p for ln in view.header(20) for p in ln.parts]
    parts += [ln for ln in view.ink_text.splitlines()]
    for ln in (view.stamp_text or "").splitlines():      # a red mark stamped next to (or on) the ĐẾN stamp
        cut = _STAMP_LABEL.search(vntext.fold(ln, aligned=True))
        if cut and cut.start() > 2:
            parts.append(ln[: cut.start()])
        elif not cut:
            parts.append(ln)                             # a line of its own: only a mark passes below
    out = []
    for p in (chunk for part in parts for chunk in re.split(r"[|\[\]]", part)):   # "MẠT| |KHAN|": box edges
        letters = re.sub(r"[^\p{L} ]+", " ", p)
        if letters.strip() and sum(map(str.isupper, letters)) >= 0.8 * sum(map(str.isalpha, letters)):
            out.append(re.sub(r"\s+", " ", vntext.fold(letters, aligned=True)).strip())
    return out


def find_marks(view: View) -> tuple[str | None, str | None, float]:
    urgency = secrecy = None
    for text in _candidates(view):
        found = [m["k"] for m in RE_MARK.finditer(text)]
        if not found or len(RE_MARK.sub("", text).replace(" ", "")) > 1:
            continue                                    # marks stand alone (but for a letter of the box's edge)
        for k in found:
            if k.endswith("mat"):
                secrecy = secrecy or ("Tuyệt mật" if k.startswith("tuy") else "Tối mật" if k.startswith("to")
                                      else "Mật")
            else:
                urgency = urgency or ("Hỏa tốc" if k.startswith("ho") else "Thượng khẩn" if k.startswith("th")
                                      else "Khẩn")
    return urgency, secrecy, level.READ_BOUNDED
