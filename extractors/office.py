"""The stamp's receiver and handling values matched against the receiving office's own names.

A stamp is cut by the office that receives the mail, so its receiver line is that office's name
and its "Chuyển" / "Xử lý chính" values are that office's unit codes. OCR of a small, inked,
often hand-filled stamp mangles both ("Sơttetthridương", "p BCV7T", "T77a"); a reading close
enough to one of the office's own spellings is taken as that spelling. A reading that names a
different province, or is too far from every spelling, is left as read.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from congvan.extractors import rx as re
from congvan.extractors.orgs import KNOWN_NAMES, PROVINCES, expand_abbreviations
from congvan.pipeline.core import vntext
from congvan.pipeline.core.units import Office

RECEIVER_CUTOFF = 82
CODE_CUTOFF = 70
# OCR reads letters of a hand-written code as digits; unit codes hold no digits.
_DIGIT_AS_LETTER = str.maketrans("0125786", "OIZSTBG")
# A hand-written P whose bowl runs down to the line reads as D (or Ð), F or R: in a code too short
# for a fuzzy match to tell one letter ("VÐ", one edit from VP, scores 50), it is tried as P.
_AS_P = "DFR"
SHORT_CODE = 4


def compact(text: str) -> str:
    """Lower-case letters and digits only, without diacritics: "SỞ TT&TT" → "sotttt"."""
    return re.sub(r"[^a-z0-9]", "", vntext.fold(text, aligned=True))


@lru_cache(maxsize=8)
def _office_forms(office: Office) -> tuple[tuple[str, ...], frozenset[str]]:
    names = (office.name, *office.aliases)
    forms = {compact(n) for n in names} | {compact(expand_abbreviations(n.upper())) for n in names}
    own = {compact(p) for p in PROVINCES if compact(p) in compact(office.name)}
    own |= {compact(n) for n in KNOWN_NAMES if compact(n) in compact(office.name)}
    return tuple(sorted(f for f in forms if f)), frozenset(own)


# Places and bodies: a reading that names one the office's name does not is another office.
_OTHER_KEYS = sorted({compact(p) for p in PROVINCES if len(compact(p)) >= 5}
                     | {compact(n) for n in KNOWN_NAMES if len(compact(n)) >= 5}, key=len, reverse=True)


def match_office(reading: str, office: Office | None) -> tuple[str | None, float]:
    """(the office's name, similarity 0–1) when ``reading`` is a spelling of it, else (None, best)."""
    if office is None:
        return None, 0.0
    forms, own = _office_forms(office)
    key = compact(expand_abbreviations(reading.upper()))
    if len(key) < 6:
        return None, 0.0
    if any(p in key for p in _OTHER_KEYS if not any(p in o for o in own)):
        return None, 0.0                                  # it names another province or body
    best = 0.0
    for form in forms:
        score = fuzz.ratio(key, form)
        if 0.6 <= len(key) / len(form) <= 1.8:
            score = max(score, fuzz.partial_ratio(key, form) - 5)
        best = max(best, score)
    return (office.name if best >= RECEIVER_CUTOFF else None), best / 100


def _code_key(text: str) -> str:
    return compact(text).upper().translate(_DIGIT_AS_LETTER)


@lru_cache(maxsize=8)
def _code_forms(office: Office) -> tuple[tuple[str, str], ...]:
    return tuple((_code_key(c), unit.code) for unit in office.units for c in (*unit.codes, unit.name) if _code_key(c))


def match_unit_code(value: str, office: Office | None, cutoff: float = CODE_CUTOFF) -> str | None:
    """The office's canonical code for one unit written on the stamp, or None."""
    if office is None:
        return None
    key = _code_key(value)
    if len(key) < 2:
        return None
    scores = _scores(key, office)
    code = max(scores, key=scores.__getitem__, default=None)      # the first of the best
    if code is not None and scores[code] >= cutoff:
        return code
    if len(key) <= SHORT_CODE:
        as_p = {key[:i] + "P" + key[i + 1:] for i, c in enumerate(key) if c in _AS_P}
        hits = {canonical for form, canonical in _code_forms(office) if form in as_p}
        if len(hits) == 1:
            return hits.pop()
    return None


def _scores(key: str, office: Office) -> dict[str, float]:
    """Each of the office's codes with the similarity of ``key`` to the nearest of its forms."""
    best: dict[str, float] = {}
    for form, canonical in _code_forms(office):
        best[canonical] = max(best.get(canonical, 0.0), fuzz.ratio(key, form))
    return best


NEAR_CUTOFF = 60       # a value written where a unit goes: this near one code ...
NEAR_MARGIN = 15       # ... and this much nearer to it than to any other


def nearest_unit_code(value: str, office: Office | None) -> str | None:
    """The office's code for a value written where a unit goes (after a Xử lý chính or Phối hợp
    label) that OCR mangled past :func:`match_unit_code` ("P.°ÑTŸ" for P.CNTT): the code it is
    near, when no other code comes close."""
    if office is None:
        return None
    key = _code_key(value)
    if len(key) < 3:
        return None
    ranked = sorted(_scores(key, office).items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < NEAR_CUTOFF:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0] if ranked[0][1] - runner_up >= NEAR_MARGIN else None


def snap_units(value: str | None, office: Office | None, near: bool = False) -> str | None:
    """A handling value with each unit it lists written the office's way ("p BCV7T" → "P.BCVT");
    with ``near``, a part close to one code only is that code (:func:`nearest_unit_code`).

    Parts that match no unit (a name, initials, "[signed]") are kept as read.
    """
    if not value or office is None or value == "[signed]":
        return value
    snapped = [match_unit_code(p, office) or (near and nearest_unit_code(p, office)) or p for p in _unit_parts(value)]
    return ", ".join(dict.fromkeys(snapped))


def only_units(value: str, office: Office | None) -> str | None:
    """``value`` as the office's unit codes when every part of it is one ("P CNTT", "VP, TT CMTT")."""
    codes = [match_unit_code(p.strip(" .:;'`\""), office) for p in _unit_parts(value)]
    return ", ".join(dict.fromkeys(c for c in codes if c)) if codes and all(codes) else None


def _unit_parts(value: str) -> list[str]:
    """The parts of a handling value that list units: "VP, TT CNTT và P.KHTC" → three."""
    return [p.strip() for p in re.split(r"[,;+]|\s+(?:và|va)\s+", value) if p.strip()]
