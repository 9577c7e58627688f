from __future__ import annotations

from extractors.lexicon import restore


def test_marks_restored_only_where_letters_match() -> None:
    assert restore("Các doanh nghiệp viên thông") == "Các doanh nghiệp viễn thông"
    assert restore("SỞ THÔNG TIN VÀ TRUYÊN THÔNG") == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert restore("Thường trực Tỉnh ủy") == "Thường trực Tỉnh ủy"          # already right
    assert restore("Viện thông tin khoa học") == "Viện thông tin khoa học"   # "viện" alone is not changed


def test_letters_that_differ_are_not_touched() -> None:
    assert restore("Viettel Hải Dương") == "Viettel Hải Dương"
    assert restore("thành phần hồ sơ") == "thành phần hồ sơ"
