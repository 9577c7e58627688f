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


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _swap(match: re.Match[str]) -> str:
    pair = match[0]
    decomposed = unicodedata.normalize("NFD", pair[1])
    return unicodedata.normalize("NFC", pair[0] + decomposed[1:]) + decomposed[0]


def fold_tones(text: str) -> str:
    """Old tone placement to new (``oà``/``uỷ`` at a word end → ``òa``/``ủy``)."""
    return _OLD_TONE.sub(_swap, nfc(text))


def _fold_table() -> dict[int, str | None]:
    """Every precomposed letter (Latin, Vietnamese, Greek, Cyrillic blocks) → its base letter;
    combining marks → nothing; đ/Đ → d/D. Built once; :func:`fold` is then one ``translate``."""
    table: dict[int, str | None] = {}
    for cp in [*range(0xC0, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch:
            table[cp] = base
    for cp in [*range(0x300, 0x370), *range(0x1AB0, 0x1B00), *range(0x1DC0, 0x1E00), *range(0x20D0, 0x2100)]:
        if unicodedata.combining(chr(cp)):
            table[cp] = None
    table.update({ord(k): v for k, v in {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}.items()})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Strip all diacritics (tone and vowel marks) and map đ→d: ``Quyết định`` → ``Quyet dinh``."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.translate(_FOLD)


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def canon(text: str) -> str:
    """Comparison key that keeps diacritics: ``Uỷ  ban`` and ``ủy ban`` give the same key."""
    return squash_spaces(fold_tones(text)).casefold()


def canon_folded(text: str) -> str:
    """Comparison key without diacritics: ``Ủy ban`` and ``Uy ban`` give the same key."""
    return fold(canon(text))
