"""All fields of the dispatch record from one :class:`~extractors.view.View`.

Pure: no I/O, no OCR. Each field comes with a confidence (0–1) keyed by its dotted name, so a
clerk can be shown what to check; a field that was not read is null with confidence ≤ 0.2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from congvan.extractors.dates import find_place_date, place_of_issuer
from congvan.extractors.deadlines import find_deadlines
from congvan.extractors.issuer import find_issuer
from congvan.extractors.marks import find_marks
from congvan.extractors.numbers import find_number, find_type, header_code
from congvan.extractors.recipients import find_recipients
from congvan.extractors.references import cited_own_number, find_references
from congvan.extractors.signer import find_signer
from congvan.extractors.stamp import find_incoming
from congvan.extractors.stamp_dates import year_misread
from congvan.extractors.subject import find_subject
from congvan.extractors.view import View
from congvan.pipeline.core import confidence as level
from congvan.pipeline.core.records import Deadline, Document, Handling, Incoming, Reference, Signer
from congvan.pipeline.core.units import Office

HEADER_UNDER_STAMP = ("document.number", "document.issuer", "document.place", "document.date", "document.subject")
STAMPED_HEADER = 0.55        # below the 0.6 at which a field is shown as one to check


@dataclass
class Extraction:
    document: Document
    incoming: Incoming | None
    confidence: dict[str, float] = field(default_factory=dict)


UNRECOGNISED = 0.2       # the most any field is trusted in a text with no dispatch header


UNSURE_WORD = 0.6        # a header word OCR read this unsure (a slot's pen digits read again by the model)


def _words_conf(held: list[float]) -> float:
    """How sure OCR was of a field from the header words that hold it: when one was read at
    :data:`UNSURE_WORD` or less (the two readers of a pen's digits disagreed), the field is
    doubtful, under the line at which the clerk is asked to check it; else 1.0."""
    return level.DOUBTFUL if held and min(held) <= UNSURE_WORD else 1.0


def _date_words_conf(day: date, words: list[tuple[str, float]]) -> float:
    tokens = {str(day.day), f"{day.day:02d}", str(day.month), f"{day.month:02d}", str(day.year)}
    return _words_conf([c for w, c in words if w.strip(",.;") in tokens])


def _number_words_conf(number: str, words: list[tuple[str, float]]) -> float:
    digits = number.split("/")[0]
    return _words_conf([c for w, c in words if w.strip(",.;") == number or w.startswith(f"{digits}/")])


MISREAD_YEAR = 0.5       # a document date before a document it cites, read again or not
SURE_ARRIVAL = 0.8       # a stamp date read with its year, by readers that agreed


def _year_checked(view: View, doc_date: date, cited: list[date], number: str | None,
                  office: Office | None) -> date:
    """The document date, its year read again when the stamp's date of arrival, read sure and
    with its year, leaves one year it can be (:func:`~extractors.stamp_dates.year_misread`)."""
    stamp, sure = find_incoming(view, None, number, office)
    read = stamp["arrival_date"] if stamp and sure.get("date", 0.0) >= SURE_ARRIVAL else None
    return year_misread(doc_date, cited, date.fromisoformat(read) if read else None) or doc_date


def extract(view: View, office: Office | None = None) -> Extraction:
    """Every field of the record; ``office`` (the receiving office and its units) helps read its stamp."""
    conf: dict[str, float] = {}
    number, kind, conf["document.number"] = find_number(view)
    if number is not None:
        conf["document.number"] = min(conf["document.number"], _number_words_conf(number, view.header_words))
    doc_type, conf["document.type"] = find_type(view, number, kind)
    place, doc_date, c_date = find_place_date(view)
    conf["document.place"] = c_date if place else 0.1
    conf["document.date"] = min(c_date, _date_words_conf(doc_date, view.header_words)) if doc_date else 0.1
    name, title, authority, signer_block, conf["document.signer"] = find_signer(view)
    issuer, conf["document.issuer"] = find_issuer(view, number, place, signer_block)
    if place is None and (place := place_of_issuer(issuer)) is not None:
        conf["document.place"] = min(0.5, conf["document.issuer"])     # the standard's rule, not read
    subject, conf["document.subject"] = find_subject(view, doc_type)
    if view.stamp_mixed:
        # a black stamp pressed on the header: its lines were read through the stamp's print
        for key in HEADER_UNDER_STAMP:
            conf[key] = min(conf[key], STAMPED_HEADER)
    recipients, conf["document.recipients"] = find_recipients(view)
    urgency, secrecy, c_marks = find_marks(view)
    conf["document.urgency"] = conf["document.confidentiality"] = c_marks
    refs, conf["document.references"] = find_references(view, number)
    if number is None and doc_date is not None and (code := header_code(view)) is not None:
        number = cited_own_number(view, code, doc_date)        # the header's pen digits not read
        if number is not None:
            conf["document.number"] = level.DOUBTFUL              # the clerk checks it
            doc_type = doc_type or find_type(view, number, "state")[0]
    cited = [date.fromisoformat(r["date"]) for r in refs if r["date"]]
    if doc_date and cited and doc_date < max(cited):
        # it cites a later document: a year was misread, the document's or the citation's
        doc_date = _year_checked(view, doc_date, cited, number, office)
        conf["document.date"] = min(conf["document.date"], MISREAD_YEAR)
    deadlines, conf["document.deadlines"] = find_deadlines(view, doc_date)
    inc, c_inc = find_incoming(view, doc_date, number, office, issuer)
    incoming = None
    if inc is not None:
        incoming = Incoming(receiver=inc["receiver"], arrival_number=inc["arrival_number"],
                            arrival_date=inc["arrival_date"], handling=Handling(**inc["handling"]))
        conf["incoming.arrival_number"] = c_inc["number"] or 0.1
        conf["incoming.arrival_date"] = c_inc["date"] or 0.1
        conf["incoming.receiver"] = c_inc["receiver"]
        conf["incoming.handling.main"] = c_inc["main"] or 0.1
    document = Document(
        number=number, type=doc_type, issuer=issuer, place=place,
        date=doc_date.isoformat() if isinstance(doc_date, date) else None, subject=subject,
        signer=Signer(name, title, authority), recipients=recipients, urgency=urgency, confidentiality=secrecy,
        references=[Reference(r["number"] or "", r["type"], r["date"], r["issuer"]) for r in refs if r["number"]],
        deadlines=[Deadline(d["date"], d["text"] or "", "yearly" if d["recurring"] else None) for d in deadlines],
    )
    for key, value in (("document.number", number), ("document.type", doc_type), ("document.issuer", issuer),
                       ("document.subject", subject), ("document.signer", name or title)):
        if value is None:
            conf[key] = min(conf.get(key, 0.0), 0.1)
    if not any((number, doc_type, issuer, doc_date, subject)):
        # nothing of an official dispatch's header was found (empty, garbage, a photo, another kind
        # of text): "no urgency mark", "no citation" are no better known than the rest. A stamp
        # read on it is evidence of its own and keeps its confidences.
        conf = {k: min(v, UNRECOGNISED) if k.startswith("document.") else v for k, v in conf.items()}
    return Extraction(document=document, incoming=incoming, confidence={k: round(v, 3) for k, v in conf.items()})
