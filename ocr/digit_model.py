"""A second reader for stamp values and unsure numbers: PP-OCRv4's text-line model.

Tesseract's LSTM reads the handwritten and italic digits of a stamp poorly, and when it is wrong it
is often sure ("2880" read "2860" at 0.93, "1532" read "1332" at 0.85). PP-OCRv4's recogniser
(Apache-2.0, the ONNX export shipped in the ``rapidocr_onnxruntime`` 1.4.4 wheel) is another
model, trained on other data, and errs elsewhere. Its reading is weighed against Tesseract's
(:mod:`ocr.value_votes`) in :mod:`ocr.stamp_values` and :mod:`ocr.digits`; limited to Latin
letters it also reads the stamp's unit codes (:mod:`ocr.stamp_units`).

The model gives, for each column step of the line, a probability over 6,625 symbols. Decoding
keeps only the CTC blank and the symbols allowed (:data:`ALLOWED`, digits and ``/ . -``, unless
told): the same restriction Tesseract's whitelist puts on its own reading. A step whose best
symbol is not allowed then yields its likeliest allowed symbol or nothing, and the reading's
confidence is the mean probability of the symbols kept, so a digit read in place of a letter
comes out unsure. It has no Vietnamese letters: it never reads the text of the page.

The model is a 10.9 MB file fetched by ``make setup`` (``scripts/fetch-digit-model``) into
``<venv>/share/congvan``, or named by ``CONGVAN_DIGIT_MODEL``. Without it, :func:`available` is
false and Tesseract reads alone.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from congvan.pipeline.core.errors import MissingDependencyError, OcrEngineError

MODEL_FILE = "ch_PP-OCRv4_rec_infer.onnx"
MODEL_SHA256 = "48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b"
ALLOWED = "0123456789/.-"
HEIGHT = 48          # the model's input height in pixels
MIN_WIDTH = 320      # the width it was trained at; narrower lines are padded to it
FRAME = 10           # white pixels round a crop's ink
BEAM = 8             # prefixes kept by decode_beam
BEAM_FLOOR = 1e-3    # a symbol less likely than this at a step does not start a new prefix there
SPECK = 0.1          # share of a crop's ink below which a far-off run of columns is a speck


def model_path() -> Path:
    """Where the model is looked for: ``CONGVAN_DIGIT_MODEL``, else ``<sys.prefix>/share/congvan``."""
    named = os.environ.get("CONGVAN_DIGIT_MODEL")
    return Path(named) if named else Path(sys.prefix) / "share" / "congvan" / MODEL_FILE


def available() -> bool:
    """Whether the model file is there and onnxruntime is installed (without importing it: a
    process that never reads a stamp does not pay for it)."""
    return model_path().is_file() and importlib.util.find_spec("onnxruntime") is not None


@lru_cache(maxsize=2)
def _model(path: str) -> tuple[Any, dict[str, int]]:
    """The inference session (one thread: one process per core) and each symbol's class."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    options.enable_cpu_mem_arena = False     # its arena keeps the largest batch's memory for good
    session = ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])
    symbols = session.get_modelmeta().custom_metadata_map["character"].splitlines()
    # the output's classes: 0 the CTC blank, then the model's symbols, then a space
    index = {s: i + 1 for i, s in enumerate(symbols)}
    index[" "] = len(symbols) + 1
    return session, index


def _engine_errors() -> tuple[type[Exception], ...]:
    """The exceptions onnxruntime raises for a model it cannot load or run (they derive from
    Exception alone)."""
    from onnxruntime.capi import onnxruntime_pybind11_state as state

    names = ("Fail", "InvalidArgument", "NoSuchFile", "NoModel", "EngineError", "RuntimeException",
             "InvalidProtobuf", "ModelLoaded", "NotImplemented", "InvalidGraph", "EPFail")
    return tuple(getattr(state, n) for n in names if isinstance(getattr(state, n, None), type))


def kept_classes(index: dict[str, int], allowed: str) -> tuple[np.ndarray, str]:
    """The classes decoding may give (the blank first) and their symbols ("\0" for the blank)."""
    return np.array([0] + [index[c] for c in allowed]), "\0" + allowed


