"""The receiving office's incoming stamp (dấu ĐẾN, "CÔNG VĂN ĐẾN"): receiver, số đến, ngày đến and
the handling lines written on it (NĐ 30 Phụ lục IV mục V, and the longer stamps agencies cut).

With layout, the stamp comes as its own OCR block (read from the ink alone). Without it, the
stamp's lines are found after the ĐẾN label in the text, where they may be interleaved with the
header: header text is never taken for a stamp value, and the document's own "Số: 25/CT-UBND"
is never the số đến. The handling lines are read by :mod:`extractors.stamp_handling`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from congvan.extractors import rx as re
from congvan.extractors.dates import expand_year, make_date, ocr_int
from congvan.extractors.issuer import compose, full_name, starts_body
from congvan.extractors.lexicon import restore
from congvan.extractors.office import match_office
from congvan.extractors.orgs import known_body
from congvan.extractors.stamp_dates import (
    ARRIVAL_WINDOW,
    OCR_LETTERS,
    YEAR_OFF,
    likeliest_fitting,
    repaired_date,
    unlabelled_date,
)
from congvan.extractors.stamp_handling import HEADERISH, HandlingReader, label
from congvan.extractors.view import View
from congvan.pipeline.core import vntext
from congvan.pipeline.core.units import Office

# "ĐẾN", "CÔNG VĂN ĐẾN", "CV ĐẾN" opening a line; a frame's edge OCR read before it ("| ĐẾN …")
RE_DEN = re.compile(r"(?m)^[ \t|\[(!'\"“]*(?:c[o0]ng\s*v[a]n\s*|cv\s*)?d[e]n\b(?!\s*(?:nam|ngay|het|nay)\b)")
# in a block of stamp ink, OCR glues debris to the word ("ĐẾNÊ# …"); and a design may open its
# values with "Ngày"/"Giờ" (an e-portal's "ĐẾN  Giờ: …  Ngày: …")
_DEN_GLUED = re.compile(r"(?m)^\W*(?:c[o0]ng\s*v[a]n\s*|cv\s*)?den[^\W\d_]{0,2}(?=[^\w\s]|$)")
RE_HOUR = re.compile(r"(?:\bgio\s*[:.]?\s*)?(?<!\d)\d{1,2}\s*(?:h|g|:|gio)\s*\d{2}(?!\d)|\bgio\s*[:.]?\s*\d{1,2}\b")
_TIME_LABEL = re.compile(r"(?m)^\W*(?:ngay|gio)\s*[:.]")
_DIGIT = r"[0-9OoIl]"
RE_SO_DEN = re.compile(
    rf"(?<![\p{{L}}\d])s[o0]\s*(?:den)?\s*[:;.,]?\s*(?P<so>{_DIGIT}{{0,5}}\d{_DIGIT}{{0,5}})(?![\d/])"
    r"(?![ \t]*[/-][ \t]*[a-z])")          # "Số: 25 /CT-UBND" on the same row is the document's
# NĐ 30's "ĐẾN  Số: …" with the label misread ("ĐẾN S° 1516", "ĐẾN Sẽ 2116")
RE_DEN_SO = re.compile(rf"(?<![\p{{L}}])den[ \t]+s\S{{0,2}}?[ \t]*[:;.,]?[ \t]*"
                       rf"(?P<so>{_DIGIT}{{0,5}}\d{_DIGIT}{{0,5}})(?![\d/])")
RE_NGAY_DEN = re.compile(
    rf"(?:ng|\]g|(?<![\p{{L}}])g)[a]y\s*(?:den)?\s*[:;.,]{{0,2}}\s*(?P<d>{_DIGIT}{{1,2}})\s*[/.\-:;,]\s*(?P<m>{_DIGIT}{{1,2}})"
    rf"(?:\s*[/.\-:;,]\s*(?P<y>{_DIGIT}{{4}}|{_DIGIT}{{2}})(?!\d))?")


def _stamp_lines(view: View) -> tuple[list[str], bool]:
    """The stamp's lines and whether they came from a separate stamp block. A block of coloured
    ink with no stamp word in it (a seal, a pen note, a stamp whose ĐẾN the ink pass lost) leaves
    the page's own lines to look in: a stamp printed dark enough is read with the text."""
    if view.stamp_text:        # a black stamp's block holds header print too: read it as interleaved text
        lines = [p for ln in view.stamp_text.splitlines() for p in _split_row(ln)]
        fold = _digits_together(vntext.fold("\n".join(lines), aligned=True))
        if _is_stamp(lines, fold, not view.stamp_mixed, view.stamp_mixed):
            return lines, not view.stamp_mixed
    page = view.pages[0] if view.pages else []
    for k, ln in enumerate(page[:40]):
        for part in ln.parts:
            if RE_DEN.match(vntext.fold(part, aligned=True)):
                start = max(0, k - 3)
                return [p for row in page[start:k + 14] for p in row.parts], False
    return [], False


