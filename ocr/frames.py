"""A black incoming stamp: found on the page itself when the scan kept no colour to find it by.

Bilevel (fax, G4 TIFF) and grey scans, and photocopies of a stamped letter, show the CÔNG VĂN
ĐẾN stamp in the same black as the print, often pressed over the header. The page OCR reads its
words mixed into the header lines, when it reads them at all. Here the stamp is located from
the page OCR's own words, a capitals ``ĐẾN`` (``CÔNG VĂN ĐẾN``, or ``ĐẾN`` beside ``Số``) in the
top half of page one, and cut out as a window the size of a stamp (NĐ 30 Phụ lục IV: 50 × 35 mm,
agencies' own stamps up to ~75 × 50 mm). Its sides are moved in to the frame's vertical lines
where they are found. The crop is read again, enlarged, and its số đến / ngày đến once more
with digits only, as for a coloured stamp (see :mod:`ocr.engine`); unread ink is not marked as
a signature, since the print under the stamp is ink too. The block it gives is a
``stamp-print`` block: it still holds the header print the stamp covers, and the stamp
extractor reads it the way it reads a stamp interleaved with the header.
"""

from __future__ import annotations

import cv2
import numpy as np

from congvan.ocr.ink import InkCanvas, InkRegion, remove_frame
from congvan.ocr.types import BBox, Block
from congvan.pipeline.core import vntext

TOP_SHARE = 0.45           # the stamp sits in the top part of page one
LEFT, RIGHT = 0.3, 3.2     # inches around the ĐẾN word: a stamp is up to ~3 in wide, ĐẾN at its left
ABOVE, BELOW = 0.4, 1.4    # inches: the receiver's name above ĐẾN, the handling lines below it
ZOOM_DPI = 400             # stamp text is small and handwritten: read at this resolution


def _is_den(text: str) -> bool:
    return vntext.fold(text, lower=True).strip(" .,:;'`\"") == "den" and text.strip(" .,:;'`\"").isupper()


def find_anchor(blocks: list[Block], height: int) -> BBox | None:
    """The box of the stamp's ``[CÔNG VĂN] ĐẾN``: capitals, top of the page, not a heading's "ĐẾN NĂM"."""
    for block in blocks:
        for line in block.lines:
            words = line.words
            for i, word in enumerate(words):
                if word.bbox[1] > height * TOP_SHARE or not _is_den(word.text):
                    continue
                after = vntext.fold(words[i + 1].text, lower=True).strip(" .,:;") if i + 1 < len(words) else ""
                if after in ("nam", "ngay", "het", "nay"):
                    continue
                x0 = word.bbox[0]
                for prev in reversed(words[max(0, i - 2):i]):      # CÔNG VĂN, as far as OCR read it
                    if prev.text.isupper() and word.bbox[0] - prev.bbox[0] < 4 * (word.bbox[2] - word.bbox[0]):
                        x0 = prev.bbox[0]
                return (x0, word.bbox[1], word.bbox[2], word.bbox[3])
    return None


def stamp_window(anchor: BBox, rules: np.ndarray, dpi: int) -> BBox:
    """The stamp's box around its ĐẾN: a stamp-sized window, its sides moved in to the frame's
    vertical lines where they are found (horizontal rules are not trusted: the Tiêu ngữ's
    underline and the header's run through the same window). ``rules``: the page's
    :func:`~ocr.preprocess.rule_mask`."""
    h, w = rules.shape
    x0 = max(0, anchor[0] - round(LEFT * dpi))
    x1 = min(w, anchor[0] + round(RIGHT * dpi))
    y0 = max(0, anchor[1] - round(ABOVE * dpi))
    y1 = min(h, anchor[1] + round(BELOW * dpi))
    cols = np.nonzero((rules[y0:y1, x0:x1] > 0).mean(axis=0) > 0.3)[0] + x0
    left = [c for c in cols if c < anchor[0]]
    right = [c for c in cols if c > anchor[2] + dpi]
    pad = dpi // 20
    return (max(0, int(max(left)) - pad) if left else x0, y0,
            min(w, int(min(right)) + pad) if right else x1, y1)


def stamp_canvas(grey: np.ndarray, dpi: int, window: BBox) -> InkCanvas:
    """The window cut from the page (its ruled lines already whitened), enlarged: a one-slot canvas."""
    x0, y0, x1, y1 = window
    zoom = max(1.0, ZOOM_DPI / dpi)
    img = grey[y0:y1, x0:x1]
    if zoom > 1:
        img = cv2.resize(img, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
    img = remove_frame(img)           # not levelled: on a black crop the header print outweighs the frame
    return InkCanvas(img, [(0, img.shape[0], InkRegion(window, "stamp", "black"))], zoom, 0)
