"""Printed numbers and dates Tesseract was unsure of, read a second time as digits only.

A year in an italic place-date line ("năm 2018" read "2016" at 0.62), a day in a deadline: one
wrong digit changes the record, and the general model is least sure exactly there. Words made
of digits (and ``/ . -``) read below :data:`UNSURE` are cropped from the page image, stacked on
one strip and read again with Tesseract restricted to digits: one extra call, on a page that
has such words; the digit model (:mod:`ocr.digit_model`) reads them too, in one batch. A
reading counts only when it has the first one's shape (the same separators at the same places,
digits where digits were): it may change a digit, never add or drop one. Tesseract's and the
model's are weighed by :func:`~ocr.value_votes.between` ("20/02/2016" read again by the model
as "26/02/2016" at 1.0: the model's, at the lowered confidence of a disagreement).
"""

from __future__ import annotations

import numpy as np
import regex as re
from rapidfuzz.distance import Levenshtein

from congvan.ocr import digit_model
from congvan.ocr.tesseract import parse_tsv, run_tsv
from congvan.ocr.types import Block, Line, Word
from congvan.ocr.value_votes import between
from congvan.pipeline.core import vntext

UNSURE = 0.8
SLOT_CONF = 0.6           # a date's slot OCR read as letters, read again as a number: to be checked
RE_NUMERIC = re.compile(r"(?P<core>[0-9](?:[0-9/.\-]*[0-9])?)(?P<tail>[,.;:)]?)")
GAP = 30


def _shape(text: str) -> str:
    return re.sub(r"[0-9]", "9", text)


def stack_crops(crops: list[np.ndarray], gap: int) -> tuple[np.ndarray, list[int]]:
    """Grey crops stacked on one white strip, ``gap`` pixels apart and from the edges, for one
    Tesseract call; and the row each crop's top is at."""
    strip = np.full((sum(c.shape[0] + gap for c in crops) + gap, max(c.shape[1] for c in crops) + 2 * gap), 255,
                    np.uint8)
    tops: list[int] = []
    y = gap
    for c in crops:
        strip[y:y + c.shape[0], gap:gap + c.shape[1]] = c
        tops.append(y)
        y += c.shape[0] + gap
    return strip, tops


def read_strip(crops: list[np.ndarray], dpi: int, timeout: float, gap: int) -> dict[int, tuple[str, float]]:
    """Crops stacked on one strip, ``gap`` pixels apart, read in one call with Tesseract restricted
    to digits and ``/ . -``: for each crop, the line read nearest its middle, with the confidence
    of its least sure word."""
    strip, tops = stack_crops(crops, gap)
    middles = [top + c.shape[0] / 2 for top, c in zip(tops, crops, strict=True)]
    read: dict[int, tuple[float, str, float]] = {}
    for block in parse_tsv(run_tsv(strip, dpi, psm=6, timeout=timeout, whitelist="0123456789/.-")):
        for line in block.lines:
            cy = (line.bbox[1] + line.bbox[3]) / 2
            n = min(range(len(middles)), key=lambda j: abs(middles[j] - cy))
            if n not in read or abs(middles[n] - cy) < read[n][0]:
                read[n] = (abs(middles[n] - cy), "".join(w.text for w in line.words),
                           min(w.conf for w in line.words))
    return {n: (text, conf) for n, (_, text, conf) in read.items()}


def candidates(blocks: list[Block]) -> list[tuple[int, int, int]]:
    """(block, line, word) of the unsure numeric words: two digits or more, so no list markers."""
    out = []
    for b, block in enumerate(blocks):
        for k, line in enumerate(block.lines):
            for i, word in enumerate(line.words):
                m = RE_NUMERIC.fullmatch(word.text)
                if m and word.conf < UNSURE and sum(c.isdigit() for c in m["core"]) >= 2:
                    out.append((b, k, i))
    return out