def _digits_together(text: str) -> str:
    """OCR splits "11" into "1 1" inside a date and writes "/" as a fraction slash."""
    text = text.replace("\u2044", "/").replace("\u2215", "/")
    return re.sub(r"(?<=[/.-]\d) (?=\d)|(?<=\d) (?=\d[/.-])", "", text)


RE_ANY_NUMBER = re.compile(r"(?<![\d/.\-:;,])(?P<n>\d{1,5})(?![\d/.\-:;,])")


def _as_read(conf: float, value: str, words: list[tuple[str, float]]) -> float:
    """``conf`` lowered to how sure OCR was of the stamp word holding ``value``'s digits (at least
    0.3): a value the two readers disagreed on, or read at 0.0, is one for the clerk to check.
    Unchanged when no word holds them (text given without confidences)."""
    digits = value.translate(OCR_LETTERS)
    held = [c for w, c in words if digits and digits in re.sub(r"\D", "", w.translate(OCR_LETTERS))]
    return min(conf, max(0.3, round(min(held), 2))) if held else conf


def _unlabelled_number(fold: str, doc_number: str | None) -> str | None:
    """A lone number in the stamp (not part of a date, not the document's own), when "Số" was misread."""
    own = doc_number.split("/")[0].split("-")[0] if doc_number else None
    den = RE_DEN.search(fold)
    if den:                                   # after the ĐẾN label: above it is the receiver ("SỞ" read "88")
        fold = fold[den.start():]
    fold = RE_HOUR.sub(" ", fold)             # the hour of arrival ("Giờ: 8h30") is no số
    for m in RE_ANY_NUMBER.finditer(fold):
        if m["n"] != own and len(m["n"]) >= 2:
            return m["n"].lstrip("0") or "0"
    return None


def _split_row(row: str) -> list[str]:
    """A stamp row's tab-separated parts, split only where a new label starts ("CÔNG\tSố: 1721"),
    so that a label and its value OCR'd apart ("Xử\t.CNTT") stay together."""
    parts = [p.strip() for p in row.split("\t") if p.strip()]
    out: list[str] = []
    for p in parts:
        f = vntext.fold(p, aligned=True)
        if out and not (label(p)[2] or RE_SO_DEN.search(f) or RE_NGAY_DEN.search(f)):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


# How sure a stamp value is, by how it was found
SURE = 0.8            # after its label: the số, or a ngày with its year
NO_YEAR = 0.6         # a ngày after its label, its year taken from the document's
TO_CHECK = 0.5        # read, but months after the document (a digit may be misread); or found by its place
INFERRED = 0.4        # not read as it stands: repaired, chosen among its ink's readings, or a lone number
RECEIVER_UNREAD = 0.1
RECEIVER_AS_READ = 0.6          # a body's name, not the office's own: kept as read
RECEIVER_NO_BODY = 0.3          # a name that opens like no body
RECEIVER_SNAPPED = 0.5          # a known body's name its garbled letters come clearly nearest to
RECEIVER_ROWS = 2               # lines above a stamp's ĐẾN, read with the text, its receiver may stand in
RECEIVER_MAX = 0.95


def find_incoming(view: View, doc_date: date | None, doc_number: str | None,
                  office: Office | None = None, issuer: str | None = None) -> tuple[dict[str, Any] | None,
                                                                                    dict[str, float]]:
    """(incoming, confidences of "number", "date", "receiver", "main"); (None, {}) without a stamp.

    With the receiving ``office`` known, a receiver line that reads like its name is its name and
    handling values that read like its unit codes are those codes (:mod:`congvan.extractors.office`).
    The document's ``issuer`` is never the stamp's receiver.
    """
    lines, separate = _stamp_lines(view)
    if not lines:
        return None, {}
    fold = _digits_together(vntext.fold("\n".join(lines), aligned=True))
    if not _is_stamp(lines, fold, separate, view.stamp_mixed):
        return None, {}
    number, num_conf = _arrival_number(fold, doc_number, view, separate)
    arrival, date_conf = _arrival_date(fold, doc_date, view, separate)
    reader = HandlingReader(dict(view.stamp_words), office)
    receiver, receiver_conf = _receiver(_receiver_lines(lines, reader, separate), separate, office)
    if receiver is None and not separate:
        receiver, receiver_conf = _interleaved_receiver(lines, issuer)
    handling, main_conf = reader.result()
    if not (number or arrival or receiver or any(handling.values())) and not RE_DEN.search(fold):
        # a "số" label or a stray "đến" in coloured ink (a seal, a pen note) and nothing read off
        # it: no stamp to record, rather than an empty one the clerk would take for read
        return None, {}
    incoming = {"receiver": receiver, "arrival_number": number,
                "arrival_date": arrival.isoformat() if arrival else None, "handling": handling}
    return incoming, {"number": num_conf, "date": date_conf, "receiver": receiver_conf, "main": main_conf}


