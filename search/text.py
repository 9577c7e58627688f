"""Search-side text: the folded sibling of every text field, number keys, query parsing, highlights.

Both backends index the same two forms of each text field: the exact form (NFC, new tone
placement, case-folded by the engine) and the folded form (no diacritics, đ→d), computed here in
Python so that no engine plugin (``asciifolding``, ICU) is needed. A query typed with diacritics
scores on both forms, so exact matches rank first; a query without diacritics matches the folded
form of every spelling.

Query text is never handed to an engine's query language: :func:`parse_query` turns it into
plain words and quoted phrases, and each backend builds its own structured query from those.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from congvan.pipeline.core.vntext import fold, fold_tones, nfc

_WORD = re.compile(r"\w+", re.UNICODE)
_MARKS_BUT_D = str.maketrans({"đ": "d", "Đ": "D"})


def exact_form(text: str) -> str:
    """What the exact field holds: NFC with the new tone placement (Hoà → Hòa), lower case."""
    return fold_tones(nfc(text)).lower()


def folded_form(text: str) -> str:
    return fold(exact_form(text))


def word_key(text: str) -> str:
    """The exact form as words separated by single spaces (what subject matching compares)."""
    return " ".join(_WORD.findall(exact_form(text)))


def number_key(number: str) -> str:
    """``25/CT-UBND``, ``25/ct-ubnd`` and ``25 CT UBND`` → ``25 ct ubnd``; ``99-QĐ/TW`` → ``99 qd tw``."""
    return " ".join(_WORD.findall(folded_form(number)))


def _strip_label(query: str) -> str:
    """Without a leading "Số:" / "so" label, as a number is often pasted from a document."""
    return re.sub(r"^\s*s[ốô]\s*:?\s*(?=\d)|^\s*so\s*:?\s*(?=\d)", "", nfc(query).strip(), flags=re.IGNORECASE)


def looks_like_number(query: str) -> bool:
    """A query that is a document number: ``25/CT-UBND``, ``25 ct ubnd``, ``04/2015/NĐ-CP``, ``99-QĐ/TW``.

    A number, then one to five ký hiệu groups (letters without tone or vowel marks, but đ) or a
    four-digit year: "2020 năm" and "100 ngày" are words, not numbers."""
    q = _strip_label(query)
    tokens = _WORD.findall(q)
    if not 2 <= len(tokens) <= 6 or not re.fullmatch(r"\d{1,6}[a-zA-ZđĐ]?", tokens[0]):
        return False
    if fold(q) != q.translate(_MARKS_BUT_D):
        return False                                  # marks other than đ: Vietnamese words
    rest = tokens[1:]
    groups = [t.translate(_MARKS_BUT_D) for t in rest]
    return any(g[0].isalpha() for g in groups) and all(
        len(g) <= 10 and re.fullmatch(r"\d{4}|[a-zA-Z]+\d*", g) for g in groups)


@dataclass(frozen=True)
class Term:
    text: str                 # exact form (lower case, NFC, new tones)
    folded: str
    phrase: bool
    has_marks: bool           # typed with diacritics: exact matches should rank first


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    number: str | None        # number key when the whole query is a document number

    @property
    def empty(self) -> bool:
        return not self.terms and self.number is None


def parse_query(query: str) -> ParsedQuery:
    """Words and "quoted phrases" from untrusted input. Operators (``*``, ``NEAR``, ``-``, ``:``,
    ``AND``, brackets) are just characters; an unbalanced quote closes at the end."""
    q = nfc(query or "")[:500]
    number = number_key(_strip_label(q)) if looks_like_number(q) else None
    terms: list[Term] = []
    parts = q.split('"')
    for k, part in enumerate(parts):
        words = [w for w in _WORD.findall(exact_form(part)) if w != "_"]
        if not words:
            continue
        if k % 2 == 1 and len(words) > 1:
            text = " ".join(words)
            terms.append(Term(text, fold(text), True, fold(text) != text))
        else:
            terms.extend(Term(w, fold(w), False, fold(w) != w) for w in words)
    return ParsedQuery(tuple(dict.fromkeys(terms)), number)


def highlight(text: str, terms: tuple[Term, ...], width: int = 160, mark: tuple[str, str] = ("<mark>", "</mark>"),
              ) -> str | None:
    """A snippet of ``text`` around the first match of any term, matches wrapped in ``mark``,
    the rest HTML-escaped. Matching is on the folded text, so "an toan" marks "an toàn"."""
    if not text or not terms:
        return None
    text = unicodedata.normalize("NFC", text)
    low = fold(text, aligned=True)
    spans: list[tuple[int, int]] = []
    for term in terms:
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in term.folded.split()) + r"(?!\w)"
        spans.extend(m.span() for m in re.finditer(pattern, low))
    if not spans:
        return None
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    start = max(0, merged[0][0] - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < merged[0][0] else start
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in merged:
        if s >= end:
            break
        out.append(html.escape(text[pos:s]))
        out.append(mark[0] + html.escape(text[s:min(e, end)]) + mark[1])
        pos = min(e, end)
    out.append(html.escape(text[pos:end]))
    snippet = re.sub(r"\s+", " ", "".join(out))
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")
