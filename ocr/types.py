"""The OCR stage's output: pages → blocks → lines → words, with boxes and confidences.

Coordinates are pixels of the page as the OCR saw it: turned upright and deskewed, at the
page's ``dpi``. Text-layer pages (born-digital PDFs) use the same frame at 300 dpi, so layout
thresholds written in millimetres work on both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# "stamp-print": an incoming stamp in the print's own colour (a bilevel or grey scan), read from a
# crop that also holds the print the stamp was pressed over
BlockKind = Literal["text", "stamp", "stamp-print", "ink"]
PageSource = Literal["ocr", "text-layer"]
BBox = tuple[int, int, int, int]  # x0, y0, x1, y1
# values a word's ink may hold, each with its share of the likelihood (ocr.date_readings)
Alternatives = tuple[tuple[str, float], ...]


def intersects(a: BBox, b: BBox) -> bool:
    """Whether two boxes share some area."""
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def union(boxes: list[BBox]) -> BBox:
    if not boxes:
        return (0, 0, 0, 0)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


@dataclass(frozen=True)
class Word:
    text: str
    bbox: BBox
    conf: float  # 0–1
    # other values the ink may hold, each with its share of the likelihood (a stamp's unsure
    # date: see ocr.date_readings); the extractor picks among them with what it knows
    alternatives: Alternatives = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "bbox": list(self.bbox), "conf": round(self.conf, 3)}
        if self.alternatives:
            out["alternatives"] = [[text, share] for text, share in self.alternatives]
        return out


@dataclass
class Line:
    words: list[Word]

    @property
    def bbox(self) -> BBox:
        return union([w.bbox for w in self.words])

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def conf(self) -> float:
        return sum(w.conf for w in self.words) / len(self.words) if self.words else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"bbox": list(self.bbox), "text": self.text, "words": [w.to_dict() for w in self.words]}


@dataclass
class Block:
    lines: list[Line]
    kind: BlockKind = "text"

    @property
    def bbox(self) -> BBox:
        return union([ln.bbox for ln in self.lines])

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "bbox": list(self.bbox), "lines": [ln.to_dict() for ln in self.lines]}


@dataclass
class OcrPage:
    number: int                       # 1-based
    width: int
    height: int
    dpi: int
    source: PageSource
    blocks: list[Block] = field(default_factory=list)
    body_text: str = ""               # printed text in visual-row order, columns separated by a tab
    ink_text: str = ""                # text of the stamp and ink blocks, one block per paragraph
    rotation: int = 0                 # degrees clockwise applied to make the page upright
    skew: float = 0.0                 # degrees of deskew applied
    seconds: float = 0.0
    # the 2×3 affine map (row-major) from this page's coordinates back to the decoded image's,
    # and that image's (width, height): what the desk needs to show a word where it is on the
    # page as filed; empty when unknown (a text layer's page, a photo's warped page)
    to_source: tuple[float, ...] = ()
    source_size: tuple[int, int] = (0, 0)

    @property
    def text(self) -> str:
        """The page's text: the printed body, then a blank line and the stamp/ink text if any."""
        return f"{self.body_text}\n\n{self.ink_text}" if self.ink_text else self.body_text

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "width": self.width, "height": self.height, "dpi": self.dpi,
                "source": self.source, "rotation": self.rotation, "skew": round(self.skew, 2),
                "seconds": round(self.seconds, 3), "text": self.text, "body_text": self.body_text,
                "ink_text": self.ink_text,
                "blocks": [b.to_dict() for b in self.blocks]}


@dataclass
class OcrDocument:
    path: str
    sha256: str
    pages: list[OcrPage] = field(default_factory=list)
    # the file's digital signatures (ocr.esign: {"signer", "time", "kind"}), earliest first
    signatures: list[dict[str, str | None]] = field(default_factory=list)

    @property
    def kind(self) -> Literal["scan", "text-pdf"]:
        return "text-pdf" if self.pages and all(p.source == "text-layer" for p in self.pages) else "scan"

    @property
    def text(self) -> str:
        return "\f".join(p.text for p in self.pages)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "kind": self.kind,
                "pages": [p.to_dict() for p in self.pages], "signatures": [dict(s) for s in self.signatures]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OcrDocument:
        pages = []
        for p in data["pages"]:
            blocks = [Block([Line([Word(w["text"], tuple(w["bbox"]), float(w["conf"]),
                                        tuple((str(t), float(s)) for t, s in w.get("alternatives", [])))
                                   for w in ln["words"]]) for ln in b["lines"]], b["kind"]) for b in p["blocks"]]
            pages.append(OcrPage(number=p["number"], width=p["width"], height=p["height"], dpi=p["dpi"],
                                 source=p["source"], blocks=blocks, body_text=p["body_text"],
                                 ink_text=p.get("ink_text", ""),
                                 rotation=p.get("rotation", 0), skew=p.get("skew", 0.0),
                                 seconds=p.get("seconds", 0.0)))
        return cls(path=data["path"], sha256=data["sha256"], pages=pages,
                   signatures=[dict(s) for s in data.get("signatures") or []])
