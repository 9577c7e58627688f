"""The words of the incoming stamp (dấu ĐẾN), folded as congvan matches them (no diacritics, lower
case): one vocabulary for the OCR's stamp readers and for the extractors.

Nghị định 30/2020/NĐ-CP, Phụ lục IV (mục V): the stamp reads ĐẾN, then Số, Ngày, Chuyển and Số và
ký hiệu hồ sơ (Lưu hồ sơ số). The longer stamps agencies cut (CÔNG VĂN ĐẾN, VĂN BẢN ĐẾN) add the
leader's handling lines (Điều 21–22): Lãnh đạo, Chỉ đạo or Ý kiến, Xử lý chính, Phối hợp. Each
module builds its patterns from these; where a word needs context in running text (a body's
"Ban Chỉ đạo", "chuyển đổi số") the module says so beside its pattern.
"""

from __future__ import annotations

from collections.abc import Iterable

TITLE = "den"                                    # ĐẾN
TITLE_LONG = "cong van den"                      # CÔNG VĂN ĐẾN
NUMBER = "so"                                    # Số
NUMBER_LONG = "so den"                           # Số đến
DATE = "ngay"                                    # Ngày
FILED = ("luu ho so so", "so va ky hieu hs")     # where the document is filed: no record field

# the handling lines, in the order a line is tried, with the ``incoming.handling`` field each fills
HANDLING: tuple[tuple[str, str], ...] = (
    ("xu ly chinh", "main"), ("lanh dao", "leader"), ("chi dao", "direction"), ("y kien", "direction"),
    ("phoi hop", "coordination"), ("chuyen", "main"),
)
# the lines a unit's code is written on
UNIT_LINES = ("xu ly chinh", "phoi hop", "chuyen")
# the handling labels as they mark a stamp line in running text, also cut short ("Xử lý:"); not
# "Ý kiến", which opens ordinary sentences too
STEMS = ("lanh dao", "chi dao", "xu ly", "phoi hop", "chuyen")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` (folded text, so no escaping is needed), longest first."""
    return "|".join(sorted(words, key=len, reverse=True))