def trimmed(crop: np.ndarray) -> np.ndarray:
    """A crop cut to the columns where it has ink, with :data:`FRAME` white pixels round it.

    A stamp value's crop runs to the end of its label's slot: the model reads the specks far
    right of the value as more digits, or loses the value's last digit when it has the whole
    slot to read ("255" for "2557")."""
    ink = (crop < 128).sum(axis=0)
    cols = np.nonzero(ink)[0]
    if len(cols):
        first, last = _bulk(cols, ink, crop.shape[0])
        crop = crop[:, max(0, first - FRAME):last + FRAME + 1]
    return cv2.copyMakeBorder(crop, FRAME, FRAME, FRAME, FRAME, cv2.BORDER_CONSTANT, value=255)


def _bulk(cols: np.ndarray, ink: np.ndarray, height: int) -> tuple[int, int]:
    """The first and last inked column, leaving out a speck at either end: a run of columns
    farther than the crop's height from the next ink, with under :data:`SPECK` of the ink."""
    gaps = np.nonzero(np.diff(cols) > height)[0]
    runs = np.split(cols, gaps + 1)
    total = float(ink.sum())
    while len(runs) > 1 and ink[runs[0]].sum() < SPECK * total:
        runs = runs[1:]
    while len(runs) > 1 and ink[runs[-1]].sum() < SPECK * total:
        runs = runs[:-1]
    return int(runs[0][0]), int(runs[-1][-1])


def normalised(crop: np.ndarray, width: int) -> np.ndarray:
    """A grey crop as the model takes it: 3 × :data:`HEIGHT` × ``width``, scaled to [-1, 1],
    right-padded with zeros (the model's padding) beyond the crop's own width."""
    h, w = crop.shape[:2]
    scaled_w = max(1, min(width, round(w * HEIGHT / max(1, h))))
    line = cv2.resize(crop, (scaled_w, HEIGHT), interpolation=cv2.INTER_AREA if h > HEIGHT else cv2.INTER_LINEAR)
    out = np.zeros((3, HEIGHT, width), np.float32)
    out[:, :, :scaled_w] = (line.astype(np.float32) / 255.0 - 0.5) / 0.5
    return out


def decode(probs: np.ndarray, kept: np.ndarray, symbols: str) -> tuple[str, float]:
    """Greedy CTC decoding over the kept classes only: ``probs`` is steps × classes.

    Repeats of a symbol merge unless a blank parts them; the confidence is the mean probability
    (over all classes) of the symbols kept, 0.0 when none is.
    """
    sub = probs[:, kept]
    best = sub.argmax(axis=1)
    text: list[str] = []
    conf: list[float] = []
    previous = 0
    for step, k in enumerate(best):
        if k != 0 and k != previous:
            text.append(symbols[k])
            conf.append(float(sub[step, k]))
        previous = int(k)
    return "".join(text), (sum(conf) / len(conf) if conf else 0.0)


def decode_beam(probs: np.ndarray, kept: np.ndarray, symbols: str, width: int = BEAM) -> list[tuple[str, float]]:
    """CTC prefix beam search over the kept classes: the likeliest *labellings*, each summed over
    its alignments (greedy decoding takes the likeliest single path), best first, with their
    share of the beam's probability.

    A doubled digit ("299", "2116") needs a blank between its two strokes; on a tight crop the
    likeliest path often runs them together and greedy decoding drops one ("29"). The labelling
    with the blank is then still the likelier one overall. The runners-up are what a caller that
    knows the value's grammar (a day is 1–31) falls back on when the best does not fit.
    """
    sub = probs[:, kept]
    sub = sub / np.maximum(sub.sum(axis=1, keepdims=True), 1e-30)
    beams: dict[tuple[int, ...], tuple[float, float]] = {(): (1.0, 0.0)}   # prefix → (P ends blank, P ends label)
    for step in sub:
        nxt: dict[tuple[int, ...], list[float]] = {}
        live = [int(k) for k in np.nonzero(step > BEAM_FLOOR)[0] if k != 0]
        for prefix, (p_blank, p_label) in beams.items():
            entry = nxt.setdefault(prefix, [0.0, 0.0])
            entry[0] += (p_blank + p_label) * float(step[0])
            if prefix:
                entry[1] += p_label * float(step[prefix[-1]])          # the same label, no blank between
            for k in live:
                longer = nxt.setdefault((*prefix, k), [0.0, 0.0])
                if prefix and prefix[-1] == k:
                    longer[1] += p_blank * float(step[k])            # a repeat needs the blank first
                else:
                    longer[1] += (p_blank + p_label) * float(step[k])
        ranked = sorted(nxt.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:width]
        scale = max(sum(ranked[0][1]), 1e-300)
        beams = {prefix: (pb / scale, pl / scale) for prefix, (pb, pl) in ranked}
    total = sum(pb + pl for pb, pl in beams.values()) or 1.0
    ranked_out = sorted(beams.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))
    return [("".join(symbols[k] for k in prefix), (pb + pl) / total) for prefix, (pb, pl) in ranked_out]


