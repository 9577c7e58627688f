from __future__ import annotations

import unicodedata

from pipeline.vntext import canon, canon_folded, fold, fold_tones


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


def test_fold_handles_d_bar() -> None:
    assert fold("Quyết định") == "Quyet dinh"
    assert fold("ĐẾN") == "DEN"
    assert canon_folded("Đồng Nai") == "dong nai"


def test_nfd_input_is_normalised() -> None:
    nfd = unicodedata.normalize("NFD", "Hoà Bình")
    assert canon(nfd) == canon("Hòa Bình")
