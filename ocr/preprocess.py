"""Page image → an upright, deskewed, ink-free grey image for Tesseract, plus the ink layer.

Steps, each cheap next to Tesseract's ~3 s a page:
1. resolution: above 320 dpi is brought down to 300 (phones, 400–600 dpi scanners);
2. coloured ink (stamps, seals, pen) is separated: the body image is max(R, G, B), which turns any
   saturated ink light while black print stays dark; the colour image is kept for the ink pass;
3. orientation: horizontal vs vertical text from how ink merges when smeared along or across
   the lines, then upright vs upside down from which side of the letters the accent marks sit,
   with Tesseract's OSD only as a tie-breaker;
4. deskew: the angle that makes the row projection of the ink sharpest, coarse then fine;
5. black scan borders cleared, light median denoising on noisy pages only; the white margin
   Tesseract needs is added by :func:`with_margin` when the image is handed over;
6. ruled lines (a black stamp's frame, underlines, table borders) whitened: Tesseract's layout
   analysis takes a text line crossed by a frame for a picture and does not read it;
7. on a page with no colour, a black round seal's circles and star whitened (:mod:`ocr.seals`):
   for the same reason, the signer's title under it went unread.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from congvan.ocr.photo import flattened
from congvan.ocr.seals import Seal, find_seals, remove_seals

ANALYSIS_DPI = 100
MAX_DPI = 200          # body OCR resolution cap: faster and more accurate than 300 dpi (bench/ocr.py)
MAX_SKEW = 8.0
# Tesseract's LSTM reads best with body text ~20 px high: measured on the real development set,
# 13-pt print at 200 dpi gives 18–19 px blobs, 300 dpi 27–28, a 100-dpi scan 8–10
XH_TARGET = 19.0
XH_BAND = (15.0, 21.0)   # blob heights left at their own scale
MAX_UPSCALE = 2.5
DPI_STEP = 25            # a resized page's resolution is a multiple of this
MIN_DPI = 150            # a downscale never goes under this (big print: a heading page)
HEIGHT_WIDTH = 1300      # text_height measures on a copy this wide at most
MIN_LETTERS = 200
BLANK_DARK = 150         # grey under this is print; a back's show-through is lighter
BLANK_LETTERS = 20       # a page with fewer letter-sized dark blobs is blank (a three-line page has ~100)
MARGIN = 12
INK_CHROMA = 25        # max(R,G,B) − min(R,G,B) at least this for a pixel to be coloured ink
INK_EDGE = 7           # pixels: the reach of coloured ink over its less coloured edge
INK_EDGE_LIGHT = 150   # and how light such an edge pixel is (V), unlike the print's own edge


@dataclass
class Prepared:
    body: np.ndarray                  # grey uint8, upright and deskewed, ink and ruled lines removed (no margin)
    colour: np.ndarray | None         # the RGB input as it came (only when the page carries ink)
    dpi: int
    rotation: int                     # clockwise degrees applied
    skew: float                       # degrees applied (counter-clockwise positive)
    noise: float                      # estimated noise sigma of the background
    to_page: np.ndarray               # 2×3 affine: input (colour) coordinates → body coordinates
    ink_dpi: int = 0                  # resolution of ``colour`` (the scan's own)
    rules: np.ndarray | None = None   # 255 where ``body``'s ruled lines were (a black stamp's frame among them)
    seals: tuple[Seal, ...] = ()      # black round seals taken off ``body`` (pages with no colour)
    x_height: float | None = None     # the body text's letter height in ``body`` pixels (:func:`text_height`)
    photographed: bool = False        # a photo's page warped to a rectangle, its light evened (:mod:`ocr.photo`)


def separate_ink(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """Grey body image without coloured ink, and the fraction of the page that is ink.

    The body is HSV's V = max(R, G, B): saturated ink turns light, black print stays dark. Ink
    pixels (S ≥ 30, V ≥ 60: red, blue, violet stamps, seals, pens, even faded or JPEG-smeared)
    are lightened to near white so pen strokes vanish too, where they are also :data:`INK_CHROMA`
    off grey (real scans: see the code). Thresholds chosen on the samples
    (bench/ocr.py): S ≥ 70 left 2.4% CER on the stamped pages, S ≥ 30 1.4%; raising the V floor
    to 90 lost the dark overlaps of ink on ink (2.0%). One colour conversion gives both;
    ~40 ms on an A4 page at 300 dpi.
    """
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    body = cv2.extractChannel(hsv, 2)
    mask = cv2.inRange(hsv, (0, 30, 60), (180, 255, 255))
    # saturation is relative: a dark print pixel 8 levels off grey is "30" saturated. Real scans
    # (JPEG, colour fringes, a tinted scanner) give black print such pixels along every stroke;
    # lifting them ate the print's edges and accents, and on a tinted scan half the print. Ink
    # also differs from grey by an absolute amount (:data:`INK_CHROMA`); a saturated pixel that
    # does not is ink only next to one that does, and light (a stroke's faint edge; where ink
    # lies over print, the print stays).
    chroma = cv2.subtract(body, cv2.min(cv2.min(rgb[:, :, 0], rgb[:, :, 1]), rgb[:, :, 2]))
    coloured = np.where(chroma >= INK_CHROMA, 255, 0).astype(np.uint8)
    light = np.where(body >= INK_EDGE_LIGHT, 255, 0).astype(np.uint8)
    strong = cv2.bitwise_and(mask, coloured)
    edge = cv2.bitwise_and(cv2.dilate(strong, np.ones((INK_EDGE, INK_EDGE), np.uint8)), light)
    cv2.bitwise_and(mask, cv2.bitwise_or(strong, edge), mask)
    lifted = cv2.convertScaleAbs(body, alpha=0.12, beta=224.4)    # 255 - 0.12 (255 - v)
    cv2.copyTo(lifted, mask, body)
    return body, float(cv2.countNonZero(mask)) / mask.size


def binarize_small(grey: np.ndarray, dpi: int) -> tuple[np.ndarray, float]:
    """Ink = 1 on a copy brought down to ~100 dpi. Returns it and the scale used."""
    scale = min(1.0, ANALYSIS_DPI / dpi)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    _, binary = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary, scale


def _ink_points(binary: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.nonzero(binary)
    if len(ys) > limit:
        pick = np.random.default_rng(0).choice(len(ys), limit, replace=False)
        ys, xs = ys[pick], xs[pick]
    return ys.astype(np.float64), xs.astype(np.float64) - float(xs.mean() if len(xs) else 0.0)


def _projection_score(ys: np.ndarray, xs: np.ndarray, angle: float) -> float:
    """How sharp the row projection is after turning the points by ``angle``: 1 = uniform."""
    a = np.deg2rad(angle)
    proj = (ys * np.cos(a) - xs * np.sin(a)).astype(np.int64)
    proj -= proj.min()
    hist = np.bincount(proj)
    return float(np.dot(hist, hist)) * len(hist) / float(len(ys)) ** 2


def _best_angle(ys: np.ndarray, xs: np.ndarray, max_angle: float, step: float) -> tuple[float, float]:
    angles = np.arange(-max_angle, max_angle + 1e-9, step)
    scores = [_projection_score(ys, xs, a) for a in angles]
    k = int(np.argmax(scores))
    return float(angles[k]), float(scores[k])


def _components(binary: np.ndarray, kernel: tuple[int, int]) -> int:
    grown = cv2.dilate(binary, np.ones(kernel, np.uint8))
    _, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    return int((stats[1:, cv2.CC_STAT_AREA] >= 4).sum())


def is_vertical(binary: np.ndarray) -> bool:
    """True when the text lines run top to bottom (the page lies at 90° or 270°).

    Letters of a line sit closer side by side than lines sit above each other, so smearing the
    ink a little along the lines merges far more of it than smearing across them. Works on a
    page with three lines as well as on a full one, and on moderate skew.
    """
    along_rows = _components(binary, (1, 4))      # smear horizontally (kernel rows × cols)
    along_cols = _components(binary, (4, 1))      # smear vertically
    return along_cols < along_rows * 0.8


def skew_angle(binary: np.ndarray, max_angle: float = MAX_SKEW) -> float:
    """Angle in degrees (counter-clockwise positive, as cv2) that makes the text lines horizontal."""
    ys, xs = _ink_points(binary, 30_000)
    if len(ys) < 200:
        return 0.0
    coarse, _ = _best_angle(ys, xs, max_angle, 0.25)
    ys, xs = _ink_points(binary, 80_000)
    angles = np.arange(coarse - 0.3, coarse + 0.3 + 1e-9, 0.02)
    best = max(angles, key=lambda a: _projection_score(ys, xs, a))
    return float(best)


def upright_ratio(binary: np.ndarray) -> float:
    """Accent marks sitting on a letter over accent marks hanging under one (>1: upright).

    Vietnamese puts almost every mark above its letter (sắc, huyền, hỏi, ngã, â, ê, ô, ă, the
    dot of i); only the nặng dot sits below. A page turned 180° shows them the other way round.
    Measured on the samples: 2.7–6.3 upright, 0.16–0.37 upside down, even on a page with a
    few lines.
    """
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n < 20:
        return 1.0
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    area = stats[1:, cv2.CC_STAT_AREA]
    if int((area >= 6).sum()) < 10:
        return 1.0
    mh = float(np.median(h[area >= 6]))
    is_letter = np.zeros(n, bool)
    is_letter[1:] = (h >= 0.6 * mh) & (h <= 2.2 * mh)
    letters = is_letter[labels]
    marks = np.nonzero((h < 0.5 * mh) & (w < 1.5 * mh) & (area >= 2))[0] + 1
    reach = int(max(2, mh))
    height = binary.shape[0]
    above = below = 0
    for k in marks:
        x, y, ww, hh = (int(v) for v in stats[k, :4])
        under = bool(letters[y + hh:min(height, y + hh + reach), x:x + ww].any())
        over = bool(letters[max(0, y - reach):y, x:x + ww].any())
        if under and not over:
            above += 1
        elif over and not under:
            below += 1
    return (above + 1) / (below + 1)


def _rotation_matrix(shape: tuple[int, ...], angle: float) -> tuple[np.ndarray, tuple[int, int]]:
    h, w = shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return m, (nw, nh)


def frame_matrix(shape: tuple[int, ...], rotation: int, angle: float) -> np.ndarray:
    """The affine map from input pixels to the upright, deskewed frame (see :func:`prepare`)."""
    h, w = shape[:2]
    turns = {0: ((1, 0, 0), (0, 1, 0)), 90: ((0, -1, h - 1), (1, 0, 0)),
             180: ((-1, 0, w - 1), (0, -1, h - 1)), 270: ((0, 1, 0), (-1, 0, w - 1))}
    t = np.vstack([np.array(turns[rotation], dtype=np.float64), [0, 0, 1]])
    turned = (w, h) if rotation in (90, 270) else (h, w)
    r, _ = _rotation_matrix(turned, angle) if angle else (np.array([[1, 0, 0], [0, 1, 0]], float), None)
    matrix: np.ndarray = (np.vstack([r, [0, 0, 1]]) @ t)[:2]
    return matrix


def rotate_bound(img: np.ndarray, angle: float, fill: int | tuple[int, int, int] = 255,
                 interpolation: int = cv2.INTER_LINEAR) -> np.ndarray:
    """Rotate counter-clockwise by ``angle`` degrees, growing the canvas; ``fill`` for the new corners."""
    m, (nw, nh) = _rotation_matrix(img.shape, angle)
    border = fill if isinstance(fill, tuple) or img.ndim == 2 else (fill, fill, fill)
    return cv2.warpAffine(img, m, (nw, nh), flags=interpolation, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)


def turn(img: np.ndarray, clockwise: int) -> np.ndarray:
    code = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(img, code[clockwise]) if clockwise in code else img


def noise_sigma(grey: np.ndarray) -> float:
    """Robust noise estimate from the light (paper) pixels of a central crop."""
    h, w = grey.shape
    crop = grey[h // 4: 3 * h // 4, w // 4: 3 * w // 4]
    resid = crop.astype(np.int16) - cv2.medianBlur(crop, 3).astype(np.int16)
    paper = crop > np.percentile(crop, 60)
    if not paper.any():
        return 0.0
    return float(1.4826 * np.median(np.abs(resid[paper])))


def whiten_paper(grey: np.ndarray) -> np.ndarray:
    """Stretch so the paper is white: grey photocopies and yellowed paper, ink untouched at 0.

    Tesseract thresholds globally, and the ink canvas joined under the page is white; a page
    left at grey 190 would then fall on the ink side of the threshold.
    """
    h, w = grey.shape
    sample = grey[h // 5:h - h // 5:8, w // 5:w - w // 5:8]     # the page's middle: a photo's white
    paper = float(np.percentile(sample, 90))                    # surround is no paper to go by
    if paper >= 245 or paper < 100:
        return grey
    return cv2.convertScaleAbs(grey, alpha=255.0 / paper)


def clear_borders(grey: np.ndarray) -> np.ndarray:
    """Whiten dark bands along the edges (scanner lid, photocopy shadow)."""
    h, w = grey.shape
    top = 0
    while top < h // 10 and grey[top].mean() < 90:
        top += 1
    bottom = h
    while bottom > h - h // 10 and grey[bottom - 1].mean() < 90:
        bottom -= 1
    left = 0
    while left < w // 10 and grey[:, left].mean() < 90:
        left += 1
    right = w
    while right > w - w // 10 and grey[:, right - 1].mean() < 90:
        right -= 1
    if (top, bottom, left, right) != (0, h, 0, w):
        grey = grey.copy()
        grey[:top] = 255
        grey[bottom:] = 255
        grey[:, :left] = 255
        grey[:, right:] = 255
    return grey


def text_height(image: np.ndarray) -> float | None:
    """The median height in pixels of the page's letter-sized ink blobs (about the x-height of
    the body text, accents being blobs of their own); None on a page with too few."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    f = min(1.0, HEIGHT_WIDTH / grey.shape[1])
    small = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else grey
    _, binary = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    h, w, area = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_AREA]
    letters = (h >= 3) & (h <= small.shape[0] // 20) & (w <= 3 * h) & (area >= 6)
    if int(letters.sum()) < MIN_LETTERS:
        return None
    return float(np.median(h[letters]) / f)


def is_blank(body: np.ndarray, x_height: float | None) -> bool:
    """A page with hardly a letter of dark print: a blank back (its seal bled through in colour,
    lifted with the ink; mirrored print showing through faint, under the dark threshold)."""
    _, binary = cv2.threshold(body, BLANK_DARK, 1, cv2.THRESH_BINARY_INV)
    _, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    return int(letter_sized(stats[1:], x_height or XH_TARGET, 0.5).sum()) < BLANK_LETTERS


def letter_sized(stats: np.ndarray, x_height: float, low: float) -> np.ndarray:
    """Which blobs (rows of cv2's component stats, the background left out) are letter-sized:
    ``low`` to 2.5 x-heights tall, at most three times as wide as tall."""
    h, w = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    mask: np.ndarray = (h >= low * x_height) & (h <= 2.5 * x_height) & (w <= 3 * h)
    return mask


def ocr_scale(x_height: float | None, dpi: int, max_dpi: int = MAX_DPI) -> float:
    """The factor the page is resized by for Tesseract, from its own text (``x_height``:
    :func:`text_height`): small text (a 100-dpi scan, a phone photo far off) brought up to
    :data:`XH_TARGET`, large text (300 dpi and over) down to it; text already in :data:`XH_BAND`
    is left as it is. ``max_dpi`` 0: never resized. Without letters to measure, scans over
    ``max_dpi`` come down to it."""
    if not max_dpi:
        return 1.0
    if x_height is None:
        return max_dpi / dpi if dpi > max_dpi * 1.07 else 1.0
    if x_height < XH_BAND[0]:
        factor = min(MAX_UPSCALE, XH_TARGET / x_height)
    elif x_height > XH_BAND[1]:
        factor = max(XH_TARGET / x_height, MIN_DPI / dpi)
    else:
        return 1.0
    # down to a whole DPI_STEP: pages of one scanner setting get one resolution, whatever their text
    return max(DPI_STEP, int(dpi * factor // DPI_STEP) * DPI_STEP) / dpi


def prepare(image: np.ndarray, dpi: int, osd: bool = True, max_dpi: int = MAX_DPI) -> Prepared:
    """Run every step on one page image (RGB or grey uint8). ``max_dpi`` 0 keeps any resolution.

    A phone photo's page is first cut out of its surround and squared (:func:`ocr.photo.flattened`);
    "the input" below is that page. The body is resized for Tesseract by :func:`ocr_scale`; the
    colour image for the ink pass keeps the scan's own resolution (stamp text is small and
    handwritten), ``to_page`` maps it onto the body.
    """
    image, photographed = flattened(image)     # a photo's page; a scan as it is
    original, ink_dpi = image, dpi
    x_height = text_height(image)
    scale = ocr_scale(x_height, dpi, max_dpi)
    if scale != 1.0:
        image = cv2.resize(image, None, fx=scale, fy=scale,
                           interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
        dpi = round(dpi * scale)
    colour: np.ndarray | None = None
    if image.ndim == 3:
        grey, inked = separate_ink(image)
        if inked > 0.0002:
            colour = original
    else:
        grey = image
    grey = clear_borders(grey)
    grey = whiten_paper(grey)

    binary, _ = binarize_small(grey, dpi)
    rotation = 0
    if is_vertical(binary):
        rotation = 90
        binary = turn(binary, 90)
    angle = skew_angle(binary)
    if abs(angle) > 0.05:
        binary = rotate_bound(binary, angle, fill=0, interpolation=cv2.INTER_NEAREST)
    ratio = upright_ratio(binary)
    if ratio < 1.0:
        rotation = (rotation + 180) % 360
    if osd and 0.6 < ratio < 1.6:     # unsure (a page of numbers, a table): ask Tesseract's OSD
        small = turn(cv2.resize(grey, None, fx=150 / dpi, fy=150 / dpi, interpolation=cv2.INTER_AREA), rotation)
        small = rotate_bound(small, angle)
        extra = run_osd_safe(small)
        if extra:
            rotation = (rotation + extra) % 360
    shape = grey.shape
    grey = turn(grey, rotation)
    if abs(angle) > 0.05:
        grey = rotate_bound(grey, angle)
    else:
        angle = 0.0
    sigma = noise_sigma(grey)
    if sigma > 6 and dpi >= 250:
        grey = cv2.medianBlur(grey, 3)
    rules = rule_mask(grey, dpi)
    body = remove_rules(grey, dpi, rules)
    seals: list[Seal] = []
    if colour is None:                # a red seal went with the colour; a black one is taken here
        seals = find_seals(body, dpi)
        body = remove_seals(body, seals, dpi)
    return Prepared(body=body, colour=colour, dpi=dpi, rotation=rotation, skew=angle,
                    noise=sigma, to_page=frame_matrix(shape, rotation, angle) @ np.diag([scale, scale, 1.0]),
                    ink_dpi=ink_dpi, rules=rules, seals=tuple(seals),
                    x_height=x_height * scale if x_height is not None else None, photographed=photographed)


def untouched(image: np.ndarray, dpi: int, inked: bool) -> Prepared:
    """The page as decoded, made into a :class:`Prepared` with nothing applied: what bare
    Tesseract reads (the "do no harm" reference of :func:`congvan.ocr.engine.ocr_page`).
    ``inked``: keep the colour image for the ink pass, as :func:`prepare` found ink on it."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    return Prepared(body=grey, colour=image if inked and image.ndim == 3 else None, dpi=dpi, rotation=0, skew=0.0,
                    noise=noise_sigma(grey), to_page=np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float64),
                    ink_dpi=dpi, x_height=text_height(grey))


RULE_H = 0.6      # inches: a horizontal run of ink this long is a rule, not a letter
RULE_V = 0.35     # inches: the same for vertical runs (a 13 pt letter is ~0.15 in tall)


def rule_mask(grey: np.ndarray, dpi: int) -> np.ndarray:
    """255 where dark ink runs straight, horizontally or vertically, longer than a letter can."""
    ink = cv2.threshold(grey, 127, 255, cv2.THRESH_BINARY_INV)[1]
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, round(dpi * RULE_H)), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, round(dpi * RULE_V)))))
    return cv2.bitwise_or(rules, vertical, rules)


def remove_rules(grey: np.ndarray, dpi: int, rules: np.ndarray | None = None) -> np.ndarray:
    """Whiten long straight horizontal and vertical runs of dark ink.

    A black stamp's frame (bilevel scans keep no colour to take it away by) or a table border
    makes Tesseract drop every text line the frame crosses: on a G4 scan with the stamp over
    the header, the number, the date and the TÊN LOẠI heading went unread. Letters are never
    that long; a letter a rule crosses loses a few pixels. ``rules``: :func:`rule_mask`'s answer,
    when the caller already has it.
    """
    if rules is None:
        rules = rule_mask(grey, dpi)
    if not cv2.countNonZero(rules):
        return grey
    # and the grey edge a scanner or JPEG gives a rule (left behind, it reads as a thin rule of
    # its own), but not the dark strokes of letters that touch it
    edge = cv2.dilate(rules, np.ones((5, 5), np.uint8))
    out = grey.copy()
    out[(rules > 0) | ((edge > 0) & (grey > 100))] = 255
    return out


def with_margin(grey: np.ndarray) -> np.ndarray:
    """A white frame: Tesseract loses text that touches the edge. Boxes shift by ``MARGIN``."""
    return cv2.copyMakeBorder(grey, MARGIN, MARGIN, MARGIN, MARGIN, cv2.BORDER_CONSTANT, value=255)


def run_osd_safe(small: np.ndarray) -> int:
    from congvan.ocr.tesseract import run_osd

    return run_osd(small) or 0
