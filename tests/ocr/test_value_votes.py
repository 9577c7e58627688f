"""Weighing the readings of a stamp value; a date's lost separators (pure functions)."""

from __future__ import annotations

from congvan.ocr.value_votes import agreed, between, dropped, separated


def test_tesseract_and_the_digit_model_agree_or_the_surer_wins_at_a_lowered_confidence() -> None:
    assert between((0.85, "1532"), (0.99, "1532")) == (0.99, "1532")
    assert between((0.85, "2461"), (0.94, "2481")) == (0.5, "2481")      # they disagree: check it
    assert between((0.79, "881"), (0.99, "88")) == (0.5, "881")          # the model dropped a digit
    assert between((0.3, "207"), (0.9, "3207")) == (0.5, "3207")
    assert between(None, (0.7, "250")) == (0.7, "250") and between((0.6, "250"), None) == (0.6, "250")
    assert between(None, None) == (0.0, "")


def test_the_value_most_readings_give_wins_and_confidence_breaks_a_tie() -> None:
    assert agreed([(0.55, "2461"), (0.2, "2461"), (0.94, "2481")]) == (0.55, "2461")
    assert agreed([(0.85, "1332"), (0.99, "1532")]) == (0.99, "1532")
    assert agreed([(0.3, "250")]) == (0.3, "250")


def test_a_reread_that_only_drops_digits_of_the_first_reading_does_not_replace_it() -> None:
    assert dropped("3207", "207") and dropped("3207", "320") and dropped("28/04/11", "28/04/1")
    assert not dropped("28960", "2880")        # a different reading, not a shorter one
    assert not dropped("2461", "2481") and not dropped("207", "3207") and not dropped("250", "250")


def test_a_date_that_lost_its_separators_gets_them_back_only_where_one_way_fits() -> None:
    assert separated("21.022016") == "21/02/2016"
    assert separated("2102.2016") == "21/02/2016"
    assert separated("21022016") == "21/02/2016" and separated("210216") == "21/02/16"
    assert separated("2.022016") == "2/02/2016"
    assert separated("21192016") is None          # month 19
    assert separated("2119206") is None           # seven digits: no one way
    assert separated("1532") is None and separated("21/02/2016") is None and separated("2a.022016") is None
