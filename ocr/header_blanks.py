"""The number and the date a clerk fills in by pen in the printed header, read from the ink.

NĐ 30/2020/NĐ-CP, Phụ lục I: the header's left cell holds "Số: …/<ký hiệu>", the right one
"<place>, ngày … tháng … năm …". Offices print the form and leave the number (and often the
day, sometimes the month) blank: the văn thư writes them in by pen on the day the document is
issued (Điều 15: the number is given when the document is registered). So on real scans the
slot holds handwriting, in blue or black ink, often over a dotted blank; Tesseract reads it as
junk ("Số: 2ƒ /CT-UBND", "ngày Ø4 tháng") or, when the ink is coloured, not at all: the body
image has coloured ink lifted out (:func:`ocr.preprocess.separate_ink`).

This pass finds the two slots by their printed labels in the header's top third, cuts each as one
short line from the page *with* its ink (the darkest channel, so blue and red pen stay dark), and
reads it with the second recogniser (:mod:`ocr.digit_model`, Latin letters and digits, decoded
by prefix beam search). The printed parts are Tesseract's; the filled values are weighed:
- a value Tesseract read as clean digits at :data:`TESS_SURE` or more stands (typed in, printed),
  and so does one read at :data:`TESS_PLAUSIBLE` that is among the model's runners-up;
- else the model's likeliest value, where its reading has the slot's grammar (``S… <digits> /``,
  ``ng… <day> th… <month> n… <year>``) and the value fits (a day 1–31, a month 1–12);
- a value the two readers give differently is marked unsure (:data:`DISPUTED`) so the clerk
  checks it; one they agree on keeps the surer confidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import regex as re

from congvan.ocr import digit_model
from congvan.ocr.types import BBox, Block, Line, Word, union
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core import vntext

HEADER = 0.4          # share of the page's height the header's slots are looked for in
TESS_SURE = level.READ   # Tesseract's clean-digit reading of a slot at least this sure stands
TESS_PLAUSIBLE = level.DOUBTFUL   # and one this sure stands when the model finds it likely too
DISPUTED = level.DOUBTFUL  # a value the two readers read differently: the clerk checks it
PAD = 0.2             # of the line's height, white added round a slot's crop
MAX_LABEL_WORDS = 4   # "Số", the filled number and the ký hiệu: at most this many words to the "/"
SYMBOLS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/-.:, "

_LABEL_SO = re.compile(r"^[sS][ốôoóòổồỗộớờởơ0ÓÒÔỐỒỔ6bê]?(?![\p{L}])")     # "Số", "Sô", "S6:", "Sôz2/Jé"
# the model's readings ("S6: 299 /UBND-TTHC", "ngay23thang 01 nam 2025"): a label's letters are
# letters only, so that a number run into its label is not taken for part of it
_L = r"[^\W\d]"
_READ_NUMBER = re.compile(rf"^\W*[sS](?:{_L}|[06])?\W{{0,3}}(?P<digits>\d(?:[ ]?\d){{0,5}})[ ]?[.]?[ ]?/[ ]?"
                          r"(?P<code>[A-Za-z0-9/\- ]*)")
_READ_DATE = re.compile(rf"ng{_L}{{0,3}}\W{{0,2}}(?P<day>\d{{1,2}})\W{{0,2}}t?h{_L}{{0,4}}\W{{0,2}}(?P<month>\d{{1,2}})"
                        rf"\W{{0,2}}n{_L}{{0,3}}\W{{0,2}}(?P<year>(?:19|20)\d\d)")
_YEAR = re.compile(r"(?:19|20)\d\d[,.]?")
_DIGITS = re.compile(r"\d{1,6}")
# the ký hiệu's "/" before its capitals, or what OCR makes of a pen stroke run into it ("†4;UBND")
_SLASH = re.compile(r"[/;|](?=\s*[\p{Lu}§8])")


@dataclass(frozen=True)
class Slot:
    """Where a filled-in value sits: the words of its line it spans (``first``..``last``)."""
    kind: str             # "number" or "date"
    block: int
    line: int
    first: int
    last: int
    box: BBox


def _blank_between(left: Line, right: Line) -> bool:
    """Whether two lines of one row are the two sides of a blank: "Số:" | "/TB-UBND", or
    "…, ngày" | "tháng 01 năm 2025"."""
    if not (right.bbox[1] < left.bbox[3] and left.bbox[1] < right.bbox[3]):
        return False
    if len(left.words) == 1 and _LABEL_SO.match(vntext.nfc(left.words[0].text)):
        return right.words[0].text.startswith("/")
    return vntext.fold(left.words[-1].text, lower=True) == "ngay" and \
        vntext.fold(right.words[0].text, lower=True) == "thang"


def _joined(blocks: list[Block]) -> list[Block]:
    """``blocks`` with the two sides of a blank in one line (:func:`_blank_between`): a text
    layer leaves the blank as a gap wide enough to part lines."""
    out = []
    for block in blocks:
        lines: list[Line] = []
        for line in block.lines:
            last = lines[-1] if lines else None
            if last is not None and line.words and _blank_between(last, line):
                lines[-1] = Line([*last.words, *line.words])
                continue
            lines.append(Line(list(line.words)))
        out.append(Block(lines, block.kind))
    return out


def find_slots(blocks: list[Block], height: int, width: int) -> list[Slot]:
    """The number's and the date's slot in the header (at most one each, the highest), in
    ``blocks`` as :func:`_joined` gives them."""
    found: dict[str, Slot] = {}
    for b, block in enumerate(blocks):
        if block.kind != "text":
            continue
        for k, line in enumerate(block.lines):
            if line.bbox[1] > height * HEADER:
                continue
            for slot in (_number_slot(b, k, line, width), _date_slot(b, k, line, width)):
                if slot and (slot.kind not in found or slot.box[1] < found[slot.kind].box[1]):
                    found[slot.kind] = slot
    return sorted(found.values(), key=lambda s: s.kind)


def _number_slot(b: int, k: int, line: Line, width: int) -> Slot | None:
    words = line.words
    if not words or words[0].bbox[0] > width / 2 or not _LABEL_SO.match(vntext.nfc(words[0].text)):
        return None
    # the ký hiệu's "/" is in the left column: the last word holding one among the first few
    left = [i for i, w in enumerate(words[:MAX_LABEL_WORDS]) if _SLASH.search(w.text) and w.bbox[2] < width * 0.6]
    if not left:                      # the "/" lost under the pen: the word that holds the printed ký hiệu
        left = [i for i, w in enumerate(words[1:MAX_LABEL_WORDS], 1)
                if _CODE_SHAPE.search(w.text) and w.bbox[2] < width * 0.6][:1]
    if not left:
        return None
    last = left[-1]
    return Slot("number", b, k, 0, last, union([w.bbox for w in words[:last + 1]]))


def _date_slot(b: int, k: int, line: Line, width: int) -> Slot | None:
    words = line.words
    year = next((i for i, w in enumerate(words) if i >= 2 and _YEAR.fullmatch(w.text)
                 and vntext.fold(words[i - 1].text, lower=True).startswith("n")), None)
    if year is None:
        return None
    # the last "ng…" word before the year: "ngày" ("Quảng Ngãi, ngày …": not the place's "Ngãi")
    start = next((i for i in range(year - 1, -1, -1) if vntext.fold(words[i].text, lower=True).startswith("ng")
                  and words[i].bbox[0] > width * 0.3), None)
    if start is None or year - start > 6:
        return None
    return Slot("date", b, k, start, year, union([w.bbox for w in words[start:year + 1]]))


def left_blank(blocks: list[Block], height: int, width: int) -> bool:
    """Whether the header's number or day slot holds nothing at all (a text layer where the
    number and day were put in as an image or in a font without text: "Số: /TB-UBND")."""
    blocks = _joined(blocks)
    for slot in find_slots(blocks, height, width):
        words = blocks[slot.block].lines[slot.line].words[slot.first:slot.last + 1]
        text = " ".join(w.text for w in words)
        if slot.kind == "number" and re.match(r"^\S*?:?\s*[/;|]", text) and not re.search(r"\d", text.split("/")[0]):
            return True
        if slot.kind == "date" and len(words) > 1 and vntext.fold(words[1].text, lower=True).startswith("th"):
            return True
    return False


def fill_blanks(blocks: list[Block], crop: Callable[[BBox], np.ndarray], height: int, width: int) -> list[Block]:
    """``blocks`` with the header's number and date slots read again from the ink (see the
    module's docstring). ``crop`` gives a box of the page (body coordinates) with its ink, grey."""
    blocks = _joined(blocks)
    slots = find_slots(blocks, height, width)
    if not slots or not digit_model.available():
        return blocks
    crops = []
    for slot in slots:
        x0, y0, x1, y1 = slot.box
        pad = max(2, int((y1 - y0) * PAD))
        crops.append(crop((max(0, x0 - pad), max(0, y0 - pad), x1 + pad, y1 + pad)))
    readings = digit_model.read_candidates(crops, SYMBOLS)
    out = blocks
    for slot, (conf, candidates) in zip(slots, readings, strict=True):
        line = out[slot.block].lines[slot.line]
        texts = [pen_ones(text, slot.kind) for text, _ in candidates]
        words = number_words(line.words[:slot.last + 1], texts, conf) if slot.kind == "number" \
            else date_words(line.words[slot.first:slot.last + 1], texts, conf)
        if words is not None:
            line.words[slot.first:slot.last + 1] = words
    return out


