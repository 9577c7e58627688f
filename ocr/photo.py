"""A phone photo of a page: the page's quadrilateral found, the perspective corrected, the light evened.

A clerk who photographs a letter holds the phone at an angle over a desk: the page is a
quadrilateral, lighter than what surrounds it, and the light falls off across it. Tesseract
reads lines of a straight page on an even ground, so the page is cut out and warped back to a
rectangle, then divided by its own paper's brightness. A scan (the page fills the frame, or
nothing darker surrounds it) is left as it is: nothing is applied that the page does not show
the need for.
"""

from __future__ import annotations

import cv2
import numpy as np

FIND_SIDE = 800          # px: the quadrilateral is looked for on a copy this long
MIN_PAGE = 0.3           # share of the photo the page covers at least
MAX_PAGE = 0.92          # a page covering more is a scan with its margins: nothing to correct
SURROUND_DARKER = 45.0   # grey levels the surround is darker than the page by, at least
APPROX = 0.02            # of the contour's perimeter: the tolerance of its four-corner outline
LIGHT_KERNEL = 0.04      # of the page's width: the window the paper's brightness is taken over


def page_quad(image: np.ndarray) -> np.ndarray | None:
    """The page's four corners (top-left, top-right, bottom-right, bottom-left; float32, in
    ``image``'s pixels) when ``image`` is a photo of a page on a darker surround, else None."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    f = FIND_SIDE / max(grey.shape)
    small = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else grey
    f = min(f, 1.0)
    blurred = cv2.GaussianBlur(small, (7, 7), 0)
    _, paper = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    corners = cv2.approxPolyDP(hull, APPROX * cv2.arcLength(hull, True), True)
    area = small.shape[0] * small.shape[1]
    if len(corners) != 4 or not MIN_PAGE * area <= cv2.contourArea(corners) <= MAX_PAGE * area:
        return None
    inside = np.zeros_like(small)
    cv2.fillConvexPoly(inside, corners.reshape(-1, 2), 255)
    if float(small[inside > 0].mean()) - float(small[inside == 0].mean()) < SURROUND_DARKER:
        return None
    return _ordered(corners.reshape(4, 2).astype(np.float32) / f)


def _ordered(points: np.ndarray) -> np.ndarray:
    total, diff = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(total)], points[np.argmin(diff)], points[np.argmax(total)],
                     points[np.argmax(diff)]], dtype=np.float32)


def flattened(image: np.ndarray) -> tuple[np.ndarray, bool]:
    """``image`` with a photographed page warped to a rectangle and its light evened; whether it was."""
    quad = page_quad(image)
    if quad is None:
        return image, False
    tl, tr, br, bl = quad
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    page = cv2.warpPerspective(image, cv2.getPerspectiveTransform(quad, target), (width, height),
                               flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    return even_light(page), True


def even_light(image: np.ndarray) -> np.ndarray:
    """Each pixel divided by the paper's brightness around it (the brightest ink-free level over a
    window larger than a letter), so light falling off across a photo leaves white paper white."""
    grey = image if image.ndim == 2 else image.max(axis=2)
    k = max(15, int(LIGHT_KERNEL * image.shape[1]) | 1)
    paper = cv2.GaussianBlur(cv2.dilate(grey, np.ones((k, k), np.uint8)), (k, k), 0).astype(np.float32)
    scale = 255.0 / np.maximum(paper, 1.0)
    if image.ndim == 3:
        scale = scale[..., None]
    return np.clip(image.astype(np.float32) * scale, 0, 255).astype(np.uint8)
