"""The whole dates a stamp's ngày đến could be, and how likely each is under the digit model.

A hand-filled date the recognisers read without its year, or with a digit too many ("27/122",
"37/1271" for 27/12/12), is a reading of the right ink with some strokes lost or added. The
stamp is filled in as dd/mm/yy (NĐ 30 Phụ lục IV; some offices write the year in full): the
dates of that form within two edits of what was read are scored by their CTC likelihood on the
value's crops (:func:`~ocr.digit_model.log_likelihood`), and the likeliest few are kept, each
with its share of the likelihood. They go with the value's word as its
:attr:`~ocr.types.Word.alternatives`; which of them is the date is for the extractor to say,
which knows the document's date (a stamp cannot precede it).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from congvan.ocr import digit_model
from congvan.ocr.types import Alternatives

NEAR = 2                  # edits from a reading to a date scored
KEPT = 5                  # dates kept per value
MIN_SHARE = 0.001         # a date with less of the likelihood than this is not kept
FULL_YEARS = range(1990, 2040)


@lru_cache(maxsize=1)
def _whole_dates() -> tuple[str, ...]:
    """Every d/m/yy and d/m/yyyy string a stamp can hold, with and without leading zeros."""
    out: set[str] = set()
    years = [f"{y:02}" for y in range(100)] + [str(y) for y in FULL_YEARS]
    for d in range(1, 32):
        for m in range(1, 13):
            for ds in {str(d), f"{d:02}"}:
                for ms in {str(m), f"{m:02}"}:
                    out.update(f"{ds}/{ms}/{y}" for y in years)
    return tuple(sorted(out))


def near_dates(readings: list[str]) -> list[str]:
    """The whole dates within :data:`NEAR` edits of any of ``readings`` (separators as "/")."""
    found: set[str] = set()
    for text in {r.replace(".", "/").replace("-", "/") for r in readings if r}:
        found.update(c for c, _, _ in process.extract(text, _whole_dates(), scorer=Levenshtein.distance,
                                                      score_cutoff=NEAR, limit=None))
    return sorted(found)


def log_likelihoods(probs: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """log P(row | line) under CTC for each row of ``labels`` (rows × length class indices, all
    the same length): :func:`~ocr.digit_model.log_likelihood` for many sequences at once."""
    logp = np.log(np.maximum(probs, 1e-30))
    rows, length = labels.shape
    ext = np.zeros((rows, 2 * length + 1), int)
    ext[:, 1::2] = labels
    skip = np.zeros(ext.shape, bool)
    skip[:, 3::2] = ext[:, 3::2] != ext[:, 1:-2:2]
    alpha = np.full(ext.shape, -np.inf)
    alpha[:, :2] = logp[0][ext[:, :2]]
    edge = np.full((rows, 1), -np.inf)
    for t in range(1, len(logp)):
        step = np.concatenate((edge, alpha[:, :-1]), axis=1)
        jump = np.where(skip, np.concatenate((edge, edge, alpha[:, :-2]), axis=1), -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, step), jump) + logp[t][ext]
    out: np.ndarray = np.logaddexp(alpha[:, -1], alpha[:, -2])
    return out


def ranked(crops: list[np.ndarray], readings: list[str]) -> Alternatives:
    """The likeliest whole dates for one value's ``crops`` (renderings of the same ink), near
    what the model reads in them or any of ``readings``: (date, share of the likelihood of the
    dates scored), likeliest first; at most :data:`KEPT`, none under :data:`MIN_SHARE`."""
    probs, index = digit_model.outputs(crops)
    if not probs:
        return ()
    kept, symbols = digit_model.kept_classes(index, digit_model.ALLOWED)
    free = [digit_model.decode(p, kept, symbols)[0] for p in probs]
    dates = near_dates(free + readings)
    if not dates:
        return ()
    scores = np.zeros(len(dates))
    by_length: dict[int, list[int]] = {}
    for k, text in enumerate(dates):
        by_length.setdefault(len(text), []).append(k)
    for members in by_length.values():
        labels = np.array([[index[c] for c in dates[k]] for k in members])
        scores[members] = sum(log_likelihoods(p, labels) for p in probs)
    share = np.exp(scores - scores.max())
    share /= share.sum()
    order = np.argsort(-share, kind="stable")[:KEPT]
    return tuple((dates[k], round(float(share[k]), 4)) for k in order if share[k] >= MIN_SHARE)