# A pen's 1 drawn with a long lead-in stroke (the school form, like a Λ) the model may read as a
# capital A, or as an N where the stroke runs on. In a slot where only digits are written (the
# number before its "/", the day, the month; a number's letter suffix is lower case: "01a")
# these capitals are those ones. An M (two such ones joined, or one read so) is left unread: it
# may be one 1 or two.
PEN_ONES = str.maketrans({"A": "1", "N": "1"})
_ONES = "[\\dAN]"
_NUMBER_SLOT = re.compile(rf"^(\W*[sS](?:[a-z]|[06])?\W{{0,3}})({_ONES}(?:[ ]?{_ONES}){{0,5}})(?=[ ]?[.]?[ ]?/)")
_DAY_SLOT = re.compile(rf"(ng[a-z]{{0,3}}\W{{0,2}})({_ONES}{{1,2}})(?=\W{{0,2}}t?h[a-z])")
_MONTH_SLOT = re.compile(rf"(t?h[a-z]{{0,4}}\W{{0,2}})({_ONES}{{1,2}})(?=\W{{0,2}}n[a-z]{{0,3}}\W{{0,2}}(?:19|20)\d\d)")


def pen_ones(reading: str, kind: str) -> str:
    """The model's ``reading`` of a ``kind`` slot ("number" or "date") with :data:`PEN_ONES` read
    as the ones they are in the slot's digits ("S6: 2A64 /TB-DHDL" → 2164, "ngay AN thang 9" → 11)."""
    for slot in (_NUMBER_SLOT,) if kind == "number" else (_DAY_SLOT, _MONTH_SLOT):
        reading = slot.sub(lambda m: m[1] + m[2].translate(PEN_ONES), reading, count=1)
    return reading


