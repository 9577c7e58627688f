"""The handling lines of the incoming stamp: Lãnh đạo, Chỉ đạo / Ý kiến, Xử lý chính, Phối hợp,
Chuyển (NĐ 30 Phụ lục IV mục V and the longer stamps agencies cut; the record contract maps them to
``incoming.handling``: main ← Xử lý chính, else Chuyển).

Labels are matched loosely ("L ảnh đạn", "Xử lchính", "Phối bợp"); a label garbled past that
still names its line when all that follows it is the office's unit codes ("Chu/ếm TT CNTT").
A line whose label is lost entirely but which holds only unit codes, under the Ngày line and
before any Phối hợp line, is the unit the stamp hands the document to: on the law's stamp that
line is Chuyển, on the longer ones Xử lý chính. That is inferred from the stamp's layout, not
read, and its confidence says so.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from congvan.extractors import rx as re
from congvan.extractors.office import match_unit_code, only_units, snap_units
from congvan.pipeline.core import stamp_words, vntext
from congvan.pipeline.core.units import Office

LABELS: list[tuple[str, str | None]] = [*stamp_words.HANDLING, *((w, None) for w in stamp_words.FILED),
                                        (stamp_words.DATE, None), (stamp_words.NUMBER, None)]
# a Vietnamese syllable, folded: onset, vowels, final consonant (and the lower-case letters only)
RE_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}"
                         r"(?:ng|nh|ch|[cmnpt])?")
RE_LETTERS = re.compile(r"\p{L}+")
HEADERISH = re.compile(r"cong hoa|doc lap|tu do|hanh phuc|viet nam|nghia")


def label(line: str) -> tuple[str | None, str, bool]:
    """(field, value, matched) for a stamp line that starts with a handling label: by the words
    before a colon ("Phối bợp: …") or by the line's start ("Phố: hợp. VP", "Lãnh đạozsv")."""
    core = re.sub(r"^[^\p{L}\d]+", "", line.strip())        # debris of the frame or a speck: ", Chuyển."
    f = vntext.fold(core, aligned=True)
    colon = f.find(":")
    for text, key in LABELS:
        need = 80 if len(text) <= 4 else 70
        if 0 < colon <= len(text) + 4 and fuzz.ratio(f[:colon].strip(), text) >= need:
            return key, core[colon + 1:], True
        score = fuzz.ratio(f[: len(text)], text)
        if f[len(text):len(text) + 1].isalnum():
            # a signature's first strokes read as letters glued to a long label ("Lãnh đạozsv")
            if len(text) >= 6 and score >= 75:
                return key, core[len(text):], True
            continue
        if len(text) <= 4 and not re.match(r"\s*(?:den\s*)?[:;.,]?\s*\d", f[len(text):]):
            continue                                 # "SỞ …" is not the "Số" label
        if score >= need:
            return key, core[len(text):], True
    return None, "", False


_WEAK_LABELS = tuple((w, f) for w, f in stamp_words.HANDLING if w in stamp_words.UNIT_LINES)
# debris before a label: specks, one stray letter, or a word of the stamp's own vertical
# "CÔNG VĂN ĐẾN" read into the row beside it ("ĐEN Chu/ếm TT CNTT")
RE_LEAD = re.compile(r"^[^\p{L}\d]*(?:(?:\p{L}|cong|van|den)\s+(?=\p{L}{2}))?")      # matched on the folded line


def weak_label(line: str, office: Office | None) -> tuple[str, str] | None:
    """(field, units) for a xử lý chính / phối hợp / chuyển line whose label OCR garbled past
    matching ("Xử chmn' P CNTT", "Xừ4dý HP: TT CMTT", "J Xử lựehphi,P KHTC", "Chu/ếm TT CNTT"):
    it starts with the label's letter, a prefix is half like the label, and all that follows is
    the office's unit codes."""
    if office is None:
        return None
    line = line.strip()
    lead = RE_LEAD.match(vntext.fold(line, aligned=True))                   # folded keeps every character's offset
    core = line[lead.end():] if lead else line
    f = vntext.fold(core, aligned=True)
    colon = f.find(":")
    for text, key in _WEAK_LABELS:
        if not f.startswith(text[0]):
            continue
        splits = [colon + 1] if 0 < colon <= len(text) + 4 else []
        for k in [*splits, *range(4, min(len(f), len(text) + 4) + 1)]:
            if fuzz.ratio(f[:k].strip(" :;.,'"), text) >= 55:
                units = only_units(core[k:], office)
                if units:
                    return key, units
    return None


