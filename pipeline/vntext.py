"""Vietnamese text normalisation: the one place that decides how text compares.

- :func:`nfc` at every boundary.
- :func:`fold_tones` puts the tone mark where the new (post-1980s school) rule does:
  ``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``, ``Uỷ`` → ``Ủy``, ``HOẢ`` → ``HỎA``; ``hoàn``, ``quý`` untouched.
- :func:`fold` drops every diacritic for accent-insensitive matching; ``đ``/``Đ`` are their own
  letters in Vietnamese and NFD does not decompose them, so they are folded by hand.
- :func:`canon` is the comparison key: tone-folded, NFC, whitespace collapsed, case-folded.
"""

from __future__ import annotations

import re
import unicodedata

_OLD_TONE = re.compile(
    r"(?<![qQ])(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_D_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _swap(match: re.Match[str]) -> str:
    pair = match[0]
    decomposed = unicodedata.normalize("NFD", pair[1])
    return unicodedata.normalize("NFC", pair[0] + decomposed[1:]) + decomposed[0]


def fold_tones(text: str) -> str:
    """Old tone placement to new (``oà``/``uỷ`` at a word end → ``òa``/``ủy``)."""
    return _OLD_TONE.sub(_swap, nfc(text))


def fold(text: str) -> str:
    """Strip all diacritics (tone and vowel marks) and map đ→d: ``Quyết định`` → ``Quyet dinh``."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def canon(text: str) -> str:
    """Comparison key that keeps diacritics: ``Uỷ  ban`` and ``ủy ban`` give the same key."""
    return squash_spaces(fold_tones(text)).casefold()


def canon_folded(text: str) -> str:
    """Comparison key without diacritics: ``Ủy ban`` and ``Uy ban`` give the same key."""
    return fold(canon(text))