def _weighed(tess: Word | None, model: list[str], model_conf: float) -> tuple[str, float] | None:
    """One filled value from Tesseract's word and the values of the model's readings, likeliest
    first (the module's rules): Tesseract's when it is sure; the model's likeliest, unless it is
    not sure either and Tesseract's value is among the model's runners-up."""
    read = tess.text.strip(".,_") if tess is not None and _DIGITS.fullmatch(tess.text.strip(".,_")) else None
    if tess is not None and read is not None and tess.conf >= TESS_SURE:
        return read, (tess.conf if not model or int(model[0]) == int(read) else min(tess.conf, DISPUTED))
    if not model:
        return None
    if tess is not None and read is not None:
        if int(read) == int(model[0]):
            return model[0], max(tess.conf, model_conf)
        if tess.conf >= TESS_PLAUSIBLE and any(int(v) == int(read) for v in model[1:]):
            return read, min(tess.conf, DISPUTED)
    return model[0], min(model_conf, DISPUTED)


def number_words(words: list[Word], readings: list[str], conf: float) -> list[Word] | None:
    """The number's words ("Số:", "<digits>/<ký hiệu>") from Tesseract's ``words`` (the label up
    to the ký hiệu) and the model's ``readings`` of the same span (likeliest first: the first
    with the slot's grammar counts, at ``conf`` when it is the likeliest, else unsure); None
    when neither gives digits."""
    text = " ".join(w.text for w in words)
    slash = _code_slash(text)
    if slash is None:                 # no "/" read: the printed ký hiệu's shape says where the code starts
        shaped = _CODE_SHAPE.search(text, len(words[0].text))
        if shaped is None:
            return None
        slash = shaped.start() - 1
    code = re.sub(r"\s+", "", text[slash + 1:])

    def reading(text: str) -> re.Match[str] | None:
        return _READ_NUMBER.match(text) or _slash_under_pen(text, code)
    rank, _ = _first(reading, readings)
    model = [n["digits"].replace(" ", "") for n in map(reading, readings[max(rank, 0):]) if n]
    conf = conf if rank == 0 else min(conf, DISPUTED)
    code = _code_mended_by(code, [re.sub(r"\s+", "", n["code"]) for n in map(reading, readings) if n])
    digits = [w for w in words[1:] if _DIGITS.fullmatch(w.text.strip(".,_"))]
    label = vntext.fold(words[0].text, lower=True)
    tess = digits[0] if digits else None
    if tess is None:                                      # "Số: 23/BC-UBND" as one word, or "Số:23"
        inline = re.match(r"^\S*?(\d{1,6})\s*[._]?\s*/", text)
        if inline and re.fullmatch(r"s\w{0,2}:?\s*", vntext.fold(text[:inline.start(1)], lower=True)):
            tess = Word(inline[1], words[0].bbox, words[0].conf)
    got = _weighed(tess, model, conf)
    if got is None:
        return None
    value, value_conf = got
    if label.startswith("s") and tess is not None and tess.text.strip(".,_") == value and \
            f"{value}/{code}" in re.sub(r"\s+", "", text):
        return None                                       # Tesseract's own reading already says it
    box = union([w.bbox for w in words])
    return [Word("Số:", words[0].bbox, words[0].conf), Word(f"{value}/{code}", box, value_conf)]


