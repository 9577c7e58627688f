from __future__ import annotations

from datetime import date

from congvan.extractors.deadlines import find_deadlines
from congvan.extractors.view import from_text


def test_absolute_deadlines() -> None:
    text = "Báo cáo gửi về Sở trước ngày 15/12/2020. Hồ sơ gửi chậm nhất ngày 5 tháng 3 năm 2021 để tổng hợp."
    got, _ = find_deadlines(from_text(text), date(2020, 11, 2))
    assert [(d["date"], d["recurring"]) for d in got] == [("2020-12-15", None), ("2021-03-05", None)]
    assert got[0]["text"] == "trước ngày 15/12/2020"


def test_yearly_deadline_is_the_first_after_the_document_date() -> None:
    got, _ = find_deadlines(from_text("Báo cáo trước ngày 20 tháng 6 hằng năm."), date(2016, 8, 1))
    assert got == [{"date": "2017-06-20", "text": "trước ngày 20 tháng 6 hằng năm", "recurring": "yearly"}]


def test_yearly_sentence() -> None:
    got, _ = find_deadlines(from_text("Hàng năm, các đơn vị gửi báo cáo trước ngày 20 tháng 6."),
                            date(2019, 3, 8))
    assert [(d["date"], d["recurring"]) for d in got] == [("2019-06-20", "yearly")]


def test_day_without_year_is_on_or_after_the_document() -> None:
    got, _ = find_deadlines(from_text("gửi trước ngày 10/01 để tổng hợp"), date(2019, 12, 20))
    assert got[0]["date"] == "2020-01-10" and got[0]["recurring"] is None


def test_deadline_with_an_hour() -> None:
    got, _ = find_deadlines(from_text("Gửi báo cáo trước 17 giờ ngày 20/6/2020; chậm nhất là ngày 25/6/2020."),
                            date(2020, 6, 1))
    assert [d["date"] for d in got] == ["2020-06-20", "2020-06-25"]


def test_a_named_time_limit_with_words_before_its_day() -> None:
    text = ("Hạn cuối nộp hồ sơ: ngày 20/01/2024. Thời hạn thực hiện: ngày 20 tháng 02 năm 2024. "
            "Thời hạn hoàn thành trước ngày 30/6/2024. Thời hạn: từ ngày 1/1/2024 đến ngày 31/12/2024.")
    got, _ = find_deadlines(from_text(text), date(2024, 1, 5))
    assert [(d["date"], d["text"]) for d in got] == [
        ("2024-01-20", "Hạn cuối nộp hồ sơ: ngày 20/01/2024"),
        ("2024-02-20", "Thời hạn thực hiện: ngày 20 tháng 02 năm 2024"),
        ("2024-06-30", "trước ngày 30/6/2024"),             # the "trước" phrase, not the words before it
    ]                                                       # a period's start ("từ ngày") is no deadline


def test_ocr_rn_for_m_in_a_deadline() -> None:
    got, _ = find_deadlines(from_text("Báo cáo trước ngày 20 thárig 6 nărn 2024."), date(2024, 1, 5))
    assert [d["date"] for d in got] == ["2024-06-20"]


def test_cham_nhat_misread_and_khong_qua_are_deadlines() -> None:
    text = "Báo cáo gửi về Sở chận nhất ngày 15/04/2016. Hồ sơ nộp không quá ngày 30/4/2016."
    got, _ = find_deadlines(from_text(text), date(2016, 3, 21))
    assert [(d["date"], d["text"]) for d in got] == [("2016-04-15", "chận nhất ngày 15/04/2016"),
                                                     ("2016-04-30", "không quá ngày 30/4/2016")]
    # "quá" without "không" is none
    assert find_deadlines(from_text("Hồ sơ gửi quá ngày 30/4/2016 thì không xét."), date(2016, 3, 21))[0] == []


def test_a_yearly_deadline_with_its_words_glued_and_its_digits_read_as_letters() -> None:
    got, _ = find_deadlines(from_text("Báo cáo trước ngày I0 tháng l hàngnăm."), date(2012, 12, 5))
    assert got == [{"date": "2013-01-10", "text": "trước ngày I0 tháng l hàngnăm", "recurring": "yearly"}]