def log_likelihood(probs: np.ndarray, labels: list[int]) -> float:
    """log P(``labels`` | line) under CTC: the sum over every alignment of the class sequence
    ``labels`` (class indices, no blank) to the steps of ``probs`` (steps × classes)."""
    logp = np.log(np.maximum(probs, 1e-30))
    if not labels:
        return float(logp[:, 0].sum())                 # blank all the way
    ext = np.zeros(2 * len(labels) + 1, int)           # blank, l1, blank, l2, ..., blank
    ext[1::2] = labels
    skip = np.zeros(len(ext), bool)                    # a label may follow the previous one directly
    skip[3::2] = ext[3::2] != ext[1:-2:2]
    alpha = np.full(len(ext), -np.inf)
    alpha[:2] = logp[0, ext[:2]]
    for t in range(1, len(logp)):
        stay = alpha
        step = np.concatenate(([-np.inf], alpha[:-1]))
        jump = np.where(skip, np.concatenate(([-np.inf, -np.inf], alpha[:-2])), -np.inf)
        alpha = np.logaddexp(np.logaddexp(stay, step), jump) + logp[t, ext]
    return float(np.logaddexp(alpha[-1], alpha[-2]))


def best_path(probs: np.ndarray) -> float:
    """log P of the likeliest single alignment, over all the model's symbols: what the line
    scores when read freely."""
    return float(np.log(np.maximum(probs.max(axis=1), 1e-30)).sum())


def outputs(crops: list[np.ndarray]) -> tuple[list[np.ndarray], dict[str, int]]:
    """The model's output for each grey crop (one line) cut to its ink (:func:`trimmed`), all in
    one batch: steps × classes probabilities; and the class of each symbol. Raises
    :class:`MissingDependencyError` when the model is missing (see :func:`available`) and
    :class:`OcrEngineError` when onnxruntime cannot load or run it."""
    if not crops:
        return [], {}
    path = model_path()
    if not path.is_file():
        raise MissingDependencyError(f"the digit model is missing: run `make setup` (looked for {path})")
    crops = [trimmed(c) for c in crops]
    width = max([MIN_WIDTH] + [round(c.shape[1] * HEIGHT / max(1, c.shape[0])) for c in crops])
    batch = np.stack([normalised(c, width) for c in crops])
    try:
        session, index = _model(str(path))
        out = session.run(None, {session.get_inputs()[0].name: batch})[0]
    except _engine_errors() as exc:
        raise OcrEngineError(f"the digit model {path} cannot be used ({str(exc)[:160]}): run `make setup`, "
                             "or unset CONGVAN_DIGIT_MODEL") from exc
    return [out[n] for n in range(len(crops))], index


def read_lines(crops: list[np.ndarray], allowed: str = ALLOWED) -> list[tuple[str, float]]:
    """Each grey crop (one line: a stamp's value, a printed number) read with the symbols
    ``allowed`` only (digits and ``/ . -`` unless told), with a confidence (see :func:`outputs`)."""
    probs, index = outputs(crops)
    if not probs:
        return []
    kept, symbols = kept_classes(index, allowed)
    return [decode(p, kept, symbols) for p in probs]


def read_candidates(crops: list[np.ndarray], allowed: str) -> list[tuple[float, list[tuple[str, float]]]]:
    """Each crop's greedy confidence (see :func:`decode`) and its likeliest readings by
    :func:`decode_beam`, best first."""
    probs, index = outputs(crops)
    if not probs:
        return []
    kept, symbols = kept_classes(index, allowed)
    return [(decode(p, kept, symbols)[1], decode_beam(p, kept, symbols)) for p in probs]