# "ngày 05 tháng 02 năm 2015": the word after each label is a number of so many digits at most
_SLOT_DIGITS = {"ngay": 2, "thang": 2, "nam": 4}
_SLOT_RANGE = {"ngay": (1, 31), "thang": (1, 12), "nam": (1900, 2100)}


def _label(text: str, label: str) -> bool:
    key = vntext.fold(text, lower=True).strip(" ,.;:")
    return key == label or (len(label) > 3 and Levenshtein.distance(key, label) <= 1)


def date_slots(blocks: list[Block]) -> dict[tuple[int, int, int], str]:
    """The words of a written-out date ("ngày l2 tháng Š năm 2023") that are not clean numbers,
    by (block, line, word), with the label they follow: the date's grammar says they are."""
    out: dict[tuple[int, int, int], str] = {}
    for b, block in enumerate(blocks):
        for k, line in enumerate(block.lines):
            w = line.words
            for i in range(len(w) - 5):
                if not (_label(w[i].text, "ngay") and _label(w[i + 2].text, "thang") and _label(w[i + 4].text, "nam")):
                    continue
                for j, label in ((i + 1, "ngay"), (i + 3, "thang"), (i + 5, "nam")):
                    if not RE_NUMERIC.fullmatch(w[j].text) and len(w[j].text.strip(",.;")) <= _SLOT_DIGITS[label] + 1:
                        out[(b, k, j)] = label
    return out


def _slot_value(label: str, reading: tuple[float, str] | None) -> tuple[float, str] | None:
    """A reading of a date's slot that is a number it can hold, at most :data:`SLOT_CONF` sure."""
    if reading is None or not reading[1].isdigit():
        return None
    low, high = _SLOT_RANGE[label]
    if len(reading[1]) > _SLOT_DIGITS[label] or not low <= int(reading[1]) <= high:
        return None
    return min(reading[0], SLOT_CONF), reading[1]


def reread_digits(blocks: list[Block], image: np.ndarray, dpi: int, timeout: float,
                  model: bool = True) -> list[Block]:
    """``blocks`` (page coordinates of ``image``) with unsure numeric words read again, digits only
    (by the digit model too, unless ``model`` is false); and the words of a written-out date that
    OCR read as letters ("tháng Š"), where a number that fits is read in their place."""
    slots = date_slots(blocks)
    todo = candidates(blocks) + list(slots)
    if not todo:
        return blocks
    crops: list[np.ndarray] = []
    for b, k, i in todo:
        x0, y0, x1, y1 = blocks[b].lines[k].words[i].bbox
        pad = max(2, (y1 - y0) // 4)
        crops.append(image[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad])
    read = read_strip(crops, dpi, timeout, GAP)
    second = digit_model.read_lines(crops) if model and digit_model.available() else [("", 0.0)] * len(crops)
    out = [Block([Line(list(ln.words)) for ln in block.lines], block.kind) for block in blocks]
    for n, (b, k, i) in enumerate(todo):
        word = out[b].lines[k].words[i]
        if (b, k, i) in slots:
            label = slots[(b, k, i)]
            slot_read = read.get(n, ("", 0.0))
            got = between(_slot_value(label, (slot_read[1], slot_read[0].strip(".-/"))),
                          _slot_value(label, (second[n][1], second[n][0].strip(".-/,;:)"))))
            if got[1]:
                out[b].lines[k].words[i] = Word(got[1] + ("," if word.text.endswith(",") else ""), word.bbox,
                                                got[0])          # at most SLOT_CONF (_slot_value)
            continue
        m = RE_NUMERIC.fullmatch(word.text)
        if m is None:
            continue
        again = read.get(n, ("", 0.0))[0].strip(".-/")
        tess = (max(word.conf, UNSURE), again) if again and _shape(again) == _shape(m["core"]) else \
            (word.conf, m["core"])
        other = second[n][0].strip(".-/,;:)")
        conf, text = between(tess, (second[n][1], other) if other and _shape(other) == _shape(m["core"]) else None)
        if text != m["core"]:
            out[b].lines[k].words[i] = Word(text + m["tail"], word.bbox, conf)
    return out
