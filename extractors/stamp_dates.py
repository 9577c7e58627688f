"""The ngày đến of a stamp whose date was not read as it stands: found by where it must fall.

A stamp cannot precede the document, and a letter arrives within weeks of it: the date of arrival
lies on or shortly after the document date (:data:`ARRIVAL_WINDOW`). A date-shaped value without
its label, a labelled value one OCR slip from a date, and the whole dates an unsure value's ink
may hold (:mod:`ocr.date_readings`) are taken when exactly one date in that window fits.
"""

from __future__ import annotations

from datetime import date

from congvan.extractors import rx as re
from congvan.extractors.dates import expand_year, make_date
from congvan.ocr.types import Alternatives

RE_ANY_DATE = re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:\s?[/.\-:;,]\s?| )(?P<m>\d{1,2})(?:\s?[/.\-:;,]\s?| )"
                         r"(?P<y>\d{4}|\d{2})(?!\d)")
OCR_LETTERS = str.maketrans("OoIl", "0011")
ARRIVAL_WINDOW = 120                                     # days: a letter arrives within weeks, not years
YEAR_OFF = 366                                           # days: a stamp date this late has its year misread


def _fitting(m: re.Match[str], doc_date: date) -> date | None:
    """The date ``m`` (a match of :data:`RE_ANY_DATE`) if it falls on or shortly after the
    document date (a two-digit year in the document's century), else None."""
    y = int(m["y"])
    got = make_date(expand_year(y, doc_date) if y < 100 else y, int(m["m"]), int(m["d"]))
    return got if got and 0 <= (got - doc_date).days <= ARRIVAL_WINDOW else None


def unlabelled_date(fold: str, doc_date: date) -> date | None:
    """A date-shaped value anywhere in the stamp that falls on or shortly after the document date."""
    return next((got for m in RE_ANY_DATE.finditer(fold) if (got := _fitting(m, doc_date))), None)


RE_NGAY_LABEL = re.compile(r"(?:ng|\]g|(?<![\p{L}])g)[a]y\s*(?:den)?\s*[:;.,]{0,2}(?P<rest>[^\n]{0,16})")
REPAIR_WINDOW = 60                                       # days after the document date
# Digit pairs OCR confuses in inked, hand-filled values; substituting one costs half an edit.
_CONFUSED = {frozenset(p) for p in ("09", "08", "06", "17", "38", "56", "68", "89", "35")}


def _edit_cost(a: str, b: str) -> float:
    prev = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [float(i)]
        for j, cb in enumerate(b, 1):
            sub = 0.0 if ca == cb else 0.5 if frozenset((ca, cb)) in _CONFUSED else 1.0
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub))
        prev = cur
    return prev[-1]


def repaired_date(fold: str, doc_date: date) -> date | None:
    """A labelled ngày đến that does not parse ("10/19/22", "0622/2025"), read as the one date on
    or shortly after the document date whose digits it matches within one edit; else None."""
    m = RE_NGAY_LABEL.search(fold)
    if not m:
        return None
    rest = m["rest"].translate(OCR_LETTERS)
    groups = [g[0] for g in re.finditer(r"\d+", rest)]
    digits = "".join(groups)
    if not 5 <= len(digits) <= 10:
        return None
    # Three digit groups: the separators were read, so day, month and year are compared as such.
    sep = "/" if len(groups) == 3 else ""
    read = sep.join(groups)
    scored: list[tuple[float, date]] = []
    for k in range(REPAIR_WINDOW + 1):
        day = date.fromordinal(doc_date.toordinal() + k)
        forms = {sep.join((f"{d}", f"{mo}", f"{y}")) for d in {f"{day.day:02}", f"{day.day}"}
                 for mo in {f"{day.month:02}", f"{day.month}"} for y in (f"{day.year % 100:02}", f"{day.year}")}
        scored.append((min(_edit_cost(read, f) for f in forms), day))
    scored.sort()
    best = scored[0]
    if best[0] <= 1.0 and (len(scored) == 1 or scored[1][0] > best[0]):
        return best[1]
    return None


DOMINANT = 10                                            # times likelier than the next date that fits


def likeliest_fitting(alternatives: list[Alternatives], doc_date: date) -> date | None:
    """The date an unsure stamp value's ink most likely holds (its alternatives, see
    :mod:`ocr.date_readings`) among those on or shortly after the document date, when it is
    :data:`DOMINANT` times likelier than the next that fits; else None."""
    for options in alternatives:
        fitting: dict[date, float] = {}
        for text, share in options:
            if (m := RE_ANY_DATE.fullmatch(text)) and (got := _fitting(m, doc_date)):
                fitting[got] = fitting.get(got, 0.0) + share
        ranked = sorted(fitting.items(), key=lambda kv: -kv[1])
        if ranked and (len(ranked) == 1 or ranked[0][1] >= DOMINANT * ranked[1][1]):
            return ranked[0][0]
    return None


def year_misread(doc_date: date, cited: list[date], arrival: date | None) -> date | None:
    """The document date with its year read again, when it precedes a document it cites (a
    document cannot cite a later one: its year, or the citation's, was misread). Of the years
    one confused digit from the one read (6/8, 1/7, …), the one that puts the date on or after
    every citation and within :data:`ARRIVAL_WINDOW` days before the stamp's date of arrival;
    None without a sure arrival, or with no such year or more than one."""
    if not cited or doc_date >= max(cited) or arrival is None:
        return None
    year = str(doc_date.year)
    found = set()
    for i, digit in enumerate(year):
        for other in "0123456789":
            if frozenset((digit, other)) not in _CONFUSED:
                continue
            got = make_date(int(year[:i] + other + year[i + 1:]), doc_date.month, doc_date.day)
            if got and got >= max(cited) and 0 <= (arrival - got).days <= ARRIVAL_WINDOW:
                found.add(got)
    return found.pop() if len(found) == 1 else None

