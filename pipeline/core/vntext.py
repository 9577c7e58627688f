"""Vietnamese text normalisation: the one place that decides how text compares.

- :func:`nfc` at every boundary.
- :func:`fold_tones` puts the tone mark where the new (post-1980s school) rule does:
  ``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``, ``Uỷ`` → ``Ủy``, ``HOẢ`` → ``HỎA``; ``hoàn``, ``quý`` untouched.
- :func:`fold` drops every diacritic for accent-insensitive matching; ``đ``/``Đ`` are their own
  letters in Vietnamese and NFD does not decompose them, so they are folded by hand. Its
  variants are parameters: ``lower`` (labels as OCR may have spelt them), ``aligned`` (one
  character for each character of the text, lower case: a match's offsets in the folded text
  slice the original, for keyword matching and highlighting).
- :func:`canon` is the comparison key: tone-folded, NFC, whitespace collapsed, case-folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_OLD_TONE = re.compile(
    r"(?<![qQ])(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)"
)
# where an old placement can be: a marked vowel ending a word after o/u (not qu-), found by its
# vowel first so that the scan skips unmarked text quickly
_OLD_TONE_HINT = re.compile(
    r"[àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ](?!\w)(?<=[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?<![qQ]..)"
)
_STROKED = (("đ", "d"), ("Đ", "D"), ("ð", "d"), ("Ð", "D"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _swap(match: re.Match[str]) -> str:
    pair = match[0]
    decomposed = unicodedata.normalize("NFD", pair[1])
    return unicodedata.normalize("NFC", pair[0] + decomposed[1:]) + decomposed[0]


def fold_tones(text: str) -> str:
    """Old tone placement to new (``oà``/``uỷ`` at a word end → ``òa``/``ủy``)."""
    text = nfc(text)
    hint = _OLD_TONE_HINT.search(text)
    if hint is None:
        return text
    start = hint.start() - 1
    return text[:start] + _OLD_TONE.sub(_swap, text[start:])


_MARKS = re.compile("[" + "".join(
    chr(cp) for lo, hi in ((0x300, 0x370), (0x483, 0x48A), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100))
    for cp in range(lo, hi) if unicodedata.combining(chr(cp))) + "]+")


def fold(text: str, *, lower: bool = False, aligned: bool = False) -> str:
    """Strip all diacritics (tone and vowel marks) and map đ→d: ``Quyết định`` → ``Quyet dinh``;
    with ``lower``, in lower case too.

    NFD, then the combining marks dropped; ``đ``/``Đ`` (and ``ð``/``Ð``) by hand, as NFD keeps
    them. Long texts (bodies being indexed) go through a per-character table built from the same
    function, several times faster; both give the same result (tested over every BMP character).

    With ``aligned``: lower case, and one character for each character of ``text`` (a letter
    whose fold is longer, or that is not Latin, stays as it is, lowered), so that a match found
    in the folded text slices the original value out unchanged ("QUYÊT ĐỊNH", "Kinh gủi")."""
    if aligned:
        return text.translate(_aligned_table())
    if text.isascii():
        return text.lower() if lower else text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    out = _fold_long(text) if len(text) >= _LONG else _fold_short(text)
    return out.lower() if lower else out


@lru_cache(maxsize=1)
def _aligned_table() -> dict[int, str]:
    """Every Latin letter a Vietnamese text (or its OCR) can hold, to its one-character fold in
    lower case (``ø`` → ``o`` as OCR reads an ``o``): ``str.translate`` is ~30× faster than
    folding character by character."""
    table: dict[int, str] = {}
    for cp in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = "o" if chr(cp) in "øØ" else _fold_short(chr(cp)).lower()
        table[cp] = base if len(base) == 1 else chr(cp).lower()
    return table


def _fold_short(text: str) -> str:
    for letter, base in _STROKED:
        if letter in text:
            text = text.replace(letter, base)
    out = _MARKS.sub("", unicodedata.normalize("NFD", text))
    return out if unicodedata.is_normalized("NFC", out) else unicodedata.normalize("NFC", out)


_LONG = 400


@lru_cache(maxsize=1)
def _fold_table() -> tuple[Any, Any]:
    """Every BMP character's fold as a code (0: dropped), and where it is more than one character."""
    import numpy as np

    folded = [_fold_short(chr(cp)) if not 0xD800 <= cp < 0xE000 else chr(cp) for cp in range(0x10000)]
    return (np.array([ord(f) if len(f) == 1 else 0 for f in folded], dtype=np.uint32),
            np.array([len(f) > 1 for f in folded], dtype=bool))


def _fold_long(text: str) -> str:
    import numpy as np

    table, multi = _fold_table()
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if int(codes.max()) >= 0x10000 or multi[codes].any():
        return _fold_short(text)                    # astral or one-to-many characters: rare
    out = table[codes]
    if not out.all():
        out = out[out != 0]
    folded = out.tobytes().decode("utf-32-le")
    return folded if unicodedata.is_normalized("NFC", folded) else unicodedata.normalize("NFC", folded)


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def canon(text: str) -> str:
    """Comparison key that keeps diacritics: ``Uỷ  ban`` and ``ủy ban`` give the same key."""
    return squash_spaces(fold_tones(text)).casefold()


def canon_folded(text: str) -> str:
    """Comparison key without diacritics: ``Ủy ban`` and ``Uy ban`` give the same key."""
    return fold(canon(text))