# a ký hiệu as printed: capitals, a hyphen, more ("CAT-PA05", "UBND-TTHC", "TB-ĐHĐL")
_CODE_SHAPE = re.compile(r"\p{Lu}{2,}[\p{Lu}\d]*[-–][\p{Lu}\d][\p{L}\d-]*")
_CODE_HEAD = 2     # letters of the printed ký hiệu that must follow the digits where the "/" is lost


def _slash_under_pen(text: str, code: str) -> re.Match[str] | None:
    """A reading whose "/" the pen's last digit covered ("So: 2558CATTT-VP" for "Số: 2558/CATTT-VP"):
    the digits run straight into the ký hiệu Tesseract read in print, which marks where they end."""
    head = re.escape(code[:_CODE_HEAD]) if len(code) >= _CODE_HEAD and code[:_CODE_HEAD].isalpha() else None
    if head is None:
        return None
    return re.match(rf"^\W*[sS](?:{_L}|[06])?\W{{0,3}}(?P<digits>\d(?:[ ]?\d){{0,5}})[ ]?"
                    rf"(?P<code>{head}[A-Za-z0-9/\- ]*)", text)


def _code_slash(text: str) -> int | None:
    """Where the ký hiệu starts: the last "/" in ``text`` followed by a letter (after a year's
    "2021/" the year is kept: "28/2021/NĐ-CP")."""
    starts = [m.start() for m in _SLASH.finditer(text)]
    if not starts:
        return None
    cut = starts[-1]
    year = re.search(r"/\s*((?:19|20)\d\d)\s*$", text[:cut])
    return year.start() if year else cut


def mended_code(tess: str, model: str) -> str:
    """Tesseract's ký hiệu (it reads Đ; the model has no Vietnamese letters) mended by the model's
    reading of it: a digit or symbol Tesseract put where the model reads a letter ("8C" → "BC",
    "§GDĐT" → "SGDĐT"), an ``I``/``l`` for its ``T`` ("TIr" → "TTr"), and the hyphens the model saw
    where Tesseract lost them ("TTrUBND" → "TTr-UBND"). Unchanged when the two readings are not
    the same code letter for letter (other lengths, other letters)."""
    tess = tess.replace("§", "S").replace("Ð", "Đ").strip("._")
    bare, model_bare = tess.replace("-", ""), model.replace("-", "")
    folded = vntext.fold(bare, aligned=True)
    if not model_bare or len(folded) != len(model_bare):
        return tess
    letters = []
    for t, f, m in zip(bare, folded, model_bare, strict=True):
        if f == m.lower():                                # fold lowers: "Đ" → "d"
            letters.append(t)
        elif m.isalpha() and (not t.isalpha() or (t in _LOOKS_T and m == "T")):
            letters.append(m)
        else:
            return tess
    shape = model if "-" in model and "-" not in tess else tess
    it = iter(letters)
    return "".join("-" if ch == "-" else next(it) for ch in shape)


