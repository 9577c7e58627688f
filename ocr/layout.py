"""Rebuild reading text from boxes: visual rows, columns on one row separated by a tab.

Tesseract puts the two header columns (issuer | Quốc hiệu, Số | place-date) and the Nơi nhận |
signer columns into separate blocks; joining the lines that share a row keeps each header line
next to its neighbour, which is how people (and the extractors) read an official dispatch.
"""

from __future__ import annotations

from congvan.ocr.types import Line, Word


def span_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """How much of the shorter of two spans the other covers (negative when they are apart)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


def rows_of(lines: list[Line]) -> list[list[Line]]:
    """Group lines whose vertical extents overlap by at least half into rows, top to bottom."""
    rows: list[list[Line]] = []
    spans: list[tuple[int, int]] = []
    for line in sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        x0, y0, x1, y1 = line.bbox
        for i, row in enumerate(rows):
            if span_overlap(spans[i], (y0, y1)) >= 0.5 and all(
                    x1 <= o.bbox[0] or x0 >= o.bbox[2] for o in row):
                row.append(line)
                spans[i] = (min(spans[i][0], y0), max(spans[i][1], y1))
                break
        else:
            rows.append([line])
            spans.append((y0, y1))
    order = sorted(range(len(rows)), key=lambda i: spans[i][0])
    return [sorted(rows[i], key=lambda ln: ln.bbox[0]) for i in order]


def line_text(line: Line) -> str:
    """Words joined by spaces, or by a tab across a column-sized gap (Tesseract sometimes runs
    one line straight across both header columns)."""
    height = max(1, line.bbox[3] - line.bbox[1])
    parts = [line.words[0].text] if line.words else []
    for prev, word in zip(line.words, line.words[1:], strict=False):
        parts.append("\t" if word.bbox[0] - prev.bbox[2] > 2.5 * height else " ")
        parts.append(word.text)
    return "".join(parts)


def rows_text(lines: list[Line]) -> str:
    return "\n".join("\t".join(line_text(ln) for ln in row) for row in rows_of(lines))


def words_to_lines(words: list[Word]) -> list[Line]:
    """Text-layer words → lines: same baseline band and no column-sized gap between neighbours."""
    lines: list[Line] = []
    for row in _bands(words):
        row.sort(key=lambda w: w.bbox[0])
        current = [row[0]]
        for w in row[1:]:
            prev = current[-1]
            height = max(1, prev.bbox[3] - prev.bbox[1])
            if w.bbox[0] - prev.bbox[2] > 2.5 * height:
                lines.append(Line(current))
                current = [w]
            else:
                current.append(w)
        lines.append(Line(current))
    return lines


def _bands(words: list[Word]) -> list[list[Word]]:
    bands: list[list[Word]] = []
    spans: list[tuple[int, int]] = []
    for w in sorted(words, key=lambda w: (w.bbox[1], w.bbox[0])):
        for i, span in enumerate(spans):
            if span_overlap(span, (w.bbox[1], w.bbox[3])) >= 0.6:
                bands[i].append(w)
                spans[i] = (min(span[0], w.bbox[1]), max(span[1], w.bbox[3]))
                break
        else:
            bands.append([w])
            spans.append((w.bbox[1], w.bbox[3]))
    return bands