_CAPITAL_DEN = re.compile(r"^[ \t|\[(!'\"“]*(?:(?:C[ÔOÖ0]NG|CV|Công)[ \t]*(?:V[ĂAÄ]N|văn)?[ \t]*)?[ĐDÐ]")


def _is_stamp(lines: list[str], fold: str, separate: bool, mixed: bool) -> bool:
    """Whether the lines are an incoming stamp's: its ĐẾN, or (a stamp block) its số label."""
    if not separate:
        # read among the page's own lines, ĐẾN opens its line with a capital: a body sentence
        # wrapped before "đến nhận công tác …" is no stamp
        return any(RE_DEN.match(vntext.fold(ln, aligned=True)) and _CAPITAL_DEN.match(ln) for ln in lines) \
            or bool(mixed and re.search(r"\bden\b", fold))
    return bool(RE_DEN.search(fold) or RE_SO_DEN.search(fold) or re.search(r"\bden\b(?!\s*(?:nam|het|nay)\b)", fold)
                or any(label(ln)[2] for ln in lines)
                or any(_DEN_GLUED.match(vntext.fold(ln, aligned=True)) and ln.lstrip(" |[(!'\"“")[:1] in "ĐD"
                       for ln in lines)
                or bool(_TIME_LABEL.search(fold)))


def _arrival_number(fold: str, doc_number: str | None, view: View, separate: bool) -> tuple[str | None, float]:
    """The số đến after its label ("Số: 2741" before a stray "SỞ 1" of the receiver line), never
    the document's own number; in a stamp block, a lone number when the label was misread."""
    number = None
    best = -1
    hits = [(h, 2 * (":" in h[0])) for h in RE_SO_DEN.finditer(fold)] + [(h, 2) for h in RE_DEN_SO.finditer(fold)]
    for hit, labelled in hits:
        so = str(ocr_int(hit["so"]))
        if doc_number and doc_number.startswith(so + "/"):
            continue
        rank = labelled + (len(so) >= 2)
        if rank > best:
            number, best = so, rank
    if number:
        return number, _as_read(SURE, number, view.stamp_words)
    if separate:
        number = _unlabelled_number(fold, doc_number)
        return number, INFERRED if number else 0.0
    return None, 0.0


def _labelled_date(fold: str, doc_date: date | None, view: View,
                   separate: bool) -> tuple[date | None, float]:
    """The ngày đến after its label: the year supplied from the document's when the stamp has none
    (dd/mm), never before the document (NĐ 30 Điều 20: a document is stamped on arrival), a year
    misread when a date a year late is one edit from one shortly after the document."""
    m = RE_NGAY_DEN.search(fold)
    if not m:
        return None, 0.0
    d, mo = ocr_int(m["d"]), ocr_int(m["m"])
    y = ocr_int(m["y"]) if m["y"] else None
    if y is not None and y < 100:
        y = expand_year(y, doc_date)
    elif y is None and doc_date:
        y = doc_date.year
    arrival = make_date(y, mo, d)
    if arrival and doc_date and not m["y"] and arrival < doc_date:
        arrival = make_date(arrival.year + 1, arrival.month, arrival.day)
    if arrival and doc_date and arrival < doc_date:
        arrival = None                               # a stamp cannot precede the document
    if arrival and doc_date and not m["y"] and (arrival - doc_date).days > ARRIVAL_WINDOW:
        arrival = None                               # a year supplied must give a date of arrival
    if arrival is None:
        return None, 0.0
    conf = _as_read(SURE if m["y"] else NO_YEAR, "".join(g for g in m.group("d", "m", "y") if g), view.stamp_words)
    if doc_date and (arrival - doc_date).days > ARRIVAL_WINDOW:
        # months after the document: a digit misread? Kept, to be checked; but a year after it, the
        # year was misread ("07/02/45" for 07/02/15) when one date shortly after the document is one
        # edit from it (a stamp read on its own: in interleaved text the first "ngày" may be the header's)
        late = (arrival - doc_date).days > YEAR_OFF
        repaired = repaired_date(fold, doc_date) if late and separate else None
        return (repaired, INFERRED) if repaired else (arrival, min(conf, TO_CHECK))
    return arrival, conf