def _value(raw: str, confidences: dict[str, float], key: str | None = None,
           office: Office | None = None) -> str | None:
    """The text written after a handling label; ``"[signed]"`` for ink that is not text. On the
    lines leaders write on (lãnh đạo, chỉ đạo) a signature reads as short junk ("7X", "/a) NY",
    "zsv vfNÑ"): a value needs one word that is a Vietnamese syllable of three letters or more
    read with confidence, or one of the office's unit codes ("Chỉ đạo: P.CNTT"), else it is the
    signature. A unit (main, coordination) is named by two letters in a row at least; a reading
    without them is a mark, not a unit."""
    tokens = [t for t in re.split(r"\s+", raw.strip(" :;.,'`\"|_~")) if t]
    readable = [t for t in tokens if sum(c.isalnum() for c in t) >= 1 and confidences.get(t, 1.0) >= 0.35]
    if not readable:
        return "[signed]" if tokens else None
    value = " ".join(readable).strip(" .,;:")
    if HEADERISH.search(vntext.fold(value, aligned=True)):
        return None
    if key in ("leader", "direction") and not any(
            len(w) >= 3 and RE_SYLLABLE.fullmatch(vntext.fold(w, aligned=True)) and confidences.get(t, 1.0) >= 0.6
            for t in readable for w in RE_LETTERS.findall(t)) and not only_units(value, office):
        return "[signed]"
    if key in ("main", "coordination") and not re.search(r"\p{L}{2}", value):
        return "[signed]"          # "p", "4m": a unit is named by two letters or more (VP, P.CNTT)
    return value or None


READ = 0.8             # a unit after its label
WEAK = 0.6             # after a label garbled past matching, all that follows being unit codes
PLACED = 0.4           # no label read: the line's place on the stamp says what it is
_CLOSING = re.compile(r"ho so|hs\b|ky hieu")      # Số và ký hiệu HS / Lưu hồ sơ số: no handling below


def unlabelled_units(line: str, office: Office | None) -> str | None:
    """The office's unit codes a line holds after one or two words of a label no longer legible
    (": 18HuJế' P.KHTC", "C*uuẩ>. VÐ"); None when a word before them is a code itself."""
    if office is None:
        return None
    tokens = line.split()
    for k in (1, 2):
        if len(tokens) > k and not any(match_unit_code(t, office) for t in tokens[:k]):
            units = only_units(" ".join(tokens[k:]), office)
            if units:
                return units
    return None


class HandlingReader:
    """Reads a stamp's lines one at a time into ``incoming.handling``, with how sure it is of the
    main unit (``incoming.handling.main``'s confidence)."""

    def __init__(self, confidences: dict[str, float], office: Office | None) -> None:
        self.confidences = confidences
        self.office = office
        self.handling: dict[str, str | None] = {"leader": None, "direction": None, "main": None,
                                                "coordination": None}
        self.main_conf = 0.0
        self._open = True              # no Phối hợp or file-number line read yet

    def _set(self, key: str, value: str | None, conf: float) -> None:
        if self.handling[key] is None:
            self.handling[key] = value
            if key == "main" and value:
                self.main_conf = conf
        if key == "coordination":
            self._open = False

    def labelled(self, line: str) -> bool:
        """A line that opens with a label (handled, or one of the stamp's own: Số, Ngày, HS)."""
        key, value, matched = label(line)
        if not matched:
            return False
        if key is None:
            if _CLOSING.search(vntext.fold(line, aligned=True)):
                self._open = False
            return True
        read = None
        if self.handling[key] is None:                   # the first line of a field is its value
            read = _value(value, self.confidences, key, self.office)
            if read == "[signed]" and key in ("main", "coordination"):
                # unsure ink that still spells one of the office's unit codes is that code
                read = match_unit_code(value, self.office) or "[signed]"
        self._set(key, read, READ)
        return True

    def garbled(self, line: str) -> bool:
        """A line whose label OCR garbled, named by the unit codes after it."""
        weak = weak_label(line, self.office)
        if weak:
            self._set(weak[0], weak[1], WEAK)
        return weak is not None

    def unlabelled(self, line: str) -> bool:
        """A line of unit codes with no label left, where the stamp's main unit goes."""
        if not self._open or self.handling["main"] is not None:
            return False
        units = unlabelled_units(line, self.office)
        if units:
            self._set("main", units, PLACED)
        return units is not None

    def result(self) -> tuple[dict[str, str | None], float]:
        """The handling values, units written the office's way, and the main unit's confidence:
        a unit taken as the one code it is near, not matched, is no surer than a garbled label's."""
        for key in ("main", "coordination"):
            near = snap_units(self.handling[key], self.office, near=True)
            if key == "main" and near != snap_units(self.handling[key], self.office):
                self.main_conf = min(self.main_conf, WEAK)
            self.handling[key] = near
        return self.handling, self.main_conf
