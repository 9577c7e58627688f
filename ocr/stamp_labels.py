"""Where a stamp's số đến and ngày đến values sit: right of their labels, however OCR misread them.

The stamp prints "ĐẾN  Số: …" and "Ngày: …" under it (NĐ 30 Phụ lục IV). OCR misreads the
labels ("Sẽ", "Nđây:"), glues them to their values ("Số:?22ó") or makes no word of them; each
case is found here, by its spelling or by its place. Pure functions over the OCR's words.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re
from rapidfuzz.distance import Levenshtein

from congvan.ocr.ink import InkCanvas
from congvan.ocr.types import BBox, Block, Line, Word
from congvan.pipeline.core import vntext

RE_GLUED = re.compile(r"^(?P<label>so|ngay)\s*[:;.]+(?=.*\d)")


def _label_kind(word: Word, following: list[Word]) -> str | None:
    """"Số:" (but not "SỞ …" of the receiver, nor "Số và ký hiệu HS") or "Ngày:"."""
    raw = vntext.fold(word.text, lower=True)
    key = raw.strip(" .,;:'`\"")
    nxt = following[0].text if following else ""
    colon = raw.rstrip().endswith((":", ".", ";")) or nxt[:1] in (":", ";", ".")
    digit_next = nxt[:1].isdigit()
    if key == "so" and (colon or digit_next) and not vntext.fold(nxt, lower=True).startswith("va"):
        return "number"
    # "Sế:", "Sa:" before a number: its vowel misread, but with its capital S and colon
    if word.text[:1] == "S" and len(key) == 2 and key.isalpha() and colon and digit_next:
        return "number"
    # the stamp's printed "Ngày" (capital N) is a label even when OCR made junk of the value after it
    if key in ("ngay", "ngy", "ngav", "ngey") and (colon or digit_next or (word.text[:1] == "N" and bool(nxt))):
        return "date"
    # "Nđây:", "Ngàv:": one letter off, but with its colon and the stamp's capital N
    if word.text[:1] == "N" and colon and Levenshtein.distance(key, "ngay") == 1 and len(key) == 4:
        return "date"
    return None


def _after_den(words: list[Word], i: int) -> str | None:
    """The stamp's printed "ĐẾN Số:" (NĐ 30 Phụ lục IV) with its label misread ("ĐẾN Sẽ",
    "ĐẾN S6", "ĐỀN #ẽ 1942"): right after a capitals ĐẾN, a short word starting with S, or any
    short word without digits before a number, is the số label."""
    key = vntext.fold(words[i].text, lower=True).strip(" .,;:'`\"")
    before = words[i - 1].text.strip(" .,;:'`\"") if i else ""
    if not (1 < len(key) <= 3 and vntext.fold(before, lower=True) == "den" and before.isupper()):
        return None
    number_next = i + 1 < len(words) and words[i + 1].text[:1].isdigit()
    if words[i].text[:1] == "S" or (number_next and not any(c.isdigit() for c in key)):
        return "number"
    return None


def _glued(word: Word) -> tuple[str, int] | None:
    """A label OCR joined to its value ("Số:?22ó", "Ngay:07/00/1"): its kind and where the value starts.

    The split is placed by the share of characters, pushed one character left: the value is
    handwriting, wider per character than the printed label, and cropping a little of the
    colon costs nothing when only digits are read.
    """
    m = RE_GLUED.match(vntext.fold(word.text, lower=True))
    if m is None:
        return None
    x0, x1 = word.bbox[0], word.bbox[2]
    share = max(0, m.end() - 1) / len(word.text)
    return ("number" if m["label"] == "so" else "date"), x0 + round((x1 - x0) * share)


def label_only(word: Word, start: int, glued: re.Pattern[str] = RE_GLUED) -> Word:
    """A label glued to the value that was read again (from x ``start``) keeps only its label:
    the text up to the end of ``glued``'s match in its folded text."""
    m = glued.search(vntext.fold(word.text, lower=True))
    if m is None or word.bbox[2] <= start:
        return word
    return Word(word.text[:m.end()], (word.bbox[0], word.bbox[1], start, word.bbox[3]), word.conf)


def _labels(lines: list[Line]) -> Iterator[tuple[Line, int, str, int]]:
    """The số and ngày labels among ``lines``: (line, the label's word index, its kind, the x
    where its value starts); a ngày label read as no word is found by its place
    (:func:`_under_number`)."""
    found: list[tuple[Line, int, str, int]] = []
    for line in lines:
        for i, word in enumerate(line.words):
            kind = _label_kind(word, line.words[i + 1:]) or _after_den(line.words, i)
            start = word.bbox[2] + 2
            if kind is None and (glued := _glued(word)) is not None:
                kind, start = glued
            if kind is not None:
                found.append((line, i, kind, start))
    if all(kind != "date" for _, _, kind, _ in found) and (under := _under_number(lines, found)):
        found.append(under)
    yield from found


def _under_number(lines: list[Line], found: list[tuple[Line, int, str, int]]) -> tuple[Line, int, str, int] | None:
    """The ngày label OCR made no word of ("NMNớay", "Ngàu", "điuày"). The stamp prints "Ngày:"
    under "Số:", from the same left edge (NĐ 30 Phụ lục IV): a word of the line below a số
    label that starts within the label's height of its left edge and spells "ngay" within three
    edits (three to six letters) is the ngày label."""
    for line, i, kind, _ in found:
        if kind != "number":
            continue
        x0, top, _, bottom = line.words[i].bbox
        height = bottom - top
        for other in lines:
            if not bottom < (other.bbox[1] + other.bbox[3]) / 2 <= bottom + 2 * height:
                continue
            for j, word in enumerate(other.words):
                key = vntext.fold(word.text, lower=True).strip(" .,;:'`\"")
                if abs(word.bbox[0] - x0) <= height and 3 <= len(key) <= 6 and key.isalpha() \
                        and Levenshtein.distance(key, "ngay") <= 3:
                    return other, j, "date", word.bbox[2] + 2
    return None


def label_kinds(lines: list[Line]) -> set[str]:
    """The kinds of label ("number", "date") read among ``lines``."""
    return {kind for _, _, kind, _ in _labels(lines)}


def value_boxes(blocks: list[Block], canvas: InkCanvas) -> list[tuple[str, BBox, tuple[int, int]]]:
    """Where the số đến and ngày đến values sit on the canvas: right of their labels, to the slot's
    end; with the rows (top, bottom) of the label.

    A box reaches a third of its label's height above and below, but not into the other
    label's line: a value written large, or a label read glued to its value, would otherwise
    bring the line under it into the crop.
    """
    labels: list[tuple[str, BBox, int, int]] = []
    width = canvas.image.shape[1]
    for line, i, kind, start in _labels([ln for b in blocks for ln in b.lines]):
        end = next((w.bbox[0] for w in line.words[i + 1:]
                    if _label_kind(w, []) is not None or _glued(w) is not None), width)
        labels.append((kind, line.words[i].bbox, start, min(width, end - 2)))
    out: list[tuple[str, BBox, tuple[int, int]]] = []
    for kind, (x0, top, _, bottom), start, end in labels:
        pad = (bottom - top) // 3
        low, high = max(0, top - pad), bottom + pad
        for _, other, _, _ in labels:
            if other[1] > top and other[0] < end and other[2] > x0:
                high = min(high, other[1])
            elif other[3] < bottom and other[0] < end and other[2] > x0:
                low = max(low, other[3])
        out.append((kind, (start, low, end, high), (top, bottom)))
    return out