_LOOKS_T = "Il"


def _code_mended_by(code: str, model_codes: list[str]) -> str:
    """The ký hiệu mended by the likeliest of the model's readings of it that can mend it."""
    alone = mended_code(code, "")
    return next((m for m in (mended_code(code, c) for c in model_codes) if m != alone), alone)


def date_words(words: list[Word], readings: list[str], conf: float) -> list[Word] | None:
    """The date's words ("ngày", day, "tháng", month, "năm", year) from Tesseract's ``words``
    (from the "ngày" word to the year) and the model's ``readings`` (likeliest first: the first
    that is a date counts, as in :func:`number_words`); None when none is or nothing changes."""
    rank, m = _first(_date_match, readings)
    if m is None:
        return None
    conf = conf if rank == 0 else min(conf, DISPUTED)
    tess = _tess_date(words)
    dates = [d for d in map(_date_match, readings[rank:]) if d]
    day = _weighed(tess.get("day"), [d["day"] for d in dates], conf)
    month = _weighed(tess.get("month"), [d["month"] for d in dates], conf)
    year_word = words[-1]
    if day is None or month is None or not (1 <= int(day[0]) <= 31 and 1 <= int(month[0]) <= 12):
        return None
    if all(tess.get(key) is not None and (tess[key].text.strip(",."), tess[key].conf) == got
           for key, got in (("day", day), ("month", month))):
        return None                                       # Tesseract's own reading already says it
    box = union([w.bbox for w in words])
    return [Word("ngày", box, 1.0), Word(day[0], box, day[1]), Word("tháng", box, 1.0),
            Word(month[0], box, month[1]), Word("năm", box, 1.0), year_word]


def _date_match(text: str) -> re.Match[str] | None:
    m = _READ_DATE.search(text)
    return m if m and 1 <= int(m["day"]) <= 31 and 1 <= int(m["month"]) <= 12 else None


def _first(match: Callable[[str], re.Match[str] | None], readings: list[str]) -> tuple[int, re.Match[str] | None]:
    """The first reading ``match`` accepts, and its rank."""
    for rank, text in enumerate(readings):
        m = match(text)
        if m:
            return rank, m
    return -1, None


def _tess_date(words: list[Word]) -> dict[str, Word]:
    """Tesseract's day and month words where its reading of the span has the date's grammar."""
    labels = [vntext.fold(w.text, lower=True).strip(",.") for w in words]
    out: dict[str, Word] = {}
    for i, key in enumerate(labels[:-1]):
        nxt = words[i + 1]
        if key == "ngay" and _DIGITS.fullmatch(nxt.text.strip(",.")):
            out["day"] = nxt
        elif key == "thang" and _DIGITS.fullmatch(nxt.text.strip(",.")):
            out["month"] = nxt
    return out


def ink_crop(body: np.ndarray, colour: np.ndarray | None, to_page: np.ndarray) -> Callable[[BBox], np.ndarray]:
    """A function giving a box of the body frame as grey *with* the page's ink: the body itself
    on a page with no colour; else the colour scan's darkest channel (blue and red pen stay dark,
    where the body has them lifted out) mapped through ``to_page``."""
    if colour is None:
        return lambda box: body[box[1]:box[3], box[0]:box[2]]
    dark = colour if colour.ndim == 2 else colour.min(axis=2)

    def crop(box: BBox) -> np.ndarray:
        x0, y0, x1, y1 = box
        shift = np.array([[1.0, 0.0, -x0], [0.0, 1.0, -y0], [0.0, 0.0, 1.0]])
        matrix = (shift @ np.vstack([to_page, [0.0, 0.0, 1.0]]))[:2]
        return cv2.warpAffine(dark, matrix, (x1 - x0, y1 - y0), flags=cv2.INTER_AREA, borderValue=255)
    return crop
