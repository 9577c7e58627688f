"""A person's correction of one record field: the clerk's name for the field, the value as typed,
validated into the record contract's form, then written through the ledger's corrections.

A value is checked as an extracted one would be: a date is a real calendar date (``2016-03-07``
or ``7/3/2016`` as typed; stored ISO), a số đến is digits, urgency, confidentiality and the
signing authority take only their Nghị định 30/2020/NĐ-CP forms (``Khẩn``, ``Thượng khẩn``,
``Hỏa tốc``; ``Mật``, ``Tối mật``, ``Tuyệt mật``; ``TM.``, ``KT.``, ``TL.``, ``TUQ.``, ``Q.``: Điều 8
and Phụ lục I), typed with or without marks. A list (recipients, references) is given as its
entries separated by ``;``. An empty value (``""`` or ``-``) clears the field. Every text is NFC.
Routing is decided with ``congvan route set``, which checks the unit against the units file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from congvan.pipeline.core.errors import InputFileError
from congvan.pipeline.core.records import Record
from congvan.pipeline.core.vntext import canon_folded, nfc, squash_spaces
from congvan.search.store import Store

# the clerk's short names → the record's dotted fields (RECORD.md)
FIELDS: dict[str, str] = {
    "number": "document.number", "so-ky-hieu": "document.number",
    "type": "document.type", "loai": "document.type",
    "issuer": "document.issuer", "co-quan": "document.issuer",
    "place": "document.place",
    "date": "document.date", "ngay": "document.date",
    "subject": "document.subject", "trich-yeu": "document.subject",
    "signer": "document.signer.name", "signer.name": "document.signer.name",
    "signer.title": "document.signer.title", "signer.authority": "document.signer.authority",
    "urgency": "document.urgency", "do-khan": "document.urgency",
    "confidentiality": "document.confidentiality", "do-mat": "document.confidentiality",
    "recipients": "document.recipients", "noi-nhan": "document.recipients",
    "references": "document.references",
    "arrival_number": "incoming.arrival_number", "so-den": "incoming.arrival_number",
    "arrival_date": "incoming.arrival_date", "ngay-den": "incoming.arrival_date",
    "receiver": "incoming.receiver",
    "leader": "incoming.handling.leader", "direction": "incoming.handling.direction",
    "handling.main": "incoming.handling.main", "handling.coordination": "incoming.handling.coordination",
}
DATES = {"document.date", "incoming.arrival_date"}
LISTS = {"document.recipients", "document.references"}
CHOICES: dict[str, tuple[str, ...]] = {
    "document.urgency": ("Khẩn", "Thượng khẩn", "Hỏa tốc"),
    "document.confidentiality": ("Mật", "Tối mật", "Tuyệt mật"),
    "document.signer.authority": ("TM.", "KT.", "TL.", "TUQ.", "Q."),
}
_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def field_path(name: str) -> str:
    """The record's dotted field for a name the clerk gives (``subject``, ``so-den``, or the
    dotted name itself); an :class:`InputFileError` listing the names otherwise."""
    key = canon_folded(name).replace(" ", "-").replace("_", "-")
    for short, dotted in FIELDS.items():
        if key in (short.replace("_", "-"), dotted.replace("_", "-")):
            return dotted
    if key.startswith("routing."):
        raise InputFileError("routing is decided with `congvan route set ID --main UNIT`", name)
    names = ", ".join(sorted({k for k in FIELDS if "." not in k or k.startswith("signer.")}))
    raise InputFileError(f"not a field that can be corrected (give one of: {names})", name)


def _date(text: str, field: str) -> str:
    m = _ISO.fullmatch(text) or _DMY.fullmatch(text)
    if m is None:
        raise InputFileError("not a date: give it as YYYY-MM-DD or D/M/YYYY", f"{field}={text}")
    y, mo, d = (m[1], m[2], m[3]) if m.re is _ISO else (m[3], m[2], m[1])
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError as exc:
        raise InputFileError(f"not a calendar date ({exc})", f"{field}={text}") from None


def parse_value(field: str, typed: str) -> Any:
    """``typed`` as the contract's value of ``field`` (see the module's docstring)."""
    text = squash_spaces(nfc(typed))
    if text in ("", "-"):
        return [] if field in LISTS else None
    if field in DATES:
        return _date(text, field)
    if field == "incoming.arrival_number":
        if not text.isdigit() or int(text) == 0:
            raise InputFileError("a số đến is a positive whole number", f"{field}={typed}")
        return str(int(text))
    if field in CHOICES:
        found = next((c for c in CHOICES[field] if canon_folded(c).rstrip(".") == canon_folded(text).rstrip(".")),
                     None)
        if found is None:
            raise InputFileError(f"give one of: {', '.join(CHOICES[field])}", f"{field}={typed}")
        return found
    if field in LISTS:
        entries = [e for e in (squash_spaces(part) for part in text.split(";")) if e]
        return [{"number": e} for e in entries] if field == "document.references" else entries
    return text


@dataclass(frozen=True)
class Correction:
    record_id: str
    field: str                 # the record's dotted field
    value: Any                 # as stored
    record: Record             # the record after the correction


def correct(store: Store, record_id: str, name: str, typed: str, who: str) -> Correction:
    """Correct one field of a record (id or its first 6+ characters) in the ledger and the index."""
    field = field_path(name)
    value = parse_value(field, typed)
    rid = record_id if len(record_id) == 64 else store.ledger.find_id(record_id)
    if rid is None or store.ledger.get(rid) is None:
        raise InputFileError("no such record in the ledger (give the id or its first 6+ characters)", record_id)
    return Correction(rid, field, value, store.correct(rid, field, value, who))
