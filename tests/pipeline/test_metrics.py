from __future__ import annotations

import pytest

from congvan.pipeline.metrics import cer, char_errors


def test_identical_is_zero() -> None:
    assert cer("Số: 25/CT-UBND\tHà Nội", "Số: 25/CT-UBND\tHà Nội") == 0.0


def test_column_order_does_not_count_but_errors_do() -> None:
    ref = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 25/CT-UBND"
    swapped = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nỦY BAN NHÂN DÂN\nSố: 25/CT-UBND"
    assert cer(ref, swapped) == 0.0
    assert cer(ref, swapped, reorder=False) > 0.0
    dist, n = char_errors(ref, swapped.replace("Số", "Sô"))
    assert dist == 1 and n == len("ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 25/CT-UBND")


def test_nfd_reference_is_not_penalised() -> None:
    import unicodedata

    text = "Quyết định số 47/QĐ-UBND"
    assert cer(unicodedata.normalize("NFD", text), text) == 0.0


def test_marks_stripped() -> None:
    assert cer("quyết định", "quyet dinh") == pytest.approx(3 / 10)   # ế, đ, ị
    assert cer("quyết định", "quyet dinh", strip_marks=True) == 0.0


def test_wrapped_lines_of_an_unwrapped_paragraph_keep_their_order() -> None:
    ref = "Số: 12/UBND\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi"
    hyp = "Căn cứ Luật Tổ chức chính quyền địa phương\nngày 19 tháng 6 năm 2015; Luật sửa đổi\nSố: 12/UBND"
    dist, _ = char_errors(ref, hyp)
    assert dist <= 2                     # the two line breaks of the wrapping, nothing else
