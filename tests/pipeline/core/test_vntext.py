from __future__ import annotations

import random
import unicodedata

from congvan.pipeline.core import vntext
from congvan.pipeline.core.vntext import canon, canon_folded, fold, fold_tones


def test_old_and_new_tone_placement_compare_equal() -> None:
    assert fold_tones("Hoà") == "Hòa"
    assert fold_tones("Uỷ ban") == "Ủy ban"
    assert fold_tones("thuỷ") == "thủy"
    assert fold_tones("HOẢ TỐC") == "HỎA TỐC"
    assert canon("Uỷ  ban nhân dân") == canon("ủy ban nhân dân")


def test_tone_fold_leaves_other_words() -> None:
    assert fold_tones("hoàn thành") == "hoàn thành"
    assert fold_tones("quý") == "quý"
    assert fold_tones("khoá") == "khóa"


def test_tone_fold_finds_old_placements_anywhere_in_a_text() -> None:
    text = "Chủ tịch và các thành viên, quà tặng, hoà giải; Uỷ ban; thuở xưa; toà án. Xoá"
    assert fold_tones(text) == "Chủ tịch và các thành viên, quà tặng, hòa giải; Ủy ban; thuở xưa; tòa án. Xóa"
    assert fold_tones("quà và quỷ") == "quà và quỷ"


def test_fold_handles_d_bar() -> None:
    assert fold("Quyết định") == "Quyet dinh"
    assert fold("ĐẾN") == "DEN"
    assert canon_folded("Đồng Nai") == "dong nai"


def test_nfd_input_is_normalised() -> None:
    nfd = unicodedata.normalize("NFD", "Hoà Bình")
    assert canon(nfd) == canon("Hòa Bình")


def test_long_texts_fold_as_short_ones() -> None:
    """Bodies (long) are folded through a table; it must agree with the short path on any text:
    Vietnamese mixed with characters from the whole BMP, combining marks and astral characters."""
    rng = random.Random(5)
    sentence = "Quyết định số 25/QĐ-UBND về việc tăng cường an toàn thông tin, Ủy ban nhân dân tỉnh Hoà Bình"
    words = sentence.split()
    pool = [chr(cp) for cp in range(0x80, 0x10000) if not 0xD800 <= cp < 0xE000] + ["\u0301", "\u0323", "🙂", "ǅ"]
    for _ in range(300):
        parts = [rng.choice(words) if rng.random() < 0.7 else rng.choice(pool) for _ in range(120)]
        text = unicodedata.normalize("NFC", " ".join(parts))
        assert len(text) >= vntext._LONG
        assert vntext._fold_long(text) == vntext._fold_short(text), text


def test_fold_table_matches_every_bmp_character() -> None:
    table, multi = vntext._fold_table()
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        short = vntext._fold_short(chr(cp))
        assert (len(short) > 1) == bool(multi[cp])
        if len(short) <= 1:
            assert int(table[cp]) == (ord(short) if short else 0), hex(cp)


def test_fold_variants_are_parameters_of_the_one_fold() -> None:
    text = "QUYÊT ĐỊNH Về việc Kính gủi Ủy ban nhân dân tỉnh Hoà Bình, ø"
    aligned = vntext.fold(text, aligned=True)
    assert len(aligned) == len(text)                                   # one character for one: offsets hold
    assert aligned == "quyet dinh ve viec kinh gui uy ban nhan dan tinh hoa binh, o"
    assert vntext.fold(text, lower=True) == vntext.fold(text).lower()
    assert vntext.fold("Đường") == "Duong" and vntext.fold("Đường", lower=True) == "duong"
    vietnamese = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    for ch in vietnamese + vietnamese.upper():
        assert vntext.fold(ch, aligned=True) == vntext.fold(ch, lower=True), ch
