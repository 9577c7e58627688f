"""The dispatch record: the typed form of the record contract (its JSON schema is ``data/record.schema.json``).

Plain dataclasses; :func:`Record.to_dict` produces exactly the JSON form of the
contract and :func:`Record.from_dict` reads it back (ground truth, the ledger).
Every string that enters a record is NFC-normalised here, at the boundary.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

SourceKind = Literal["scan", "text-pdf", "text"]
AUTHORITIES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
URGENCIES = ("Khẩn", "Thượng khẩn", "Hỏa tốc")
CONFIDENTIALITIES = ("Mật", "Tối mật", "Tuyệt mật")


def nfc(value: str | None) -> str | None:
    """NFC-normalise; empty or blank strings become ``None`` (the contract has no empty strings)."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value).strip()
    return value or None


@dataclass
class Source:
    path: str
    sha256: str
    pages: int
    kind: SourceKind
    # who signed the file electronically and when ({"signer", "time" (ISO 8601 with its offset),
    # "kind": "pdf-signature" | "caption"}); absent from the record when there is none
    digital_signature: dict[str, str | None] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "sha256": self.sha256, "pages": self.pages, "kind": self.kind}
        if self.digital_signature:
            out["digital_signature"] = dict(self.digital_signature)
        return out


@dataclass
class Signer:
    name: str | None = None
    title: str | None = None
    authority: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": nfc(self.name), "title": nfc(self.title), "authority": self.authority}


@dataclass
class Reference:
    number: str
    type: str | None = None
    date: str | None = None
    issuer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"number": nfc(self.number), "type": nfc(self.type), "date": self.date,
                "issuer": nfc(self.issuer)}


@dataclass
class Deadline:
    date: str | None
    text: str
    recurring: Literal["yearly"] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "text": nfc(self.text) or "", "recurring": self.recurring}


@dataclass
class Handling:
    leader: str | None = None
    direction: str | None = None
    main: str | None = None
    coordination: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"leader": nfc(self.leader), "direction": nfc(self.direction), "main": nfc(self.main),
                "coordination": nfc(self.coordination)}


@dataclass
class Incoming:
    receiver: str | None = None
    arrival_number: str | None = None
    arrival_date: str | None = None
    handling: Handling = field(default_factory=Handling)

    def to_dict(self) -> dict[str, Any]:
        return {"receiver": nfc(self.receiver), "arrival_number": self.arrival_number,
                "arrival_date": self.arrival_date, "handling": self.handling.to_dict()}


@dataclass
class Routing:
    main: str | None = None
    coordination: list[str] = field(default_factory=list)
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"main": nfc(self.main), "coordination": [s for s in map(nfc, self.coordination) if s],
                "confidence": round(float(self.confidence), 4), "reasons": list(self.reasons)}


@dataclass
class Document:
    number: str | None = None
    type: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = None
    subject: str | None = None
    signer: Signer = field(default_factory=Signer)
    recipients: list[str] = field(default_factory=list)
    urgency: str | None = None
    confidentiality: str | None = None
    references: list[Reference] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": nfc(self.number), "type": nfc(self.type), "issuer": nfc(self.issuer),
            "place": nfc(self.place), "date": self.date, "subject": nfc(self.subject),
            "signer": self.signer.to_dict(),
            "recipients": [s for s in map(nfc, self.recipients) if s],
            "urgency": self.urgency, "confidentiality": self.confidentiality,
            "references": [r.to_dict() for r in self.references],
            "deadlines": [d.to_dict() for d in self.deadlines],
        }


@dataclass
class Record:
    source: Source
    document: Document = field(default_factory=Document)
    incoming: Incoming | None = None
    routing: Routing = field(default_factory=Routing)
    confidence: dict[str, float] = field(default_factory=dict)
    text: str = ""
    office: str | None = None     # the receiving office's code, in a deployment serving several (CONGVAN_OFFICE)

    @property
    def unit(self) -> str | None:
        """The unit handling it: the routing proposal (or a person's decision), else what the
        stamp's Xử lý chính / Chuyển line says."""
        return self.routing.main or (self.incoming.handling.main if self.incoming else None)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "source": self.source.to_dict(),
            "document": self.document.to_dict(),
            "incoming": self.incoming.to_dict() if self.incoming else None,
            "routing": self.routing.to_dict(),
            "confidence": {k: round(min(1.0, max(0.0, float(v))), 4) for k, v in self.confidence.items()},
            "text": unicodedata.normalize("NFC", self.text),
        }
        if self.office:
            out["office"] = self.office
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        src = data["source"]
        doc = data.get("document") or {}
        signer = doc.get("signer") or {}
        inc = data.get("incoming")
        rout = data.get("routing") or {}
        return cls(
            source=Source(path=src["path"], sha256=src["sha256"], pages=int(src["pages"]), kind=src["kind"],
                          digital_signature=dict(src["digital_signature"]) if src.get("digital_signature") else None),
            document=Document(
                number=doc.get("number"), type=doc.get("type"), issuer=doc.get("issuer"),
                place=doc.get("place"), date=doc.get("date"), subject=doc.get("subject"),
                signer=Signer(signer.get("name"), signer.get("title"), signer.get("authority")),
                recipients=list(doc.get("recipients") or []),
                urgency=doc.get("urgency"), confidentiality=doc.get("confidentiality"),
                references=[Reference(r["number"], r.get("type"), r.get("date"), r.get("issuer"))
                            for r in doc.get("references") or []],
                deadlines=[Deadline(d.get("date"), d.get("text", ""), d.get("recurring"))
                           for d in doc.get("deadlines") or []],
            ),
            incoming=None if inc is None else Incoming(
                receiver=inc.get("receiver"), arrival_number=inc.get("arrival_number"),
                arrival_date=inc.get("arrival_date"),
                handling=Handling(**{k: (inc.get("handling") or {}).get(k)
                                     for k in ("leader", "direction", "main", "coordination")}),
            ),
            routing=Routing(main=rout.get("main"), coordination=list(rout.get("coordination") or []),
                            confidence=float(rout.get("confidence") or 0.0),
                            reasons=list(rout.get("reasons") or [])),
            confidence=dict(data.get("confidence") or {}),
            text=data.get("text") or "",
            office=data.get("office") or None,
        )
