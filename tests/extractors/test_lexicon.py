from __future__ import annotations

from congvan.extractors.lexicon import restore


def test_marks_restored_only_where_letters_match() -> None:
    assert restore("Các doanh nghiệp viên thông") == "Các doanh nghiệp viễn thông"
    assert restore("SỞ THÔNG TIN VÀ TRUYÊN THÔNG") == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert restore("Thường trực Tỉnh ủy") == "Thường trực Tỉnh ủy"          # already right
    assert restore("Viện thông tin khoa học") == "Viện thông tin khoa học"   # "viện" alone is not changed


def test_letters_that_differ_are_not_touched() -> None:
    assert restore("Viettel Hải Dương") == "Viettel Hải Dương"
    assert restore("thành phần hồ sơ") == "thành phần hồ sơ"


def test_a_long_phrase_mends_one_letter_of_one_word() -> None:
    assert restore("vận hành Công thông tiu điện tử của tỉnh") == "vận hành Cổng thông tin điện tử của tỉnh"
    assert restore("Công thông tiu điện tử") == "Cổng thông tin điện tử"


def test_short_phrases_and_two_letters_off_are_not_mended() -> None:
    assert restore("thông tiu điện") == "thông tiu điện"                   # three words: marks only
    assert restore("Công thông tưu điện tử") == "Công thông tưu điện tử"    # "tuu": two letters off "tin"
    assert restore("Công thông ti điện tử") == "Công thông ti điện tử"      # a letter lost: not one off


def test_the_units_domain_terms_are_known_phrases() -> None:
    # van-thu.md §8: the units' keywords, as OCR confuses their marks
    assert restore("phòng chống mã độc và ứng cứu sự cổ") == "phòng chống mã độc và ứng cứu sự cố"
    assert restore("Hội nghị truyền hình trực tuyên") == "Hội nghị truyền hình trực tuyến"
    assert restore("mà đọc") == "mà đọc"                   # two words alone: no domain term imposed


def test_three_word_names_carry_their_own_context() -> None:
    assert restore("- Các công thông tin, EPU 235;") == "- Các cổng thông tin, EPU 235;"
    assert restore("Ủy ban Quốc gia Ứng phó sự có, TT và TKCN") == "Ủy ban Quốc gia Ứng phó sự cố, TT và TKCN"
    assert restore("nhờ sự có mặt của đại biểu") == "nhờ sự có mặt của đại biểu"    # two words: left as read
