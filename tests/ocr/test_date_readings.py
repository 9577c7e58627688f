"""The whole dates an unsure stamp date may be, and their likelihood under the digit model."""

from __future__ import annotations

import cv2
import numpy as np

from congvan.ocr import digit_model
from congvan.ocr.date_readings import KEPT, MIN_SHARE, log_likelihoods, near_dates, ranked


def test_the_dates_near_a_reading_are_whole_and_within_two_edits() -> None:
    near = near_dates(["27/122"])
    assert "27/12/12" in near and "27/12/22" in near and "27/1/22" in near
    assert all(len(d.split("/")) == 3 for d in near)
    assert "27/11/11" not in near                               # three edits away
    # separators read as dots or dashes are a date's separators
    assert "21/02/16" in near_dates(["21.02.16"]) and "21/02/2016" in near_dates(["21-02-2016"])
    assert near_dates([""]) == [] and near_dates(["abcdefghijklmnop"]) == []


def test_batched_likelihoods_equal_the_one_at_a_time_ctc_forward() -> None:
    rng = np.random.default_rng(7)
    probs = rng.random((40, 14))
    probs /= probs.sum(axis=1, keepdims=True)
    rows = np.array([[3, 3, 5, 1], [2, 4, 4, 4], [1, 2, 3, 4]])
    batched = log_likelihoods(probs, rows)
    assert np.allclose(batched, [digit_model.log_likelihood(probs, list(r)) for r in rows])


def _written(text: str, erase: tuple[int, int] | None = None) -> np.ndarray:
    img = np.full((120, 900), 255, np.uint8)
    cv2.putText(img, text, (20, 90), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 2.4, 0, 6)
    if erase:
        img[:, erase[0]:erase[1]] = 255
    return img


def test_the_real_model_ranks_the_date_whose_strokes_were_lost_first() -> None:
    assert digit_model.available(), f"{digit_model.model_path()} is missing: run `make setup`"
    # the year's "1" all but lost: nothing the readers give has the shape of a date
    got = ranked([_written("27/12/12", (245, 270))], [])
    assert got[0][0] == "27/12/12" and got[0][1] > 0.9
    assert len(got) <= KEPT and all(share >= MIN_SHARE for _, share in got)
    assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
    # no ink, nothing to rank
    assert ranked([np.full((120, 900), 255, np.uint8)], []) == ()
