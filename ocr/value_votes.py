"""How the readings of one value are weighed, and a date's lost separators put back.

A stamp value is read by Tesseract and by the digit model, the model in up to three renderings
(:mod:`ocr.stamp_values`); an unsure printed number by both, once each (:mod:`ocr.digits`).
Pure functions over ``(confidence, text)`` readings.
"""

from __future__ import annotations

from collections import Counter

import regex as re

Reading = tuple[float, str]


def _valid_day(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def separated(text: str) -> str | None:
    """A date whose faint separators were lost ("21.022016", "2102/16", "21022016"), with "/"
    put back where the digit counts leave one way to do it (a month of two digits, a valid day
    and month); None if there is no such way or more than one."""
    groups = re.split(r"[/.-]", text)
    if not all(g.isdigit() for g in groups):
        return None
    found: set[str] = set()
    if len(groups) == 1 and len(g := groups[0]) in (6, 8) and _valid_day(g[:2], g[2:4]):
        found.add(f"{g[:2]}/{g[2:4]}/{g[4:]}")
    elif len(groups) == 2:
        a, b = groups
        if len(a) <= 2 and len(b) in (4, 6) and _valid_day(a, b[:2]):
            found.add(f"{a}/{b[:2]}/{b[2:]}")
        if len(a) == 4 and len(b) in (2, 4) and _valid_day(a[:2], a[2:]):
            found.add(f"{a[:2]}/{a[2:]}/{b}")
    return found.pop() if len(found) == 1 else None


def agreed(readings: list[Reading]) -> Reading:
    """The value most readings gave; between values given equally often, the surest reading's."""
    count = Counter(text for _, text in readings)
    most = max(count.values())
    return max(r for r in readings if count[r[1]] == most)


def dropped(first: str, again: str) -> bool:
    """Whether ``again`` is ``first`` with characters left out ("207" for "3207"): digits-only
    rereads of a small crop lose a digit at its edge, and the longer first reading is kept then.
    A reading that differs otherwise ("2880" for "28960") is a reading of its own."""
    rest = iter(first)
    return len(first) > len(again) and all(c in rest for c in again)


DISAGREE = 0.5            # the confidence of a value the two readers disagree on, at most


def between(tess: Reading | None, model: Reading | None) -> Reading:
    """Tesseract's value and the digit model's, both of the right shape (or None): the same value
    with the higher of their confidences; one that only drops characters of the other loses
    (:func:`dropped`); else the surer one, its confidence capped at :data:`DISAGREE`."""
    if tess is None or model is None:
        return tess or model or (0.0, "")
    if tess[1] == model[1]:
        return max(tess, model)
    if dropped(tess[1], model[1]):
        return min(tess[0], DISAGREE), tess[1]
    if dropped(model[1], tess[1]):
        return min(model[0], DISAGREE), model[1]
    conf, text = max(tess, model)
    return min(conf, DISAGREE), text