def _arrival_date(fold: str, doc_date: date | None, view: View, separate: bool) -> tuple[date | None, float]:
    """The ngày đến: after its label; else, in a stamp read on its own, a value that fits by its
    place (never from interleaved text, where the header's own dates sit between the lines); else
    the one of the dates its ink may hold that the document date allows, if far the likeliest;
    else a date one OCR confusion from one shortly after the document."""
    arrival, conf = _labelled_date(fold, doc_date, view, separate)
    if arrival is not None or doc_date is None:
        return arrival, conf
    if separate and (arrival := unlabelled_date(fold, doc_date)):
        return arrival, TO_CHECK
    if (arrival := likeliest_fitting(view.stamp_alternatives, doc_date)):
        return arrival, INFERRED
    if separate and (arrival := repaired_date(fold, doc_date)):
        return arrival, INFERRED
    return None, 0.0


def _receiver_lines(lines: list[str], reader: HandlingReader, separate: bool = True) -> list[str]:
    """The capitals lines above the stamp's first label (its receiver); the handling lines go to
    ``reader`` as they are met. A handling value without its label (garbled, or only unit codes
    left) is taken from a stamp read on its own: interleaved with the page's text, the body's
    words ("phụ trách công nghệ thông tin") would be taken for units."""
    receiver_lines: list[str] = []
    seen_label = False
    for line in lines:
        if reader.labelled(line):
            seen_label = True
            continue
        f = vntext.fold(line, aligned=True)
        if RE_SO_DEN.search(f):
            seen_label = True
            continue
        if seen_label and separate and (reader.garbled(line) or reader.unlabelled(line)):
            continue
        if RE_DEN.match(f):
            seen_label = True
            continue
        letters = [c for c in line if c.isalpha()]
        if not seen_label and letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters) \
                and not HEADERISH.search(f):          # a black stamp's crop holds the Quốc hiệu beside it
            receiver_lines.append(restore(re.sub(r"[^\p{L}\s&.,-]", "", line).strip()))
    return receiver_lines


def _interleaved_receiver(lines: list[str], issuer: str | None) -> tuple[str | None, float]:
    """Among the page's lines, the receiver of a stamp read with the text: a line of the rows just
    above its ĐẾN that is a known body's name, garbled (:func:`~extractors.orgs.known_body`), and
    not the document's issuer (the header's lines stand there too). Shown to the clerk to check."""
    den = next((k for k, ln in enumerate(lines)
                if RE_DEN.match(vntext.fold(ln, aligned=True)) and _CAPITAL_DEN.match(ln)), None)
    for line in reversed(lines[max(0, (den or 0) - RECEIVER_ROWS):den or 0]):
        known = known_body(line)
        if known is not None and vntext.fold(known, aligned=True) != vntext.fold(issuer or "", aligned=True):
            return known, RECEIVER_SNAPPED
    return None, RECEIVER_UNREAD


def _receiver(receiver_lines: list[str], separate: bool, office: Office | None) -> tuple[str | None, float]:
    """The receiver a stamp read on its own names: the office's own name when it reads like it,
    else a body's name as read. In interleaved text the lines above the ĐẾN label are the
    header's, and "CÔNG VĂN" is the stamp's own label."""
    names = [r for r in receiver_lines
             if len(r) > 2 and vntext.fold(r, aligned=True).strip() not in ("cong van", "cong van den")]
    if not (separate and names):
        return None, RECEIVER_UNREAD
    own, similarity = match_office(" ".join(names), office)
    if own:
        return own, round(min(RECEIVER_MAX, similarity), 2)
    known = known_body(" ".join(names))
    if known is not None and vntext.fold(known, aligned=True) != vntext.fold(" ".join(names), aligned=True).strip():
        return known, RECEIVER_SNAPPED          # a body's name OCR garbled: the clerk checks it
    issuer, parent = compose(names)
    if not issuer:
        return None, RECEIVER_UNREAD
    # a name that opens like no body ("Fở thông tn và R.jyfr …") is kept as read, to be checked
    receiver = full_name(issuer, parent)
    return receiver, RECEIVER_AS_READ if starts_body(vntext.fold(receiver, aligned=True).split()) else RECEIVER_NO_BODY
