"""Coloured ink on a page: the incoming stamp, the round seal, signatures, red marks; and scan damage.

Ink is drawn on its own greyscale coverage layer and multiplied onto the page, as ink on paper is:
black print under a stamp stays black, white paper takes the ink colour.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

import numpy as np
from layout import MM, font, pt
from PIL import Image, ImageDraw, ImageFilter

INKS = {"red": (200, 30, 45), "purple": (105, 40, 150), "blue": (35, 60, 185)}
PEN = (25, 45, 150)


def apply_ink(page: Image.Image, cover: Image.Image, colour: tuple[int, int, int], at: tuple[int, int],
              rng: random.Random, strength: float = 0.95) -> None:
    """Multiply ``cover`` (L, 255 = full ink) in ``colour`` onto ``page`` at ``at`` (top-left)."""
    a = np.asarray(cover, dtype=np.float32) / 255.0
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    texture = np.clip(nrng.normal(0.9, 0.12, size=a.shape), 0.35, 1.0).astype(np.float32)
    a = a * texture * strength
    x, y = at
    h, w = a.shape
    pw, ph = page.size
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, pw), min(y + h, ph)
    if x1 <= x0 or y1 <= y0:
        return
    a = a[y0 - y:y1 - y, x0 - x:x1 - x, None]
    region = np.asarray(page.crop((x0, y0, x1, y1)), dtype=np.float32)
    ink = np.array(colour, dtype=np.float32)[None, None, :] / 255.0
    out = region * (1 - a * (1 - ink))
    page.paste(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)), (x0, y0))


def hand_text(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: float,
              rng: random.Random, fill: int = 255) -> None:
    """Handwriting-like text: italic glyphs with a wavering baseline, slant and size."""
    x, y = xy
    f = font("i", size)
    for ch in text:
        dy = rng.uniform(-0.12, 0.12) * pt(size)
        draw.text((x, y + dy), ch, font=f, fill=fill)
        x += f.getlength(ch) * rng.uniform(0.95, 1.12)


@dataclass
class StampFill:
    number: str
    date: str
    leader: str | None        # "[signed]" draws a scribble
    direction: str | None
    main: str | None
    coordination: str | None
    handwritten: bool
    hour: str | None = None   # the e-portal design's "Giờ:" (it has no số đến)


def scribble(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], rng: random.Random,
             width: int = 4, fill: int = 255) -> None:
    x0, y0, x1, y1 = box
    pts = []
    n = rng.randint(5, 9)
    for i in range(n):
        t = i / (n - 1)
        pts.append((x0 + t * (x1 - x0) + rng.uniform(-20, 20), rng.uniform(y0, y1)))
    fine = []
    for (ax, ay), (bx, by) in itertools.pairwise(pts):
        cx, cy = (ax + bx) / 2 + rng.uniform(-40, 40), (ay + by) / 2 + rng.uniform(-60, 60)
        for k in range(12):
            t = k / 12
            fine.append(((1 - t) ** 2 * ax + 2 * (1 - t) * t * cx + t * t * bx,
                         (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t * t * by))
    draw.line(fine, fill=fill, width=width, joint="curve")


# the designs that carry the leader's handling lines (Lãnh đạo, Chỉ đạo, Xử lý chính, Phối hợp)
HANDLING_STYLES = ("full", "centred")


def stamp_cover(style: str, receiver_lines: list[str], fill: StampFill,
                rng: random.Random) -> tuple[Image.Image, Image.Image]:
    """The stamp box (ink cover) and the pen/number layer written into it, both L images."""
    w, h = int(64 * MM), int(40 * MM) if style != "nd30" else int(35 * MM)
    if style in ("cv-den", "portal"):
        w, h = int(58 * MM), int(26 * MM)
    if style.startswith("centred"):
        w, h = int(70 * MM), int(44 * MM) if style == "centred" else int(30 * MM)
    box = Image.new("L", (w, h), 0)
    pen = Image.new("L", (w, h), 0)
    d, p = ImageDraw.Draw(box), ImageDraw.Draw(pen)
    if style.startswith("centred"):
        d.rounded_rectangle([4, 4, w - 5, h - 5], radius=40, outline=255, width=4)
        d.rounded_rectangle([16, 16, w - 17, h - 17], radius=30, outline=255, width=2)
    else:
        d.rectangle([4, 4, w - 5, h - 5], outline=255, width=6)
    small, label = 9, 9.5
    y = 14.0
    for line in receiver_lines:
        d.text((w / 2, y), line, font=font("sansb", small), fill=255, anchor="ma")
        y += pt(small) * 1.2
    vsize = 10.5

    def value(xy: tuple[float, float], text: str | None) -> None:
        if text is None:
            return
        if text == "[signed]":
            scribble(p, (xy[0], xy[1] - 5, xy[0] + 150, xy[1] + 45), rng, width=4)
        elif fill.handwritten:
            hand_text(p, xy, text, vsize + 1, rng)
        else:
            p.text(xy, text, font=font("sans", vsize), fill=255)

    def rows(x: float, y: float, pairs: tuple[tuple[str, str | None], ...], step: float) -> float:
        """Labels at ``x`` with their values after them, one row each, ``step`` label-heights apart."""
        for lab, val in pairs:
            d.text((x, y), lab, font=font("sans", label), fill=255)
            value((x + font("sans", label).getlength(lab) + 14, y), val)
            y += pt(label) * step
        return y

    if style == "vertical":
        lx = 22
        for word in ("CÔNG", "VĂN", "ĐẾN"):
            d.text((lx, y), word, font=font("sansb", label + 1), fill=255)
            y += pt(label + 1) * 1.25
        y = 14 + pt(small) * 1.2 * len(receiver_lines) + 6
        col = 210
        rows = [("Số:", fill.number), ("Ngày:", fill.date), ("Chuyển:", fill.main)]
        for lab, val in rows:
            d.text((col, y), lab, font=font("sans", label), fill=255)
            value((col + font("sans", label).getlength(lab) + 14, y), val)
            y += pt(label) * 1.7
        return box, pen
    if style.startswith("centred"):
        # the second office's design: the receiver on top, VĂN BẢN ĐẾN centred under it, then
        # "Số đến: … Ngày: …" on one row; the long form adds the handling lines
        y += 4
        d.text((w / 2, y), "VĂN BẢN ĐẾN", font=font("sansb", label + 3), fill=255, anchor="ma")
        y += pt(label + 3) * 1.5
        x = 34
        d.text((x, y), "Số đến:", font=font("sans", label), fill=255)
        value((x + font("sans", label).getlength("Số đến:") + 12, y), fill.number)
        x2 = w * 0.52
        d.text((x2, y), "Ngày:", font=font("sans", label), fill=255)
        value((x2 + font("sans", label).getlength("Ngày:") + 12, y), fill.date)
        y += pt(label) * 1.5
        rows = [("Lãnh đạo:", fill.leader), ("Chỉ đạo:", fill.direction), ("Xử lý chính:", fill.main),
                ("Phối hợp:", fill.coordination)] if style == "centred" else [("Chuyển:", fill.main)]
        for lab, val in rows:
            d.text((34, y), lab, font=font("sans", label), fill=255)
            value((34 + font("sans", label).getlength(lab) + 14, y), val)
            y += pt(label) * 1.45
        return box, pen
    if style == "cv-den":
        # a small box some offices cut: the receiver, then "CV ĐẾN" at the left of Số and Ngày
        d.text((22, y + 6), "CV ĐẾN", font=font("sansb", 15), fill=255)
        rows(230, y, (("Số:", fill.number), ("Ngày:", fill.date)), 1.6)
        return box, pen
    if style == "portal":
        # an e-portal's stamp: its name, then "ĐẾN" with "Giờ:" and "Ngày:", no số đến
        d.text((22, y + 6), "ĐẾN", font=font("sansb", 16), fill=255)
        rows(170, y, (("Giờ:", fill.hour), ("Ngày:", fill.date)), 1.6)
        return box, pen
    if style == "nd30":
        d.text((22, y + 8), "ĐẾN", font=font("sansb", 18), fill=255)
        y = rows(210, y, (("Số:", fill.number), ("Ngày:", fill.date)), 1.6)
        rows(22, y, (("Chuyển:", fill.main), ("Số và ký hiệu HS:", None)), 1.6)
        return box, pen
    # "full": the agency's own CÔNG VĂN ĐẾN stamp with the handling lines
    d.text((22, y), "CÔNG VĂN ĐẾN", font=font("sansb", label + 1), fill=255)
    x2 = 22 + font("sansb", label + 1).getlength("CÔNG VĂN ĐẾN") + 24
    d.text((x2, y), "Số:", font=font("sans", label), fill=255)
    value((x2 + font("sans", label).getlength("Số:") + 12, y), fill.number)
    y += pt(label) * 1.45
    d.text((x2, y), "Ngày:", font=font("sans", label), fill=255)
    value((x2 + font("sans", label).getlength("Ngày:") + 12, y), fill.date)
    y += pt(label) * 1.45
    for lab, val in (("Lãnh đạo:", fill.leader), ("Chỉ đạo:", fill.direction),
                     ("Xử lý chính:", fill.main), ("Phối hợp:", fill.coordination)):
        d.text((22, y), lab, font=font("sans", label), fill=255)
        value((22 + font("sans", label).getlength(lab) + 14, y), val)
        y += pt(label) * 1.45
    return box, pen


def seal_cover(text: str, rng: random.Random) -> Image.Image:
    """A round red seal: double ring, text around, a star in the middle."""
    r = int(19 * MM)
    size = 2 * r + 10
    img = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(img)
    c = size / 2
    d.ellipse([c - r, c - r, c + r, c + r], outline=255, width=7)
    d.ellipse([c - r * 0.68, c - r * 0.68, c + r * 0.68, c + r * 0.68], outline=255, width=4)
    f = font("sansb", 10)
    chars = list(text)
    span = 300.0
    for i, ch in enumerate(chars):
        ang = math.radians(-150 + span * i / max(1, len(chars) - 1))
        gl = Image.new("L", (pt(12), pt(12)), 0)
        ImageDraw.Draw(gl).text((pt(6), pt(6)), ch, font=f, fill=255, anchor="mm")
        gl = gl.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BICUBIC)
        px = c + r * 0.84 * math.cos(ang) - gl.width / 2
        py = c + r * 0.84 * math.sin(ang) - gl.height / 2
        img.paste(255, (int(px), int(py)), gl)
    star = [(c + r * 0.3 * math.cos(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4),
             c + r * 0.3 * math.sin(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4)) for k in range(10)]
    d.polygon(star, fill=255)
    return img.rotate(rng.uniform(-30, 30), resample=Image.Resampling.BICUBIC)


def mark_cover(text: str) -> Image.Image:
    """A boxed red mark such as KHẨN or MẬT."""
    f = font("sansb", 14)
    w = int(f.getlength(text)) + 60
    h = pt(14) + 50
    img = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(img)
    d.rectangle([3, 3, w - 4, h - 4], outline=255, width=6)
    d.text((w / 2, h / 2), text, font=f, fill=255, anchor="mm")
    return img


# ---- scan damage ---------------------------------------------------------------------------

def photocopy(page: Image.Image, rng: random.Random) -> Image.Image:
    a = np.asarray(page, dtype=np.float32)
    h, w = a.shape[:2]
    level = rng.uniform(0.80, 0.90)
    grad = np.linspace(rng.uniform(0.94, 1.0), rng.uniform(0.94, 1.0), w, dtype=np.float32)[None, :, None]
    out = a * level * grad
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    specks = nrng.random((h, w)) < 0.0006
    out[specks] = out[specks] * 0.3
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def noise(page: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    a = np.asarray(page, dtype=np.float32)
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    g = nrng.normal(0, sigma, size=a.shape[:2]).astype(np.float32)[:, :, None]
    out = a + g
    specks = nrng.random(a.shape[:2]) < 0.0015
    out[specks] = 40
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def blur(page: Image.Image, radius: float) -> Image.Image:
    return page.filter(ImageFilter.GaussianBlur(radius))


def rotate(page: Image.Image, angle: float) -> Image.Image:
    """Counter-clockwise rotation by ``angle`` degrees, the canvas grown, white fill."""
    if angle in (90, 180, 270):
        return page.transpose({90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
                               270: Image.Transpose.ROTATE_270}[int(angle)])
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255))


def rescale(page: Image.Image, dpi: int) -> Image.Image:
    if dpi == 300:
        return page
    f = dpi / 300
    return page.resize((round(page.width * f), round(page.height * f)), Image.Resampling.LANCZOS)


# ---- real paper's traits (issue 20) ------------------------------------------------------------

def verso(front: Image.Image, rng: random.Random) -> Image.Image:
    """The blank back of ``front`` as a duplex scanner sees it: the print bleeds through faintly and
    the red seal more, both mirrored; paper noise."""
    a = np.asarray(front.convert("RGB"), dtype=np.float32)[:, ::-1]
    grey = a.mean(axis=2)
    chroma = a.max(axis=2) - a.min(axis=2)
    print_ink = (255 - grey) / 255 * 0.05                       # the print: a faint ghost
    seal_ink = np.clip(chroma / 160, 0, 1) * rng.uniform(0.25, 0.4)   # the seal's ink soaks through
    tone = np.array([215, 150, 160], dtype=np.float32)[None, None, :]
    out = 250 - print_ink[..., None] * 250
    out = out * (1 - seal_ink[..., None]) + tone * seal_ink[..., None]
    return noise(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)), rng, 3)


def photo(page: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo of the page: on a darker desk, seen at an angle (a perspective quadrilateral),
    light falling off across it, slightly blurred."""
    import cv2

    src = np.asarray(page.convert("RGB"))
    h, w = src.shape[:2]
    margin = int(0.08 * w)
    out_w, out_h = w + 2 * margin, h + 2 * margin
    jitter = [(rng.uniform(0, 0.05) * w, rng.uniform(0, 0.04) * h) for _ in range(4)]
    quad = np.float32([[margin + jitter[0][0], margin + jitter[0][1]],
                       [margin + w - jitter[1][0], margin + jitter[1][1]],
                       [margin + w - jitter[2][0], margin + h - jitter[2][1]],
                       [margin + jitter[3][0], margin + h - jitter[3][1]]])
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), quad)
    desk = tuple(int(v) for v in (rng.randint(70, 110), rng.randint(60, 95), rng.randint(50, 80)))
    warped = cv2.warpPerspective(src, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=desk)
    ys, xs = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    ramp = (xs * math.cos(angle) + ys * math.sin(angle)) / max(out_w, out_h)
    light = 1.0 - rng.uniform(0.15, 0.3) * (ramp - ramp.min()) / max(1e-6, float(ramp.max() - ramp.min()))
    lit = np.clip(warped.astype(np.float32) * light[..., None], 0, 255).astype(np.uint8)
    return blur(Image.fromarray(lit), rng.uniform(0.6, 1.0))
