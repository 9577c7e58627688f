"""A mark stamped askew: its line of text turned level before it is read.

Urgency marks are often rubber stamps of their own shape (an arrow, a banner) pressed at any
angle beside the Kính gửi: "HỎA TỐC" running up at 40°. Tesseract reads no text that far from
level, and the stamp's outline, turned with it, glues onto the letters. A slot of the ink canvas
the canvas call read nothing in is therefore looked at once more: where its letter-sized marks
lie along one line (their centres' first principal axis holds nearly all their spread) at a clear
angle, the slot is turned by that angle, everything larger than a letter (the outline, a frame)
is whitened, and it is read alone. Pure functions over the slot's pixels, and one Tesseract call.
"""

from __future__ import annotations

import cv2
import numpy as np

LETTER = (0.06, 0.6)      # inches: a stamped letter's larger side (accents and specks are smaller)
LEAST_LETTERS = 3         # fewer marks make no line to measure
MOST_LETTERS = 40         # more is a paragraph or a signature's strokes, not one mark
BODY = 0.6                # of the median letter's size: smaller marks are accents, left out of the line
ALONG = 4.0               # the centres' spread along the line, to across it: a single line of text
ASKEW = (10.0, 80.0)      # degrees: level enough text is read as it stands; upright text is not a mark


def text_angle(binary: np.ndarray, dpi: int) -> float | None:
    """The angle (degrees, counter-clockwise as the image shows it) of the one line of letters
    in ``binary`` (black ink on white), or None when its marks make no such line or lie level."""
    _, _, stats, centres = cv2.connectedComponentsWithStats((binary < 128).astype(np.uint8))
    sides = np.maximum(stats[1:, 2], stats[1:, 3])
    sized = (sides >= LETTER[0] * dpi) & (sides <= LETTER[1] * dpi)
    if not LEAST_LETTERS <= int(sized.sum()) <= MOST_LETTERS:
        return None
    # the letters' bodies, not their accents (a tone mark sits above the line and tilts it)
    letters = centres[1:][sized & (sides >= BODY * float(np.median(sides[sized])))]
    if len(letters) < LEAST_LETTERS:
        return None
    spread = letters - letters.mean(axis=0)
    _, size, axes = np.linalg.svd(spread, full_matrices=False)
    if size[1] * ALONG > size[0]:
        return None
    dx, dy = float(axes[0][0]), float(axes[0][1])
    angle = float(np.degrees(np.arctan2(-dy, dx)))       # image rows run down: up-right is positive
    angle = (angle + 90.0) % 180.0 - 90.0
    return angle if ASKEW[0] <= abs(angle) <= ASKEW[1] else None


def levelled(binary: np.ndarray, angle: float, dpi: int) -> np.ndarray:
    """``binary`` turned by ``angle`` so its line of text is level (the canvas grown to hold it),
    with every mark larger than a letter (the stamp's outline, a frame) whitened."""
    h, w = binary.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    cos, sin = abs(turn[0, 0]), abs(turn[0, 1])
    width, height = int(h * sin + w * cos), int(h * cos + w * sin)
    turn[0, 2] += width / 2 - w / 2
    turn[1, 2] += height / 2 - h / 2
    out = cv2.warpAffine(binary, turn, (width, height), flags=cv2.INTER_NEAREST, borderValue=255)
    n, marks, stats, _ = cv2.connectedComponentsWithStats((out < 128).astype(np.uint8))
    large = [k for k in range(1, n) if max(stats[k, 2], stats[k, 3]) > LETTER[1] * dpi]
    out[np.isin(marks, large)] = 255
    return out
