"""The stamp digit model: CTC decoding limited to digits (no model needed), and the real model."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from congvan.ocr import digit_model
from congvan.ocr.digit_model import FRAME, decode, normalised, read_lines, trimmed
from congvan.pipeline.core.errors import MissingDependencyError, OcrEngineError

# a toy output layer: class 0 the blank, then "x" (a letter the decoding must never give), "1", "2"
KEPT = np.array([0, 2, 3])
SYMBOLS = "\0" + "12"


def _steps(*rows: tuple[float, float, float, float]) -> np.ndarray:
    return np.array(rows, np.float32)


def test_repeats_merge_unless_a_blank_parts_them() -> None:
    probs = _steps((0, 0, 1, 0), (0, 0, 1, 0), (1, 0, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1))
    assert decode(probs, KEPT, SYMBOLS) == ("112", 1.0)


def test_a_letter_step_gives_its_likeliest_kept_symbol_and_a_low_confidence() -> None:
    # the letter "x" is surest at the second step; of the kept classes "2" is likelier than the blank
    probs = _steps((0.1, 0, 0.9, 0), (0.05, 0.75, 0, 0.2))
    text, conf = decode(probs, KEPT, SYMBOLS)
    assert text == "12"
    assert conf == pytest.approx((0.9 + 0.2) / 2)


def test_nothing_kept_is_an_empty_reading_at_zero() -> None:
    probs = _steps((1, 0, 0, 0), (0.2, 0.8, 0, 0))
    assert decode(probs, KEPT, SYMBOLS) == ("", 0.0)


def _alignments(labels: list[int], steps: int) -> set[tuple[int, ...]]:
    """Every path of ``steps`` classes that CTC collapses to ``labels`` (blank 0), by brute force."""
    from itertools import product

    def collapse(path: tuple[int, ...]) -> list[int]:
        out, prev = [], 0
        for c in path:
            if c != 0 and c != prev:
                out.append(c)
            prev = c
        return out

    return {p for p in product(range(4), repeat=steps) if collapse(p) == labels}


def test_the_ctc_likelihood_sums_every_alignment_of_the_labels() -> None:
    rng = np.random.default_rng(7)
    probs = rng.random((5, 4))
    probs /= probs.sum(axis=1, keepdims=True)
    for labels in ([1], [1, 2], [2, 2], [1, 2, 3], [3, 3, 3], []):
        expected = sum(np.prod([probs[t, c] for t, c in enumerate(path)]) for path in _alignments(labels, 5))
        assert np.isclose(np.exp(digit_model.log_likelihood(probs, labels)), expected), labels
    assert np.isclose(np.exp(digit_model.best_path(probs)), np.prod(probs.max(axis=1)))


def test_a_crop_is_scaled_to_the_model_height_and_padded_right() -> None:
    crop = np.full((96, 100), 255, np.uint8)
    crop[:, :10] = 0
    out = normalised(crop, 320)
    assert out.shape == (3, 48, 320)
    assert out[0, 0, 0] == -1.0 and out[0, 0, 30] == 1.0      # ink and paper, scaled to [-1, 1]
    assert (out[:, :, 50:] == 0).all()                          # beyond the crop's 50 columns


def test_the_digit_model_gets_the_value_cut_to_its_ink_with_a_white_frame() -> None:
    crop = np.full((60, 700), 255, np.uint8)
    crop[20:40, 30:130] = 0                     # the value, at the start of a slot-wide crop
    out = trimmed(crop)
    assert out.shape == (60 + 2 * FRAME, 100 + 2 * FRAME + 2 * FRAME)
    assert (out[:, :2 * FRAME] == 255).all() and (out[:, -2 * FRAME:] == 255).all()
    blank = np.full((60, 700), 255, np.uint8)
    assert trimmed(blank).shape == (60 + 2 * FRAME, 700 + 2 * FRAME)


def test_a_speck_far_from_the_value_is_left_out_of_the_cut() -> None:
    crop = np.full((60, 700), 255, np.uint8)
    crop[20:40, 30:130] = 0                     # the value
    crop[25:28, 600:603] = 0                    # a speck of the paper, far right of it
    assert trimmed(crop).shape == (60 + 2 * FRAME, 100 + 4 * FRAME)
    crop[20:40, 300:330] = 0                    # a far group with its own weight is kept
    assert trimmed(crop).shape == (60 + 2 * FRAME, 300 + 4 * FRAME)


def _render(text: str) -> np.ndarray:
    img = np.full((90, 40 + 42 * len(text)), 255, np.uint8)
    cv2.putText(img, text, (20, 65), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 1.8, 0, 3, cv2.LINE_AA)
    return img


def test_the_real_model_reads_hand_styled_numbers_and_dates() -> None:
    assert digit_model.available(), f"{digit_model.model_path()} is missing: run `make setup`"
    got = read_lines([_render("2880"), _render("29/06/2021"), _render("21.02.16")])
    assert [text for text, _ in got] == ["2880", "29/06/2021", "21.02.16"]
    assert all(conf > 0.9 for _, conf in got)


def test_the_real_model_reads_nothing_on_blank_paper_or_noise() -> None:
    noise = (np.random.default_rng(0).random((60, 300)) * 255).astype(np.uint8)
    assert read_lines([np.full((60, 200), 255, np.uint8), noise]) == [("", 0.0), ("", 0.0)]
    assert read_lines([]) == []


def test_without_the_model_it_is_not_available_and_says_how_to_fetch_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONGVAN_DIGIT_MODEL", str(tmp_path / "absent.onnx"))
    assert not digit_model.available()
    with pytest.raises(MissingDependencyError, match="make setup"):
        read_lines([_render("1")])


def test_a_model_file_onnxruntime_cannot_load_is_an_engine_error_that_says_how_to_fix_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    monkeypatch.setenv("CONGVAN_DIGIT_MODEL", str(bad))
    assert digit_model.available()
    with pytest.raises(OcrEngineError, match="make setup"):
        read_lines([_render("1")])
