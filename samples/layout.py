"""Page layout of a dispatch after NĐ 30/2020/NĐ-CP, Phụ lục I, drawn with Pillow at 300 dpi.

A :class:`Canvas` lays out text elements in page coordinates and remembers every one of them, so
the ground-truth text can be rebuilt in the same visual-row order that OCR reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DPI = 300
A4 = (2480, 3508)
MM = DPI / 25.4
# GNU FreeFont (Debian fonts-freefont-ttf): a Times-like serif with every Vietnamese glyph
# (Liberation Serif 2.1 lacks some, e.g. ậ, ế, ữ).
FONT_DIRS = (Path("/usr/share/fonts/truetype/freefont"),)
FONT_FILES = {
    "r": "FreeSerif.ttf", "b": "FreeSerifBold.ttf", "i": "FreeSerifItalic.ttf", "bi": "FreeSerifBoldItalic.ttf",
    "sans": "FreeSans.ttf", "sansb": "FreeSansBold.ttf",
}


def pt(size: float) -> int:
    return round(size * DPI / 72)


@cache
def font(style: str, size_pt: float) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        path = folder / FONT_FILES[style]
        if path.exists():
            return ImageFont.truetype(str(path), pt(size_pt))
    raise FileNotFoundError(f"font {FONT_FILES[style]} not found: install the Debian package fonts-freefont-ttf")


@dataclass
class Element:
    x: int
    y: int            # top of the line box
    w: int
    h: int
    text: str


@dataclass
class Canvas:
    width: int = A4[0]
    height: int = A4[1]
    image: Image.Image = field(init=False)
    draw: ImageDraw.ImageDraw = field(init=False)
    elements: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.image = Image.new("RGB", (self.width, self.height), "white")
        self.draw = ImageDraw.Draw(self.image)

    def text(self, x: float, y: float, text: str, style: str = "r", size: float = 13,
             anchor: str = "left", underline: bool = False, record: bool = True) -> int:
        """Draw one line; ``anchor`` is left / centre / right of ``x``. Returns the line height."""
        f = font(style, size)
        w = int(f.getlength(text))
        x0 = int(x - w / 2) if anchor == "centre" else int(x - w) if anchor == "right" else int(x)
        self.draw.text((x0, int(y)), text, font=f, fill=(0, 0, 0))
        h = int(pt(size) * 1.15)
        if underline:
            uy = int(y + pt(size) * 1.08)
            self.draw.line([(x0, uy), (x0 + w, uy)], fill=(0, 0, 0), width=3)
        if record:
            self.elements.append(Element(x0, int(y), w, h, text))
        return h

    def rule(self, cx: float, y: float, length: float) -> None:
        self.draw.line([(int(cx - length / 2), int(y)), (int(cx + length / 2), int(y))], fill=(0, 0, 0), width=3)

    def paragraph(self, x: float, y: float, width: float, text: str, style: str = "r", size: float = 13,
                  indent: float = 0, justify: bool = True, spacing: float = 1.3,
                  align: str = "left") -> float:
        """Wrap ``text`` into ``width``; returns the y after the last line."""
        f = font(style, size)
        words = text.split()
        line: list[str] = []
        lines: list[list[str]] = []
        first = True
        for word in words:
            avail = width - (indent if first else 0)
            trial = " ".join([*line, word])
            if line and f.getlength(trial) > avail:
                lines.append(line)
                line = [word]
                first = False
            else:
                line.append(word)
        if line:
            lines.append(line)
        step = pt(size) * spacing
        for i, ws in enumerate(lines):
            lx = x + (indent if i == 0 else 0)
            avail = width - (indent if i == 0 else 0)
            joined = " ".join(ws)
            if align == "centre":
                self.text(x + width / 2, y, joined, style, size, anchor="centre")
            elif justify and i < len(lines) - 1 and len(ws) > 1:
                natural = sum(f.getlength(w) for w in ws)
                gap = (avail - natural) / (len(ws) - 1)
                cx = lx
                for w in ws:
                    self.draw.text((int(cx), int(y)), w, font=f, fill=(0, 0, 0))
                    cx += f.getlength(w) + gap
                self.elements.append(Element(int(lx), int(y), int(avail), int(pt(size) * 1.15), joined))
            else:
                self.text(lx, y, joined, style, size)
            y += step
        return y

    def rows(self) -> str:
        """The recorded text as visual rows: elements that share a line, left to right, tab-separated."""
        rows: list[list[Element]] = []
        for el in sorted(self.elements, key=lambda e: (e.y, e.x)):
            centre = el.y + el.h / 2
            for row in rows:
                top = min(e.y for e in row)
                bottom = max(e.y + e.h for e in row)
                if top <= centre <= bottom and abs(row[0].y - el.y) < el.h * 0.6:
                    row.append(el)
                    break
            else:
                rows.append([el])
        return "\n".join("\t".join(e.text for e in sorted(r, key=lambda e: e.x)) for r in rows)
