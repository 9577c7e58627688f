"""A clerk's correction: the field names a clerk uses, and values checked as extracted ones are."""

from __future__ import annotations

import pytest

from congvan.pipeline.core.errors import InputFileError
from congvan.pipeline.correct import field_path, parse_value


def test_field_names_short_dotted_and_vietnamese() -> None:
    assert field_path("subject") == field_path("document.subject") == field_path("trich-yeu") == "document.subject"
    assert field_path("so-den") == field_path("số đến") == field_path("arrival_number") == "incoming.arrival_number"
    assert field_path("ngày đến") == field_path("incoming.arrival_date") == "incoming.arrival_date"
    assert field_path("signer") == "document.signer.name" and field_path("signer.title") == "document.signer.title"
    with pytest.raises(InputFileError, match="route set"):
        field_path("routing.main")
    with pytest.raises(InputFileError, match="give one of"):
        field_path("colour")


def test_dates_are_real_calendar_dates_stored_iso() -> None:
    assert parse_value("document.date", "7/3/2016") == parse_value("document.date", "2016-03-07") == "2016-03-07"
    assert parse_value("incoming.arrival_date", "07.03.2016") == "2016-03-07"
    for bad in ("31/02/2016", "2016-13-01", "7/3", "hôm qua"):
        with pytest.raises(InputFileError):
            parse_value("document.date", bad)


def test_a_so_den_is_a_positive_whole_number() -> None:
    assert parse_value("incoming.arrival_number", " 0125 ") == "125"
    for bad in ("12a", "-3", "0", "1.5"):
        with pytest.raises(InputFileError):
            parse_value("incoming.arrival_number", bad)


def test_marks_take_only_their_decree_forms_typed_with_or_without_diacritics() -> None:
    assert parse_value("document.urgency", "thuong khan") == "Thượng khẩn"
    assert parse_value("document.urgency", "HỎA TỐC") == "Hỏa tốc"
    assert parse_value("document.confidentiality", "toi mat") == "Tối mật"
    assert parse_value("document.signer.authority", "kt") == "KT."
    with pytest.raises(InputFileError, match="Khẩn"):
        parse_value("document.urgency", "gấp")


def test_lists_clearing_and_nfc() -> None:
    assert parse_value("document.recipients", "UBND các huyện; ; Sở Tài chính ") == ["UBND các huyện", "Sở Tài chính"]
    assert parse_value("document.references", "25/CT-UBND; 99-QĐ/TW") == [{"number": "25/CT-UBND"},
                                                                          {"number": "99-QĐ/TW"}]
    assert parse_value("document.subject", "-") is None and parse_value("document.recipients", "") == []
    decomposed = "Về vie\u0323\u0302c  tăng cường"          # NFD marks and a double space, as pasted
    assert parse_value("document.subject", decomposed) == "Về việc tăng cường"
